/**
 * The window around the pages: header (title, host selector, time range), sidebar, error banner, status bar
 * ({@link io.gridscope.console.ui.shell.MainView}), and the state every page shares: page, range, theme, host shown,
 * collector statuses, history health ({@link io.gridscope.console.ui.shell.ShellViewModel}). Knows no page: they are
 * handed to {@code MainView} one factory per {@link io.gridscope.console.ui.shell.Page}.
 */
package io.gridscope.console.ui.shell;
