/**
 * What the accounting pages share (Cost, Carbon, and the Overview's and Settings' accounting parts): {@link
 * io.gridscope.console.ui.accounting.AccountingActions} (the accounting, which runs off the FX thread), {@link
 * io.gridscope.console.ui.accounting.ReportViewModel} (period, group-by, comparison, drill-down, errors), the
 * controls, breadcrumb, methodology panel and day-by-day chart built on it, and {@link
 * io.gridscope.console.ui.accounting.AccountingFormats} (money only through {@code Money}). Depends on no page.
 */
package io.gridscope.console.ui.accounting;
