package io.gridscope.alerts.engine;

import static io.gridscope.alerts.engine.EngineHarness.m;
import static io.gridscope.alerts.engine.EngineHarness.rule;
import static io.gridscope.alerts.engine.EngineHarness.rules;
import static io.gridscope.alerts.engine.EngineHarness.s;
import static io.gridscope.alerts.engine.EngineHarness.threshold;
import static io.gridscope.alerts.engine.EngineHarness.transitions;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.rules.Comparison;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.Severity;
import io.gridscope.model.Labels;
import io.gridscope.model.Snapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The life of an alert: inactive → pending → firing → resolved, with {@code for}, keep_firing_for, hysteresis. */
class AlertEngineStateTest {

    @Test
    void forZeroFiresAtOnceAndResolvesWhenTheConditionStops() {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80)));
        h.gauge("temp_c", 85);
        Evaluation first = h.evaluate();
        assertThat(first.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.INACTIVE);
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.alert().activeSinceMillis()).isEqualTo(EngineHarness.T0);
            assertThat(t.alert().firedAtMillis()).isEqualTo(EngineHarness.T0);
            assertThat(t.alert().value()).isEqualTo(85.0);
            assertThat(t.alert().threshold()).isEqualTo(80.0);
        });
        assertThat(first.open())
                .singleElement()
                .extracting(AlertInstance::state)
                .isEqualTo(AlertState.FIRING);

        h.clock.advance(s(30));
        h.gauge("temp_c", 86);
        Evaluation still = h.evaluate();
        assertThat(still.transitions()).isEmpty();
        assertThat(h.only().value()).as("the value follows the series").isEqualTo(86.0);

        h.clock.advance(s(30));
        h.gauge("temp_c", 70);
        Evaluation resolved = h.evaluate();
        assertThat(resolved.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.FIRING);
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.alert().firedAtMillis()).isEqualTo(EngineHarness.T0);
            assertThat(t.alert().resolvedAtMillis()).isEqualTo(EngineHarness.T0 + 60_000);
        });
        assertThat(resolved.open()).isEmpty();
    }

    @Test
    void pendingUntilForHasPassedThenFiringThenResolved() {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80), m(2), Duration.ZERO));
        h.gauge("temp_c", 85);
        Evaluation first = h.evaluate();
        assertThat(first.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.INACTIVE);
            assertThat(t.to()).isEqualTo(AlertState.PENDING);
            assertThat(t.alert().firedAtMillis()).isZero();
        });

        List<Evaluation> waiting = h.hold("temp_c", 85, s(30), s(90));
        assertThat(transitions(waiting)).as("still waiting out for").isEmpty();
        assertThat(h.only().state()).isEqualTo(AlertState.PENDING);

        Evaluation fired = h.after(s(30));
        assertThat(fired.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.PENDING);
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.alert().activeSinceMillis()).isEqualTo(EngineHarness.T0);
            assertThat(t.alert().firedAtMillis()).isEqualTo(EngineHarness.T0 + 120_000);
        });

        h.clock.advance(s(30));
        h.gauge("temp_c", 60);
        assertThat(h.evaluate().transitions())
                .singleElement()
                .satisfies(t -> assertThat(t.to()).isEqualTo(AlertState.RESOLVED));
    }

    @Test
    void aPendingAlertWhoseConditionStopsIsDroppedAndStartsAfreshLater() {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80), m(2), Duration.ZERO));
        h.gauge("temp_c", 85);
        h.evaluate();
        h.clock.advance(m(1));
        h.gauge("temp_c", 70);
        Evaluation dropped = h.evaluate();
        assertThat(dropped.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.PENDING);
            assertThat(t.to()).isEqualTo(AlertState.INACTIVE);
        });
        assertThat(dropped.open()).isEmpty();

        h.clock.advance(m(1));
        h.gauge("temp_c", 90);
        Evaluation again = h.evaluate();
        assertThat(again.transitions()).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.PENDING);
            assertThat(t.alert().activeSinceMillis()).isEqualTo(h.now());
        });
        assertThat(transitions(h.hold("temp_c", 90, s(30), s(90)))).isEmpty();
        assertThat(h.after(s(30)).transitions())
                .singleElement()
                .satisfies(t -> assertThat(t.to()).isEqualTo(AlertState.FIRING));
    }

    @Test
    void keepFiringForHoldsAFlappingAlertAndResolvesAfterThePeriod() {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80), Duration.ZERO, m(5)));
        h.gauge("temp_c", 85);
        assertThat(h.evaluate().transitions()).hasSize(1);
        long lastActive = h.now();
        // Flapping: below for 2 minutes, above again, for half an hour.
        for (int i = 0; i < 10; i++) {
            h.clock.advance(s(60));
            h.gauge("temp_c", 70);
            assertThat(h.evaluate().transitions()).isEmpty();
            h.clock.advance(s(60));
            h.gauge("temp_c", 70);
            assertThat(h.evaluate().transitions()).isEmpty();
            h.clock.advance(s(60));
            h.gauge("temp_c", 85);
            assertThat(h.evaluate().transitions()).as("flap %d", i).isEmpty();
            lastActive = h.now();
        }
        assertThat(h.only().state()).isEqualTo(AlertState.FIRING);
        assertThat(h.only().firedAtMillis()).isEqualTo(EngineHarness.T0);

        // Quiet from now on: resolves keep_firing_for after the last active evaluation, not before.
        List<Evaluation> quiet = h.hold("temp_c", 70, s(30), s(270));
        assertThat(transitions(quiet)).isEmpty();
        Evaluation resolved = h.after(s(30));
        long expectedResolvedAt = lastActive + m(5).toMillis();
        assertThat(h.now()).isEqualTo(expectedResolvedAt);
        assertThat(resolved.transitions()).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.alert().resolvedAtMillis()).isEqualTo(expectedResolvedAt);
        });
    }

    @Test
    void hysteresisKeepsARisingAlertUntilTheValueFallsToClear() {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80, 75)));
        h.gauge("temp_c", 79);
        assertThat(h.evaluate().transitions()).isEmpty();
        h.clock.advance(s(10));
        h.gauge("temp_c", 81);
        assertThat(h.evaluate().transitions())
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.FIRING);
        for (double v : new double[] {79, 77, 75.5}) {
            h.clock.advance(s(10));
            h.gauge("temp_c", v);
            assertThat(h.evaluate().transitions()).as("%s is above clear", v).isEmpty();
        }
        h.clock.advance(s(10));
        h.gauge("temp_c", 75);
        assertThat(h.evaluate().transitions())
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
        // A new alert needs the trigger threshold again, not merely the clear one.
        h.clock.advance(s(10));
        h.gauge("temp_c", 79);
        assertThat(h.evaluate().transitions()).isEmpty();
        h.clock.advance(s(10));
        h.gauge("temp_c", 80.5);
        assertThat(h.evaluate().transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.INACTIVE);
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
        });
    }

    @Test
    void hysteresisOfAFallingAlert() {
        EngineHarness h = new EngineHarness(rule("LowFree", threshold("free_ratio", Comparison.LT, 0.05, 0.07)));
        h.gauge("free_ratio", 0.04);
        assertThat(h.evaluate().transitions()).hasSize(1);
        h.clock.advance(s(10));
        h.gauge("free_ratio", 0.06);
        assertThat(h.evaluate().transitions()).isEmpty();
        h.clock.advance(s(10));
        h.gauge("free_ratio", 0.07);
        assertThat(h.evaluate().transitions())
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
        h.clock.advance(s(10));
        h.gauge("free_ratio", 0.06);
        assertThat(h.evaluate().transitions()).isEmpty();
    }

    @Test
    void aPendingAlertUsesTheTriggerThresholdNotClear() {
        EngineHarness h =
                new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80, 75), m(1), Duration.ZERO));
        h.gauge("temp_c", 81);
        assertThat(h.evaluate().transitions())
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.PENDING);
        h.clock.advance(s(30));
        h.gauge("temp_c", 78);
        assertThat(h.evaluate().transitions())
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.INACTIVE);
    }

    @Test
    void eachLabelSetIsItsOwnAlertWithLabelsSeverityAndFilledTemplates() {
        Rule r = new Rule(
                "Hot",
                "",
                threshold("temp_c{host=~\"gpu-.*\"}", Comparison.GT, 0.8),
                Duration.ZERO,
                Duration.ZERO,
                Severity.CRITICAL,
                Labels.of("team", "ml"),
                "{{ $labels.host }} at {{ $value }} ({{ $percent }}), limit {{ $threshold }}{{ $labels.nope }}",
                "team {{ $labels.team }}, {{ $unknown }}",
                "https://runbooks.example/hot",
                true,
                Optional.empty());
        EngineHarness h = new EngineHarness(r);
        h.gauge("temp_c", Labels.of("host", "gpu-01"), 0.91234);
        h.gauge("temp_c", Labels.of("host", "gpu-02"), 0.5);
        h.gauge("temp_c", Labels.of("host", "cpu-01"), 0.99);
        Evaluation e = h.evaluate();
        assertThat(e.transitions()).singleElement().satisfies(t -> {
            AlertInstance a = t.alert();
            assertThat(a.labels())
                    .isEqualTo(Labels.of("host", "gpu-01", "team", "ml", "alertname", "Hot", "severity", "critical"));
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.fingerprint()).isEqualTo(AlertInstance.fingerprint("Hot", a.labels()));
            assertThat(a.summary()).isEqualTo("gpu-01 at 0.9123 (91.23\u00a0%), limit 0.8");
            assertThat(a.description()).isEqualTo("team ml, {{ $unknown }}");
            assertThat(a.runbook()).isEqualTo("https://runbooks.example/hot");
        });
        assertThat(e.rules()).singleElement().satisfies(st -> {
            assertThat(st.health()).isEqualTo(RuleStatus.Health.OK);
            assertThat(st.seriesSeen()).isEqualTo(2);
            assertThat(st.active()).isEqualTo(1);
        });
        h.clock.advance(s(10));
        h.gauge("temp_c", Labels.of("host", "gpu-01"), 0.95);
        h.gauge("temp_c", Labels.of("host", "gpu-02"), 0.85);
        Evaluation next = h.evaluate();
        assertThat(next.transitions())
                .singleElement()
                .satisfies(t -> assertThat(t.alert().labels().get("host")).hasValue("gpu-02"));
        assertThat(next.open())
                .filteredOn(a -> a.labels().get("host").orElseThrow().equals("gpu-01"))
                .singleElement()
                .satisfies(a -> assertThat(a.summary()).startsWith("gpu-01 at 0.95 (95\u00a0%)"));
    }

    @Test
    void noDataWhileNoSeriesExistsAndOkOnceOneDoes() {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80)));
        Evaluation empty = h.evaluate();
        assertThat(empty.rules()).singleElement().satisfies(st -> {
            assertThat(st.health()).isEqualTo(RuleStatus.Health.NO_DATA);
            assertThat(st.detail()).contains("temp_c").contains("5 min");
            assertThat(st.seriesSeen()).isZero();
        });
        h.clock.advance(s(10));
        h.gauge("other_c", 1);
        assertThat(h.evaluate().rules().getFirst().health()).isEqualTo(RuleStatus.Health.NO_DATA);
        h.clock.advance(s(10));
        h.gauge("temp_c", 20);
        assertThat(h.evaluate().rules()).singleElement().satisfies(st -> {
            assertThat(st.health()).isEqualTo(RuleStatus.Health.OK);
            assertThat(st.seriesSeen()).isEqualTo(1);
            assertThat(st.active()).isZero();
        });
        // A series with no sample in the lookback is no data again.
        assertThat(h.after(m(6)).rules().getFirst().health()).isEqualTo(RuleStatus.Health.NO_DATA);
    }

    @Test
    void aFiringAlertWhoseSeriesStopsResolves() {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80)));
        h.gauge("temp_c", 90);
        h.evaluate();
        assertThat(h.after(m(4)).transitions()).isEmpty();
        assertThat(h.after(m(2)).transitions())
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void removingOrSwitchingOffARuleResolvesItsFiringAlertsAndDropsPendingOnes() {
        Rule firing = rule("Firing", threshold("temp_c", Comparison.GT, 80));
        Rule pending = rule("Pending", threshold("temp_c", Comparison.GT, 80), m(10), Duration.ZERO);
        Rule other = rule("Other", threshold("temp_c", Comparison.GT, 50));
        EngineHarness h = new EngineHarness(firing, pending, other);
        h.gauge("temp_c", 90);
        assertThat(h.evaluate().open()).hasSize(3);

        h.engine.setRules(rules(firing.withEnabled(false), other));
        h.clock.advance(s(10));
        h.gauge("temp_c", 90);
        Evaluation e = h.evaluate();
        assertThat(e.transitions())
                .extracting(t -> t.alert().rule() + ":" + t.from() + "->" + t.to())
                .containsExactlyInAnyOrder("Firing:FIRING->RESOLVED", "Pending:PENDING->INACTIVE");
        assertThat(e.transitions())
                .filteredOn(t -> t.to() == AlertState.RESOLVED)
                .singleElement()
                .satisfies(t -> assertThat(t.alert().resolvedAtMillis()).isEqualTo(h.now()));
        assertThat(e.open()).extracting(AlertInstance::rule).containsExactly("Other");
        assertThat(e.rules())
                .filteredOn(st -> st.rule().equals("Firing"))
                .singleElement()
                .extracting(RuleStatus::health)
                .isEqualTo(RuleStatus.Health.DISABLED);
        // Switched on again: a new alert, fired afresh.
        h.engine.setRules(rules(firing, other));
        h.clock.advance(s(10));
        h.gauge("temp_c", 90);
        assertThat(h.evaluate().transitions())
                .singleElement()
                .satisfies(t -> assertThat(t.from()).isEqualTo(AlertState.INACTIVE));
    }

    @Test
    void replacingTheRulesKeepsTheStateOfRulesThatRemain() {
        Rule hot = rule("Hot", threshold("temp_c", Comparison.GT, 80), m(2), Duration.ZERO);
        EngineHarness h = new EngineHarness(hot);
        h.gauge("temp_c", 90);
        h.evaluate();
        h.engine.setRules(rules(hot, rule("Cold", threshold("temp_c", Comparison.LT, 0))));
        assertThat(transitions(h.hold("temp_c", 90, s(30), s(90)))).isEmpty();
        assertThat(h.after(s(30)).transitions())
                .singleElement()
                .satisfies(t -> assertThat(t.from()).isEqualTo(AlertState.PENDING));
    }

    @Test
    void restoredFiringAlertsDoNotFireAgain() {
        Rule r = new Rule(
                "Hot",
                "",
                threshold("temp_c", Comparison.GT, 80),
                Duration.ZERO,
                Duration.ZERO,
                Severity.CRITICAL,
                Labels.of("team", "ml"),
                "{{ $labels.host }} at {{ $value }}",
                "",
                "",
                true,
                Optional.empty());
        EngineHarness before = new EngineHarness(r);
        before.gauge("temp_c", Labels.of("host", "a", "gpu_uuid", "GPU-1"), 90);
        before.gauge("temp_c", Labels.of("host", "b", "gpu_uuid", "GPU-2"), 95);
        List<AlertInstance> persisted = before.evaluate().open();
        assertThat(persisted).hasSize(2);

        // A new process: the same rules, the alerts read back from the database.
        EngineHarness after = new EngineHarness(r);
        after.clock.advance(m(1));
        after.engine.restore(persisted);
        assertThat(after.engine.openAlerts()).hasSize(2);
        after.gauge("temp_c", Labels.of("host", "a", "gpu_uuid", "GPU-1"), 91);
        after.gauge("temp_c", Labels.of("host", "b", "gpu_uuid", "GPU-2"), 70);
        Evaluation e = after.evaluate();
        assertThat(e.transitions())
                .as("no INACTIVE -> FIRING for an alert already firing")
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.from()).isEqualTo(AlertState.FIRING);
                    assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
                    assertThat(t.alert().labels().get("host")).hasValue("b");
                });
        assertThat(e.open()).singleElement().satisfies(a -> {
            assertThat(a.labels().get("host")).hasValue("a");
            assertThat(a.firedAtMillis()).isEqualTo(EngineHarness.T0);
            assertThat(a.value()).isEqualTo(91.0);
        });
    }

    @Test
    void restoredPendingAlertsKeepTheirStartAndResolvedOnesAreIgnored() {
        Rule r = rule("Hot", threshold("temp_c", Comparison.GT, 80), m(5), Duration.ZERO);
        EngineHarness before = new EngineHarness(r);
        before.gauge("temp_c", 90);
        List<AlertInstance> persisted = before.evaluate().open();
        AlertInstance old = persisted.getFirst().with(AlertState.RESOLVED, 1, 2);

        EngineHarness after = new EngineHarness(r);
        after.clock.advance(m(3));
        after.engine.restore(List.of(persisted.getFirst(), old));
        after.gauge("temp_c", 90);
        assertThat(after.evaluate().transitions()).isEmpty();
        assertThat(after.after(m(2)).transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.PENDING);
            assertThat(t.alert().activeSinceMillis()).isEqualTo(EngineHarness.T0);
        });
    }

    @Test
    void restoreFindsAnAlertWhoseRuleLabelReplacedASeriesLabel() {
        // The rule's own label "host" overrides the series' host: the stored labels cannot give the series back.
        Rule r = new Rule(
                "Hot",
                "",
                threshold("temp_c", Comparison.GT, 80),
                Duration.ZERO,
                Duration.ZERO,
                Severity.WARNING,
                Labels.of("host", "cluster-a"),
                "",
                "",
                "",
                true,
                Optional.empty());
        EngineHarness before = new EngineHarness(r);
        before.gauge("temp_c", Labels.of("host", "node-7", "gpu_uuid", "GPU-1"), 90);
        List<AlertInstance> persisted = before.evaluate().open();

        EngineHarness after = new EngineHarness(r);
        after.engine.restore(persisted);
        after.clock.advance(m(1));
        after.gauge("temp_c", Labels.of("host", "node-7", "gpu_uuid", "GPU-1"), 90);
        assertThat(after.evaluate().transitions()).isEmpty();
        assertThat(after.engine.openAlerts()).singleElement().satisfies(a -> {
            assertThat(a.firedAtMillis()).isEqualTo(EngineHarness.T0);
            assertThat(a.fingerprint()).isEqualTo(persisted.getFirst().fingerprint());
        });
        after.clock.advance(m(1));
        after.gauge("temp_c", Labels.of("host", "node-7", "gpu_uuid", "GPU-1"), 20);
        assertThat(after.evaluate().transitions())
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
        assertThat(after.engine.openAlerts()).isEmpty();
    }

    @Test
    void restoreBeforeTheRulesAreLoaded() {
        Rule r = new Rule(
                "Hot",
                "",
                threshold("temp_c", Comparison.GT, 80),
                Duration.ZERO,
                Duration.ZERO,
                Severity.WARNING,
                Labels.of("team", "ml"),
                "",
                "",
                "",
                true,
                Optional.empty());
        EngineHarness before = new EngineHarness(r);
        before.gauge("temp_c", 90);
        List<AlertInstance> persisted = before.evaluate().open();

        EngineHarness after = new EngineHarness();
        after.engine.restore(persisted);
        after.engine.setRules(rules(r));
        after.clock.advance(m(1));
        after.gauge("temp_c", 90);
        assertThat(after.evaluate().transitions()).isEmpty();
        assertThat(after.engine.openAlerts()).singleElement().satisfies(a -> {
            assertThat(a.fingerprint()).isEqualTo(persisted.getFirst().fingerprint());
            assertThat(a.firedAtMillis()).isEqualTo(EngineHarness.T0);
        });
    }

    @Test
    void aFullQueueDropsAndCountsSnapshots() {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80)));
        Snapshot s = Snapshot.of("test", h.now(), List.of());
        for (int i = 0; i < AlertEngine.MAX_QUEUED_SNAPSHOTS + 7; i++) {
            h.engine.accept(s);
        }
        assertThat(h.engine.droppedSnapshots()).isEqualTo(7);
        h.evaluate();
        h.gauge("temp_c", 90);
        assertThat(h.engine.droppedSnapshots())
                .as("room again after an evaluation")
                .isEqualTo(7);
        assertThat(h.after(s(1)).open()).hasSize(1);
    }

    @Test
    void samplesAreTakenFromSnapshotsOfAnyThread() throws Exception {
        EngineHarness h = new EngineHarness(rule("Hot", threshold("temp_c", Comparison.GT, 80)));
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            String host = "h" + i;
            threads[i] = Thread.ofPlatform().start(() -> {
                for (int k = 0; k < 100; k++) {
                    h.gauge("temp_c", Labels.of("host", host), 81 + k);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(h.evaluate().open()).hasSize(4);
        assertThat(h.engine.droppedSnapshots()).isZero();
    }
}
