/**
 * The Reports page: {@link io.gridscope.console.ui.reports.ReportsPage} (choices, preview, export), {@link
 * io.gridscope.console.ui.reports.ReportsViewModel} (the report asked for, one job at a time, what became of an
 * export), {@link io.gridscope.console.ui.reports.ReportsPeriod}, and the pieces a report document is shown with:
 * {@link io.gridscope.console.ui.reports.DocumentTable}, {@link io.gridscope.console.ui.reports.DocumentChart},
 * {@link io.gridscope.console.ui.reports.DocumentTexts} (every figure as the exports write it). What the page asks of
 * the reports, which are built and written off the FX thread, is {@link
 * io.gridscope.console.ui.reports.ReportsActions}; where an export goes, {@link
 * io.gridscope.console.ui.reports.ExportDialog}.
 */
package io.gridscope.console.ui.reports;
