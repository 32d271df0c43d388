/**
 * Settings page: theme, sampling interval, data directory, Prometheus endpoint, retention and size cap. Validation
 * and what is saved in {@link io.gridscope.console.ui.settings.SettingsViewModel}; the settings are written off the
 * FX thread.
 */
package io.gridscope.console.ui.settings;
