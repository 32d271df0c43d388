/**
 * Alertmanager, the on-call team's shared state: {@link io.gridscope.alerts.alertmanager.AlertmanagerClient} speaks
 * its API v2 (bounded, typed failures, credentials never shown); {@link
 * io.gridscope.alerts.alertmanager.AlertmanagerMirror} pushes Gridscope's own alerts to it (firing and resolved,
 * queued with backoff while it is down, nothing lost), reads its alerts and silences into an {@link
 * io.gridscope.alerts.alertmanager.AmView} for the Alerts page, and acknowledges an alert by a silence that matches
 * exactly that alert ({@link io.gridscope.alerts.alertmanager.Acknowledgement}), which every console connected to the
 * same Alertmanager reads back. Independent of the rule engine: it takes {@link
 * io.gridscope.alerts.alertmanager.LocalAlert}s from a supplier, and keeps what it acknowledged in an {@link
 * io.gridscope.alerts.alertmanager.AckLedger} that the database may implement.
 */
package io.gridscope.alerts.alertmanager;
