/**
 * The window around the pages: header (title, host selector, time range), sidebar, error banner, status bar
 * ({@link io.gridscope.console.ui.shell.MainView}), and the state every page shares: page, range, theme, host shown,
 * collector statuses, history health ({@link io.gridscope.console.ui.shell.ShellViewModel}), and the About box (F1,
 * {@link io.gridscope.console.ui.shell.AboutDialog} over {@link io.gridscope.console.ui.shell.AboutDetails}) with the
 * app icon ({@link io.gridscope.console.ui.shell.AppIcons}). Knows no page: they are handed to {@code MainView} one
 * factory per {@link io.gridscope.console.ui.shell.Page}.
 */
package io.gridscope.console.ui.shell;
