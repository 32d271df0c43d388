/**
 * Alerts page: the local alerts (firing, pending, acknowledged, snoozed, resolved in the last days) with filters,
 * the fleet's alerts and silences from Alertmanager, the detail of one alert (its series around the alert, the rule,
 * the actions taken), the on-call actions (acknowledge, snooze, silence), the rules editor (validated as it is
 * typed, rules in force with their health, a preview over the stored history), and the window's notifications of
 * new firing alerts. Logic in {@link io.gridscope.console.ui.alerts.AlertsViewModel} and {@link
 * io.gridscope.console.ui.alerts.RulesEditorViewModel}; everything they ask of the alert service goes through
 * {@link io.gridscope.console.ui.alerts.AlertsBackend}, whose answers arrive on the FX thread.
 */
package io.gridscope.console.ui.alerts;
