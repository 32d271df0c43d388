package io.gridscope.alerts.engine;

import io.gridscope.alerts.rules.Comparison;
import io.gridscope.alerts.rules.Condition;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.alerts.rules.Selector;
import io.gridscope.alerts.rules.Severity;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An engine, its rules and a manual clock; samples and events are stamped with the clock's time. Public for the
 * built-in pack tests in {@code io.gridscope.alerts.rules}.
 */
public final class EngineHarness {
    public static final long T0 = 1_700_000_000_000L;

    public final ManualClock clock = new ManualClock(T0);
    AlertEngine engine;

    EngineHarness(Rule... rules) {
        engine = new AlertEngine(rules(rules));
    }

    public EngineHarness(RuleSet rules) {
        engine = new AlertEngine(rules);
    }

    public AlertEngine engine() {
        return engine;
    }

    static RuleSet rules(Rule... rules) {
        return new RuleSet(Arrays.asList(rules), Map.of(), RuleSet.DEFAULT_ESCALATE_AFTER, List.of(), Optional.empty());
    }

    public long now() {
        return clock.millis();
    }

    /** Advances the clock by {@code by} and evaluates. */
    public Evaluation after(Duration by) {
        clock.advance(by);
        return engine.evaluate(clock.millis());
    }

    public Evaluation evaluate() {
        return engine.evaluate(clock.millis());
    }

    EngineHarness gauge(String metric, Labels labels, double value) {
        engine.accept(Snapshot.of(
                "test", now(), List.of(new Sample(SeriesId.gauge(metric, Unit.NONE, labels), now(), value))));
        return this;
    }

    EngineHarness gauge(String metric, double value) {
        return gauge(metric, Labels.of("host", "a"), value);
    }

    EngineHarness counter(String metric, Labels labels, double value) {
        engine.accept(Snapshot.of(
                "test", now(), List.of(new Sample(SeriesId.counter(metric, Unit.NONE, labels), now(), value))));
        return this;
    }

    EngineHarness events(TelemetryEvent... events) {
        engine.accept(new Snapshot("test", now(), List.of(), List.of(events)));
        return this;
    }

    TelemetryEvent xid(String gpu, String xid) {
        return new TelemetryEvent(
                "gpu_xid",
                Labels.of("host", "a", "gpu_uuid", gpu, "xid", xid),
                now(),
                TelemetryEvent.Severity.CRITICAL,
                "XID " + xid);
    }

    /** Feeds {@code value} every {@code step} for {@code total}, evaluating after each sample; the evaluations. */
    List<Evaluation> hold(String metric, double value, Duration step, Duration total) {
        List<Evaluation> out = new ArrayList<>();
        for (long t = 0; t < total.toMillis(); t += step.toMillis()) {
            clock.advance(step);
            gauge(metric, value);
            out.add(evaluate());
        }
        return out;
    }

    AlertInstance only() {
        List<AlertInstance> open = engine.openAlerts();
        if (open.size() != 1) {
            throw new AssertionError("expected one open alert, got " + open);
        }
        return open.getFirst();
    }

    static Rule rule(String name, Condition c, Duration forDuration, Duration keepFiringFor) {
        return new Rule(
                name,
                "",
                c,
                forDuration,
                keepFiringFor,
                Severity.WARNING,
                Labels.EMPTY,
                "",
                "",
                "",
                true,
                Optional.empty());
    }

    static Rule rule(String name, Condition c) {
        return rule(name, c, Duration.ZERO, Duration.ZERO);
    }

    static Condition.Threshold threshold(String selector, Comparison op, double value) {
        return new Condition.Threshold(
                Selector.parse(selector),
                Condition.Aggregation.LAST,
                Duration.ZERO,
                Optional.empty(),
                op,
                value,
                OptionalDouble.empty(),
                Optional.empty());
    }

    static Condition.Threshold threshold(String selector, Comparison op, double value, double clear) {
        return new Condition.Threshold(
                Selector.parse(selector),
                Condition.Aggregation.LAST,
                Duration.ZERO,
                Optional.empty(),
                op,
                value,
                OptionalDouble.of(clear),
                Optional.empty());
    }

    static Condition.Threshold aggregate(
            String selector, Condition.Aggregation agg, Duration window, Comparison op, double value) {
        return new Condition.Threshold(
                Selector.parse(selector),
                agg,
                window,
                Optional.empty(),
                op,
                value,
                OptionalDouble.empty(),
                Optional.empty());
    }

    static List<Transition> transitions(List<Evaluation> evaluations) {
        return evaluations.stream().flatMap(e -> e.transitions().stream()).toList();
    }

    static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    static Duration m(long minutes) {
        return Duration.ofMinutes(minutes);
    }
}
