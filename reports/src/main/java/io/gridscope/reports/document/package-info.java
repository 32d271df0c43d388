/**
 * Reports as documents: a {@link io.gridscope.reports.document.ReportDocument} holds a report's key figures,
 * tables, charts and methodology as typed, already rounded values, built once from the accounting (or the alert
 * history) by {@link io.gridscope.reports.document.ReportBuilder}; every format (CSV, XLSX, PDF, JSON, the terminal
 * table) writes that same document, so a figure reads the same in each. FOCUS cost data is written from the
 * accounting's charges instead (see {@code io.gridscope.reports.focus}).
 */
package io.gridscope.reports.document;
