/**
 * Overview page: every known host with its current CPU and memory, a CPU sparkline over the range and its source's
 * health ({@link io.gridscope.console.ui.overview.OverviewViewModel}, one {@link
 * io.gridscope.console.ui.overview.HostSummary} per host), and every host's GPUs (a section the GPUs page builds).
 */
package io.gridscope.console.ui.overview;
