package io.gridscope.alerts.engine;

import static io.gridscope.alerts.engine.EngineHarness.aggregate;
import static io.gridscope.alerts.engine.EngineHarness.m;
import static io.gridscope.alerts.engine.EngineHarness.rule;
import static io.gridscope.alerts.engine.EngineHarness.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridscope.alerts.rules.Comparison;
import io.gridscope.alerts.rules.Condition;
import io.gridscope.alerts.rules.Condition.Aggregation;
import io.gridscope.alerts.rules.Condition.Operand.Arithmetic;
import io.gridscope.alerts.rules.Selector;
import io.gridscope.model.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What each kind of condition computes: windows, operands, guards, rate/increase/delta, absence, forecasts. */
class AlertEngineConditionTest {

    private static Labels gpu(String host, String uuid) {
        return Labels.of("host", host, "gpu_uuid", uuid);
    }

    // ------------------------------------------------------------------------------------------ windows

    @Test
    void avgOverTheWindow() {
        EngineHarness h =
                new EngineHarness(rule("Busy", aggregate("load_ratio", Aggregation.AVG, m(5), Comparison.GT, 0.5)));
        // 0.9 for one minute, then 0.1: the last value alone is quiet, the average is not yet.
        double[] values = {0.9, 0.9, 0.9, 0.1, 0.1};
        for (double v : values) {
            h.clock.advance(s(20));
            h.gauge("load_ratio", v);
        }
        Evaluation e = h.evaluate();
        assertThat(e.open())
                .singleElement()
                .satisfies(a -> assertThat(a.value()).isCloseTo(0.58, within(1e-9)));
        // Once the 0.9 samples leave the 5-minute window, the average is 0.1.
        for (int i = 0; i < 15; i++) {
            h.clock.advance(s(20));
            h.gauge("load_ratio", 0.1);
            h.evaluate();
        }
        assertThat(h.engine.openAlerts()).isEmpty();
    }

    @Test
    void avgLeavesOutSamplesOlderThanTheWindow() {
        EngineHarness h =
                new EngineHarness(rule("Busy", aggregate("load_ratio", Aggregation.AVG, m(1), Comparison.GT, 0.5)));
        h.gauge("load_ratio", 1.0);
        h.clock.advance(s(61));
        h.gauge("load_ratio", 0.4);
        h.clock.advance(s(1));
        h.gauge("load_ratio", 0.5);
        Evaluation e = h.evaluate();
        assertThat(e.open()).isEmpty();
        assertThat(e.rules().getFirst().health()).isEqualTo(RuleStatus.Health.OK);
    }

    @Test
    void maxKeepsASpikeForTheWindowOnly() {
        EngineHarness h =
                new EngineHarness(rule("Spike", aggregate("power_watts", Aggregation.MAX, m(2), Comparison.GT, 600)));
        h.gauge("power_watts", 650);
        assertThat(h.evaluate().open())
                .singleElement()
                .satisfies(a -> assertThat(a.value()).isEqualTo(650.0));
        h.clock.advance(s(30));
        h.gauge("power_watts", 300);
        assertThat(h.evaluate().open()).as("the spike is still in the window").hasSize(1);
        h.clock.advance(s(60));
        h.gauge("power_watts", 300);
        assertThat(h.evaluate().open()).hasSize(1);
        h.clock.advance(s(31));
        h.gauge("power_watts", 300);
        assertThat(h.evaluate().open())
                .as("the spike has left the 2-minute window")
                .isEmpty();
    }

    @Test
    void minOverTheWindow() {
        EngineHarness h =
                new EngineHarness(rule("Idle", aggregate("util_ratio", Aggregation.MIN, m(3), Comparison.GT, 0.2)));
        h.gauge("util_ratio", 0.1);
        h.clock.advance(s(60));
        h.gauge("util_ratio", 0.9);
        assertThat(h.evaluate().open()).as("min is 0.1").isEmpty();
        h.clock.advance(s(60));
        h.gauge("util_ratio", 0.8);
        h.clock.advance(s(61));
        h.gauge("util_ratio", 0.7);
        assertThat(h.evaluate().open())
                .singleElement()
                .satisfies(a -> assertThat(a.value()).isEqualTo(0.7));
    }

    @Test
    void lastIgnoresASampleOlderThanTheLookback() {
        EngineHarness h = new EngineHarness(rule("Hot", EngineHarness.threshold("temp_c", Comparison.GT, 80)));
        h.gauge("temp_c", 90);
        h.clock.advance(AlertEngine.LOOKBACK.plusMillis(1));
        Evaluation e = h.evaluate();
        assertThat(e.open()).isEmpty();
        assertThat(e.rules().getFirst().health()).isEqualTo(RuleStatus.Health.NO_DATA);
    }

    // ------------------------------------------------------------------------------------------ operand, guard

    private static Condition.Threshold withOperand(
            String subject, Arithmetic arithmetic, String operand, List<String> on, Comparison op, double value) {
        return new Condition.Threshold(
                Selector.parse(subject),
                Aggregation.LAST,
                Duration.ZERO,
                Optional.of(new Condition.Operand(Selector.parse(operand), arithmetic, on)),
                op,
                value,
                OptionalDouble.empty(),
                Optional.empty());
    }

    @Test
    void minusJoinsOnTheGivenLabels() {
        EngineHarness h = new EngineHarness(rule(
                "NearSlowdown",
                withOperand(
                        "temp_celsius",
                        Arithmetic.MINUS,
                        "slowdown_celsius",
                        List.of("host", "gpu_uuid"),
                        Comparison.GE,
                        -5)));
        h.gauge("temp_celsius", gpu("a", "GPU-1"), 86);
        h.gauge("temp_celsius", gpu("a", "GPU-2"), 70);
        h.gauge("temp_celsius", gpu("b", "GPU-1"), 88); // no partner: not evaluated
        h.gauge("slowdown_celsius", gpu("a", "GPU-1"), 89);
        h.gauge("slowdown_celsius", gpu("a", "GPU-2"), 89);
        h.gauge("slowdown_celsius", gpu("c", "GPU-1"), 80);
        Evaluation e = h.evaluate();
        assertThat(e.open()).singleElement().satisfies(a -> {
            assertThat(a.labels().get("host")).hasValue("a");
            assertThat(a.labels().get("gpu_uuid")).hasValue("GPU-1");
            assertThat(a.value()).isEqualTo(-3.0);
        });
        assertThat(e.rules().getFirst().seriesSeen()).isEqualTo(2);
    }

    @Test
    void dividedByJoinsOnASubsetOfTheLabels() {
        EngineHarness h = new EngineHarness(rule(
                "MemoryPressure",
                withOperand(
                        "mem_available_bytes",
                        Arithmetic.DIVIDED_BY,
                        "mem_total_bytes",
                        List.of("host"),
                        Comparison.LT,
                        0.05)));
        h.gauge("mem_available_bytes", Labels.of("host", "a", "numa", "0"), 3);
        h.gauge("mem_available_bytes", Labels.of("host", "a", "numa", "1"), 30);
        h.gauge("mem_available_bytes", Labels.of("host", "b", "numa", "0"), 1);
        h.gauge("mem_total_bytes", Labels.of("host", "a"), 100);
        h.gauge("mem_total_bytes", Labels.of("host", "b"), 0); // division by zero: no value, no alert
        Evaluation e = h.evaluate();
        assertThat(e.open()).singleElement().satisfies(a -> {
            assertThat(a.labels().get("numa")).hasValue("0");
            assertThat(a.labels().get("host")).hasValue("a");
            assertThat(a.value()).isEqualTo(0.03);
        });
        assertThat(e.rules().getFirst().seriesSeen()).isEqualTo(2);
    }

    @Test
    void anOperandWithAMissingJoinLabelMatchesOnlySeriesThatLackItToo() {
        // on = [host, mig_uuid]: a GPU's own series (no mig_uuid) pairs with the GPU's total, a MIG slice's with its
        // own.
        EngineHarness h = new EngineHarness(rule(
                "Full",
                withOperand(
                        "used_bytes",
                        Arithmetic.DIVIDED_BY,
                        "total_bytes",
                        List.of("host", "gpu_uuid", "mig_uuid"),
                        Comparison.GT,
                        0.9)));
        h.gauge("used_bytes", gpu("a", "GPU-1"), 10);
        h.gauge("total_bytes", gpu("a", "GPU-1"), 100);
        h.gauge("used_bytes", gpu("a", "GPU-1").with("mig_uuid", "MIG-1"), 19);
        h.gauge("total_bytes", gpu("a", "GPU-1").with("mig_uuid", "MIG-1"), 20);
        assertThat(h.evaluate().open()).singleElement().satisfies(a -> {
            assertThat(a.labels().get("mig_uuid")).hasValue("MIG-1");
            assertThat(a.value()).isEqualTo(0.95);
        });
    }

    @Test
    void guardMustHoldOnTheSameLabelsToo() {
        Condition.Threshold idleHolding = new Condition.Threshold(
                Selector.parse("util_ratio"),
                Aggregation.MAX,
                m(5),
                Optional.empty(),
                Comparison.LT,
                0.05,
                OptionalDouble.empty(),
                Optional.of(new Condition.Guard(
                        Selector.parse("mem_used_bytes"), Comparison.GT, 1024, List.of("host", "gpu_uuid"))));
        EngineHarness h = new EngineHarness(rule("IdleHolding", idleHolding));
        h.gauge("util_ratio", gpu("a", "GPU-1"), 0.0);
        h.gauge("util_ratio", gpu("a", "GPU-2"), 0.0);
        h.gauge("util_ratio", gpu("a", "GPU-3"), 0.0); // no guard series: not active
        h.gauge("util_ratio", gpu("a", "GPU-4"), 0.5);
        h.gauge("mem_used_bytes", gpu("a", "GPU-1"), 4096);
        h.gauge("mem_used_bytes", gpu("a", "GPU-2"), 512);
        h.gauge("mem_used_bytes", gpu("a", "GPU-4"), 4096);
        Evaluation e = h.evaluate();
        assertThat(e.open())
                .singleElement()
                .satisfies(a -> assertThat(a.labels().get("gpu_uuid")).hasValue("GPU-1"));
        assertThat(e.rules().getFirst().seriesSeen()).isEqualTo(4);

        h.clock.advance(s(30));
        h.gauge("util_ratio", gpu("a", "GPU-1"), 0.0);
        h.gauge("mem_used_bytes", gpu("a", "GPU-1"), 0);
        assertThat(h.evaluate().transitions())
                .as("the memory was freed")
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
    }

    // ------------------------------------------------------------------------------------------ change

    private static Condition.Change change(
            String series, Condition.Change.Function f, Duration w, Comparison op, double v) {
        return new Condition.Change(Selector.parse(series), f, w, op, v, OptionalDouble.empty());
    }

    @Test
    void increaseAndRateCountACounterResetAsAnIncreaseFromZero() {
        EngineHarness h = new EngineHarness(
                rule("Errors", change("errors_total", Condition.Change.Function.INCREASE, m(10), Comparison.GT, 30)),
                rule("ErrorRate", change("errors_total", Condition.Change.Function.RATE, m(10), Comparison.GT, 0.1)));
        Labels l = Labels.of("host", "a");
        double[] readings = {100, 110, 120, 5, 15}; // reset after 120: 10 + 10 + 5 + 10 = 35
        for (double v : readings) {
            h.counter("errors_total", l, v);
            h.clock.advance(s(60));
        }
        h.clock.advance(s(-60));
        Evaluation e = h.evaluate();
        assertThat(e.open())
                .filteredOn(a -> a.rule().equals("Errors"))
                .singleElement()
                .satisfies(a -> assertThat(a.value()).isEqualTo(35.0));
        assertThat(e.open())
                .filteredOn(a -> a.rule().equals("ErrorRate"))
                .singleElement()
                .satisfies(a -> assertThat(a.value()).isCloseTo(35.0 / 240, within(1e-12)));
    }

    @Test
    void increaseNeedsTwoReadingsAndSkipsReadingsThatAreNotNumbers() {
        EngineHarness h = new EngineHarness(
                rule("Errors", change("errors_total", Condition.Change.Function.INCREASE, m(10), Comparison.GT, 0)));
        Labels l = Labels.of("host", "a");
        h.counter("errors_total", l, 4);
        Evaluation one = h.evaluate();
        assertThat(one.open()).isEmpty();
        assertThat(one.rules().getFirst().health()).isEqualTo(RuleStatus.Health.NO_DATA);
        h.clock.advance(s(30));
        h.counter("errors_total", l, Double.NaN);
        h.clock.advance(s(30));
        h.counter("errors_total", l, 6);
        assertThat(h.evaluate().open())
                .as("a NaN reading is no reading: 4 -> 6")
                .singleElement()
                .satisfies(a -> assertThat(a.value()).isEqualTo(2.0));
    }

    @Test
    void increaseOfAnUnchangedCounterIsZero() {
        EngineHarness h = new EngineHarness(
                rule("Errors", change("errors_total", Condition.Change.Function.INCREASE, m(10), Comparison.GT, 0)));
        Labels l = Labels.of("host", "a");
        for (int i = 0; i < 5; i++) {
            h.counter("errors_total", l, 7);
            h.clock.advance(s(60));
        }
        Evaluation e = h.evaluate();
        assertThat(e.open()).isEmpty();
        assertThat(e.rules().getFirst().health()).isEqualTo(RuleStatus.Health.OK);
    }

    @Test
    void deltaIsNewestMinusOldestOfAGauge() {
        EngineHarness h = new EngineHarness(
                rule("Drop", change("free_bytes", Condition.Change.Function.DELTA, m(5), Comparison.LT, -50)),
                rule("Rise", change("free_bytes", Condition.Change.Function.DELTA, m(5), Comparison.GT, 0)));
        double[] readings = {100, 140, 90, 40}; // a gauge going down is not a reset
        for (double v : readings) {
            h.gauge("free_bytes", v);
            h.clock.advance(s(60));
        }
        h.clock.advance(s(-60));
        Evaluation e = h.evaluate();
        assertThat(e.open()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("Drop");
            assertThat(a.value()).isEqualTo(-60.0);
        });
    }

    @Test
    void deltaLooksOnlyAtTheWindow() {
        EngineHarness h = new EngineHarness(
                rule("Rise", change("swap_bytes", Condition.Change.Function.DELTA, m(2), Comparison.GT, 50)));
        h.gauge("swap_bytes", 0);
        h.clock.advance(s(150));
        h.gauge("swap_bytes", 100);
        h.clock.advance(s(30));
        h.gauge("swap_bytes", 120);
        assertThat(h.evaluate().open())
                .as("0 is outside the 2-minute window: 120 - 100")
                .isEmpty();
    }

    // ------------------------------------------------------------------------------------------ absence

    @Test
    void aSeriesThatStopsIsAbsentAfterStaleAfter() {
        EngineHarness h =
                new EngineHarness(rule("Stopped", new Condition.Absent(Selector.parse("pass_seconds"), m(2))));
        Labels a = Labels.of("collector", "nvml");
        Labels b = Labels.of("collector", "host");
        h.gauge("pass_seconds", a, 0.1);
        h.gauge("pass_seconds", b, 0.1);
        assertThat(h.evaluate().open()).isEmpty();
        // b keeps reporting, a stops.
        for (int i = 0; i < 3; i++) {
            h.clock.advance(s(30));
            h.gauge("pass_seconds", b, 0.1);
            assertThat(h.evaluate().open()).isEmpty();
        }
        h.clock.advance(s(30));
        h.gauge("pass_seconds", b, 0.1);
        Evaluation stale = h.evaluate();
        assertThat(stale.transitions()).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.alert().labels().get("collector")).hasValue("nvml");
            assertThat(t.alert().value()).isEqualTo(120.0);
            assertThat(t.alert().threshold()).isEqualTo(120.0);
        });
        h.clock.advance(s(30));
        h.gauge("pass_seconds", a, 0.1);
        h.gauge("pass_seconds", b, 0.1);
        assertThat(h.evaluate().transitions())
                .as("it reports again")
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void aMetricNeverSeenRaisesOneAlertOnceTheEngineHasRunStaleAfter() {
        EngineHarness h = new EngineHarness(rule(
                "NoScrape", new Condition.Absent(Selector.parse("scrape_up{job=\"dcgm\",instance=~\".*\"}"), m(2))));
        assertThat(h.evaluate().open()).isEmpty();
        assertThat(h.after(s(60)).open()).isEmpty();
        assertThat(h.after(s(59)).open()).as("119 s after the first evaluation").isEmpty();
        Evaluation absent = h.after(s(1));
        assertThat(absent.transitions()).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.alert().labels())
                    .as("the selector's fixed labels")
                    .isEqualTo(Labels.of("job", "dcgm", "alertname", "NoScrape", "severity", "warning"));
        });
        assertThat(h.after(s(30)).transitions())
                .as("once, not every evaluation")
                .isEmpty();
        assertThat(h.engine.openAlerts()).hasSize(1);
        assertThat(absent.rules().getFirst().health()).isEqualTo(RuleStatus.Health.OK);

        h.clock.advance(s(30));
        h.gauge("scrape_up", Labels.of("job", "dcgm", "instance", "x:9400"), 1);
        assertThat(h.evaluate().transitions())
                .singleElement()
                .extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void theEngineStartingLateDoesNotCountAsAbsence() {
        EngineHarness h = new EngineHarness(rule("NoScrape", new Condition.Absent(Selector.parse("scrape_up"), m(2))));
        h.clock.advance(Duration.ofHours(3));
        assertThat(h.evaluate().open())
                .as("the first evaluation starts the count")
                .isEmpty();
        assertThat(h.after(m(2)).open()).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------ forecast

    private static Condition.Predict fullWithin(Duration horizon) {
        return new Condition.Predict(
                Selector.parse("fs_available_bytes"), Duration.ofHours(1), horizon, Comparison.LE, 0);
    }

    @Test
    void aFallingFreeSpaceSeriesFiresAndAFlatOneDoesNot() {
        EngineHarness h = new EngineHarness(rule("FullSoon", fullWithin(Duration.ofHours(24))));
        Labels falling = Labels.of("host", "a", "mountpoint", "/data");
        Labels flat = Labels.of("host", "a", "mountpoint", "/");
        // 1 TB free, losing 20 GB an hour: empty in 50 h at first, then within 24 h.
        double free = 1e12;
        Evaluation last = null;
        for (int i = 0; i <= 60; i++) {
            h.gauge("fs_available_bytes", falling, free - i * (20e9 / 60));
            h.gauge("fs_available_bytes", flat, 5e11);
            last = h.evaluate();
            h.clock.advance(s(60));
        }
        assertThat(last.open()).as("after 1 h: about 980 GB left at 20 GB/h").isEmpty();
        assertThat(last.rules().getFirst().seriesSeen()).isEqualTo(2);

        // Now it falls at 50 GB an hour: within the day.
        double now = free - 60 * (20e9 / 60);
        for (int i = 1; i <= 60; i++) {
            h.gauge("fs_available_bytes", falling, now - i * (50e9 / 60));
            h.gauge("fs_available_bytes", flat, 5e11);
            last = h.evaluate();
            h.clock.advance(s(60));
        }
        assertThat(last.open()).singleElement().satisfies(a -> {
            assertThat(a.labels().get("mountpoint")).hasValue("/data");
            assertThat(a.value()).as("the forecast in 24 h").isLessThan(0);
        });
    }

    @Test
    void aForecastNeedsEnoughSamples() {
        EngineHarness h = new EngineHarness(rule("FullSoon", fullWithin(Duration.ofHours(24))));
        Labels l = Labels.of("host", "a", "mountpoint", "/data");
        h.gauge("fs_available_bytes", l, 100);
        h.clock.advance(s(60));
        h.gauge("fs_available_bytes", l, 50);
        Evaluation e = h.evaluate();
        assertThat(e.open()).as("two samples do not make a line").isEmpty();
        assertThat(e.rules().getFirst().health()).isEqualTo(RuleStatus.Health.NO_DATA);
        h.clock.advance(s(60));
        h.gauge("fs_available_bytes", l, 0);
        assertThat(h.evaluate().open())
                .as("three samples spanning 2 min of a 1 h window are not enough")
                .isEmpty();
        for (int i = 0; i < 14; i++) {
            h.clock.advance(s(60));
            h.gauge("fs_available_bytes", l, 0);
        }
        assertThat(h.evaluate().open())
                .as("15 min spanned: a quarter of the window")
                .hasSize(1);
    }
}
