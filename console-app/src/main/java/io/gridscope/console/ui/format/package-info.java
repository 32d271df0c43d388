/**
 * How values read on every page ({@link io.gridscope.console.ui.format.Formats}: percent, GiB, bytes, collector
 * states, a host's origin; absent is "N/A", never 0) and the small building blocks of tables and forms.
 */
package io.gridscope.console.ui.format;
