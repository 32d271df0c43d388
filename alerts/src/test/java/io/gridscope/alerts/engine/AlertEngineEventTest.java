package io.gridscope.alerts.engine;

import static io.gridscope.alerts.engine.EngineHarness.m;
import static io.gridscope.alerts.engine.EngineHarness.rules;
import static io.gridscope.alerts.engine.EngineHarness.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.rules.BuiltInRules;
import io.gridscope.alerts.rules.Condition;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.Severity;
import io.gridscope.model.Labels;
import io.gridscope.model.TelemetryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Event rules: each event counts once; repeats add to one alert; the alert resolves keep_firing_for later. */
class AlertEngineEventTest {

    private static Rule xidRule(Duration keep) {
        return new Rule(
                "Xid",
                "",
                new Condition.Event("gpu_xid", List.of()),
                Duration.ZERO,
                keep,
                Severity.CRITICAL,
                Labels.EMPTY,
                "XID {{ $labels.xid }} on {{ $labels.gpu_uuid }}, {{ $value }} time(s)",
                "",
                "",
                true,
                Optional.empty());
    }

    @Test
    void anEventFiresAtOnceAndCountsInExactlyOneEvaluation() {
        EngineHarness h = new EngineHarness(xidRule(m(30)));
        h.events(h.xid("GPU-1", "79"));
        Evaluation first = h.evaluate();
        assertThat(first.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.INACTIVE);
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.alert().eventCount()).isEqualTo(1);
            assertThat(t.alert().value()).isEqualTo(1.0);
            assertThat(t.alert().summary()).isEqualTo("XID 79 on GPU-1, 1 time(s)");
        });
        for (int i = 0; i < 5; i++) {
            Evaluation later = h.after(s(10));
            assertThat(later.transitions()).isEmpty();
            assertThat(h.only().eventCount()).as("not sticky").isEqualTo(1);
        }
        assertThat(first.rules().getFirst().seriesSeen()).isEqualTo(1);
    }

    @Test
    void repeatsOfTheSameXidAddToOneAlertAndDifferentXidsAreSeparate() {
        EngineHarness h = new EngineHarness(xidRule(m(30)));
        h.events(h.xid("GPU-1", "79"));
        h.evaluate();
        h.clock.advance(s(10));
        h.events(h.xid("GPU-1", "79"), h.xid("GPU-1", "79"));
        h.clock.advance(s(5));
        h.events(h.xid("GPU-1", "79"));
        Evaluation e = h.evaluate();
        assertThat(e.transitions()).as("no new alert for a repeat").isEmpty();
        assertThat(h.only().eventCount()).isEqualTo(4);
        assertThat(h.only().value()).isEqualTo(4.0);
        assertThat(h.only().summary()).isEqualTo("XID 79 on GPU-1, 4 time(s)");

        h.clock.advance(s(10));
        h.events(h.xid("GPU-1", "13"), h.xid("GPU-2", "79"));
        Evaluation other = h.evaluate();
        assertThat(other.transitions())
                .extracting(t -> t.alert().labels().get("gpu_uuid").orElseThrow() + "/"
                        + t.alert().labels().get("xid").orElseThrow())
                .containsExactlyInAnyOrder("GPU-1/13", "GPU-2/79");
        assertThat(other.open()).hasSize(3);
        assertThat(other.open())
                .filteredOn(a -> a.labels().get("xid").orElseThrow().equals("79")
                        && a.labels().get("gpu_uuid").orElseThrow().equals("GPU-1"))
                .singleElement()
                .extracting(AlertInstance::eventCount)
                .isEqualTo(4);
    }

    @Test
    void severalEventsInOneEvaluationMakeOneAlertActiveFromTheFirst() {
        EngineHarness h = new EngineHarness(xidRule(m(30)));
        long first = h.now();
        h.events(h.xid("GPU-1", "79"));
        h.clock.advance(s(20));
        h.events(h.xid("GPU-1", "79"));
        long last = h.now();
        h.clock.advance(s(5));
        Evaluation e = h.evaluate();
        assertThat(e.transitions()).singleElement().satisfies(t -> {
            assertThat(t.alert().eventCount()).isEqualTo(2);
            assertThat(t.alert().activeSinceMillis()).as("the first event").isEqualTo(first);
            assertThat(t.alert().lastActiveMillis()).as("the last event").isEqualTo(last);
            assertThat(t.alert().firedAtMillis()).isEqualTo(h.now());
        });
    }

    @Test
    void anEventAlertResolvesKeepFiringForAfterTheLastEvent() {
        EngineHarness h = new EngineHarness(xidRule(m(30)));
        h.events(h.xid("GPU-1", "79"));
        h.evaluate();
        h.clock.advance(m(20));
        long lastEvent = h.now();
        h.events(h.xid("GPU-1", "79"));
        h.clock.advance(s(15)); // delivered a little after it happened
        h.evaluate();
        assertThat(h.only().lastActiveMillis()).isEqualTo(lastEvent);
        while (h.now() + 60_000 < lastEvent + m(30).toMillis()) {
            assertThat(h.after(s(60)).transitions()).isEmpty();
        }
        h.clock.set(lastEvent + m(30).toMillis() - 1);
        assertThat(h.evaluate().transitions()).isEmpty();
        h.clock.set(lastEvent + m(30).toMillis());
        assertThat(h.evaluate().transitions()).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.alert().eventCount()).isEqualTo(2);
            assertThat(t.alert().resolvedAtMillis()).isEqualTo(h.now());
        });
        // A later event is a new alert.
        h.clock.advance(m(1));
        h.events(h.xid("GPU-1", "79"));
        assertThat(h.evaluate().transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.INACTIVE);
            assertThat(t.alert().eventCount()).isEqualTo(1);
        });
    }

    @Test
    void builtInXidRulesSplitCriticalAndPlainXids() {
        List<Rule> gpu = BuiltInRules.all(BuiltInRules.Settings.defaults()).stream()
                .filter(r -> r.name().startsWith("GpuXid") || r.name().equals("GpuEccDoubleBit"))
                .toList();
        EngineHarness h = new EngineHarness();
        h.engine.setRules(rules(gpu.toArray(Rule[]::new)));
        h.events(
                h.xid("GPU-1", "79"),
                h.xid("GPU-1", "13"),
                h.xid("GPU-1", "119"),
                h.xid("GPU-1", "31"),
                new TelemetryEvent(
                        "gpu_ecc_double_bit",
                        Labels.of("host", "a", "gpu_uuid", "GPU-1"),
                        h.now(),
                        TelemetryEvent.Severity.CRITICAL,
                        "DBE"),
                new TelemetryEvent(
                        "gpu_recovered",
                        Labels.of("host", "a", "gpu_uuid", "GPU-1"),
                        h.now(),
                        TelemetryEvent.Severity.INFO,
                        "back"));
        Evaluation e = h.evaluate();
        assertThat(e.open())
                .extracting(a -> a.rule() + ":" + a.labels().get("xid").orElse("-") + ":"
                        + a.severity().label())
                .containsExactlyInAnyOrder(
                        "GpuXidCritical:79:critical",
                        "GpuXidCritical:119:critical",
                        "GpuXid:13:warning",
                        "GpuXid:31:warning",
                        "GpuEccDoubleBit:-:critical");
        assertThat(e.rules()).allSatisfy(st -> assertThat(st.health()).isEqualTo(RuleStatus.Health.OK));
    }

    @Test
    void anEventRuleWithoutEventsIsHealthyNotNoData() {
        EngineHarness h = new EngineHarness(xidRule(m(30)));
        assertThat(h.evaluate().rules()).singleElement().satisfies(st -> {
            assertThat(st.health()).isEqualTo(RuleStatus.Health.OK);
            assertThat(st.seriesSeen()).isZero();
        });
    }
}
