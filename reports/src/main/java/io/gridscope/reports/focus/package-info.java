/**
 * The accounting as a FOCUS 1.2 cost and usage dataset (FinOps Open Cost and Usage Specification): {@link
 * io.gridscope.reports.focus.FocusExport} streams the engine's charges into CSV rows per resource, charge period and
 * allocation, with energy and carbon in {@code x_} columns.
 */
package io.gridscope.reports.focus;
