/**
 * Sources page: every collector with its state, the history database's health, and the form that adds, tests, edits
 * and removes Prometheus sources. Validation and saving in {@link io.gridscope.console.ui.sources.SourcesViewModel};
 * the data path behind {@link io.gridscope.console.ui.sources.SourceActions} (the controller, off the FX thread).
 */
package io.gridscope.console.ui.sources;
