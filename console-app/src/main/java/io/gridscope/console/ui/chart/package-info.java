/**
 * Charts shared by the pages: the canvas {@link io.gridscope.console.ui.chart.TimeSeriesChart} (min/max decimation,
 * zoom, legend, per-pulse redraw budget), {@link io.gridscope.console.ui.chart.Sparkline}, their view models
 * ({@link io.gridscope.console.ui.chart.ChartSpec}, {@link io.gridscope.console.ui.chart.ChartViewModel},
 * {@link io.gridscope.console.ui.chart.TimeSeriesViewModel}) and {@link io.gridscope.console.ui.chart.Charts}, which
 * binds one to the other and to the shell's range and theme.
 */
package io.gridscope.console.ui.chart;
