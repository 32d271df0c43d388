package io.gridscope.alerts.engine;

/** An alert that changed state in one evaluation: {@code from} → {@code alert.state()}. */
public record Transition(AlertState from, AlertInstance alert) {
    public AlertState to() {
        return alert.state();
    }
}
