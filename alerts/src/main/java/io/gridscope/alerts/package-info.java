/** Alerting: rules over the telemetry, their states, on-call actions, notifications and the Alertmanager mirror. */
package io.gridscope.alerts;
