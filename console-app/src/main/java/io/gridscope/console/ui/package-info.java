/**
 * The JavaFX console. This root package composes it: {@link io.gridscope.console.ui.ConsoleLauncher} (settings in,
 * settings out, on the main thread), {@link io.gridscope.console.ui.GridscopeApp} (builds and shows the window),
 * {@link io.gridscope.console.ui.ConsoleController} (every backend call, on the {@code gridscope-console-io} thread;
 * results to the FX thread through {@code fx.FxBatcher}), {@link io.gridscope.console.ui.MainViewModel} (feeds each
 * page's view model) and {@link io.gridscope.console.ui.ConsolePages} (which view each page shows).
 *
 * <p>Each page lives in a package of its own with its view and its view model: {@code overview}, {@code gpus},
 * {@code hosts}, {@code netstorage}, {@code cost}, {@code carbon}, {@code reports}, {@code sources}, {@code settings}.
 * A page depends on {@code shell} (the window's state), {@code chart}, {@code format}, {@code accounting} (what the
 * accounting pages share), {@code fx} and {@code app}, never on another page nor on this package; what two pages share
 * moves to one of the shared packages. {@link io.gridscope.console.ui.AccountingController} connects the accounting
 * pages to the console's accounting, which runs on its own thread, and {@link io.gridscope.console.ui.ReportsController}
 * the Reports page to the console's reports, which run on theirs. {@code ArchitectureTest} checks this, that the
 * packages are free of cycles, and that no view code does I/O, not even while it is built.
 */
package io.gridscope.console.ui;
