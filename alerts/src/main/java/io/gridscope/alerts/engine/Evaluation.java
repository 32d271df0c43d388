package io.gridscope.alerts.engine;

import java.util.List;

/** What one evaluation cycle did: the state changes, every open alert after it, and each rule's health. */
public record Evaluation(
        long atMillis, List<Transition> transitions, List<AlertInstance> open, List<RuleStatus> rules, long nanos) {
    public Evaluation {
        transitions = List.copyOf(transitions);
        open = List.copyOf(open);
        rules = List.copyOf(rules);
    }
}
