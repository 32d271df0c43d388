package io.gridscope.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.engine.AlertEngine;
import io.gridscope.alerts.engine.AlertInstance;
import io.gridscope.alerts.engine.AlertState;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.RuleStatus;
import io.gridscope.alerts.engine.Transition;
import io.gridscope.collectors.nvml.FakeNvml;
import io.gridscope.collectors.nvml.NvmlCollector;
import io.gridscope.model.Snapshot;
import io.gridscope.testsupport.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in GPU pack on the real {@link NvmlCollector} over the fake libnvidia-ml.so.1: scenario changes make each
 * rule fire and resolve, with the engine and the collector on one manual clock (a pass every 30 s). Without gcc the
 * fake is missing: skipped on a developer's machine, a failure under CI=true.
 */
class BuiltInGpuRulesOnFakeNvmlTest {
    private static final String H100 = "GPU-5a1c2d3e-0000-4000-8000-000000000000";
    private static final String H100_MIG = "GPU-6b2d3e4f-1111-4111-8111-111111111111";
    private static final String P4 = "GPU-7c3e4f50-2222-4222-8222-222222222222";
    private static final String MIG_B = "MIG-bbbbbbbb-0000-5000-8000-000000000002";
    /** The fake delivers each event id once per process. */
    private static final AtomicLong EVENT_IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFFL);

    private static final Duration STEP = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final List<Transition> transitions = new ArrayList<>();
    private NvmlCollector collector;
    private AlertEngine engine;
    private String scenario;
    private Evaluation last;

    @BeforeEach
    void setUp() {
        FakeNvml.library();
        // The three-GPU scenario, quiet: no clock event reasons on the H100.
        scenario = FakeNvml.set(FakeNvml.threeGpus(), "gpu.0.clock_reasons", "0x0");
        FakeNvml.write(scenario);
        collector = FakeNvml.collector(clock, 20);
        RuleSet rules = RuleFile.parse("""
                [packs]
                host = false
                sources = false
                accounting = false
                """, Path.of("alerts.toml"));
        assertThat(rules.problems()).isEmpty();
        assertThat(rules.enabledRules())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.pack()).isEqualTo(BuiltInRules.GPU));
        engine = new AlertEngine(rules);
        run(Duration.ofMinutes(10));
        assertThat(transitions).as("the quiet scenario raises nothing").isEmpty();
    }

    @AfterEach
    void tearDown() {
        if (collector != null) {
            collector.close();
        }
    }

    private void update(String key, String value) {
        scenario = FakeNvml.set(scenario, key, value);
        FakeNvml.write(scenario);
    }

    /** One pass STEP after the last: the snapshot goes to the engine, which evaluates at the same instant. */
    private List<Transition> pass() throws Exception {
        clock.advance(STEP);
        Snapshot s = collector.collect(clock.millis());
        engine.accept(s);
        last = engine.evaluate(clock.millis());
        transitions.addAll(last.transitions());
        return last.transitions();
    }

    private List<Transition> run(Duration total) {
        List<Transition> out = new ArrayList<>();
        try {
            for (long t = 0; t < total.toMillis(); t += STEP.toMillis()) {
                out.addAll(pass());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** Passes until {@code rule} has a transition to {@code to}; that transition, after how long it came. */
    private Transition until(String rule, AlertState to, Duration atMost) throws Exception {
        long start = clock.millis();
        while (clock.millis() - start < atMost.toMillis()) {
            for (Transition t : pass()) {
                if (t.alert().rule().equals(rule) && t.to() == to) {
                    return t;
                }
            }
        }
        throw new AssertionError(rule + " did not become " + to + " within " + atMost + "; transitions: " + transitions
                + "; open: " + engine.openAlerts());
    }

    private long since(long t) {
        return clock.millis() - t;
    }

    private static List<String> rulesOf(List<Transition> ts) {
        return ts.stream().map(t -> t.alert().rule() + ":" + t.to()).toList();
    }

    private void event(int gpu, String typeMask, long data) throws Exception {
        scenario += "event=" + EVENT_IDS.incrementAndGet() + ":" + gpu + ":" + typeMask + ":" + data
                + ":4294967295:4294967295\n";
        FakeNvml.write(scenario);
        assertThat(FakeNvml.pollEvents(collector, 500))
                .as("the fake delivers the event")
                .isTrue();
        while (FakeNvml.pollEvents(collector, 20)) {
            // drain anything else queued
        }
    }

    private static Optional<String> label(Transition t, String name) {
        return t.alert().labels().get(name);
    }

    // ------------------------------------------------------------------------------------------ throttling

    @Test
    void thermalThrottlingFiresAfterFiveMinutesOfMostlyThrottledClocksAndClearsAtTwentyPercent() throws Exception {
        update("gpu.0.clock_reasons", "0x20"); // SW thermal slowdown
        long start = clock.millis();
        Transition pending = until("GpuThermalThrottling", AlertState.PENDING, Duration.ofMinutes(5));
        assertThat(label(pending, "gpu_uuid")).hasValue(H100);
        assertThat(label(pending, "reason")).hasValue("sw_thermal_slowdown");
        Transition firing = until("GpuThermalThrottling", AlertState.FIRING, Duration.ofMinutes(6));
        assertThat(firing.alert().firedAtMillis() - firing.alert().activeSinceMillis())
                .isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(since(start)).isGreaterThan(Duration.ofMinutes(5).toMillis());
        assertThat(firing.alert().summary())
                .isEqualTo("GPU " + H100 + " (gpu-node-1) throttled for heat (sw_thermal_slowdown)");

        update("gpu.0.clock_reasons", "0x0");
        long cleared = clock.millis();
        assertThat(rulesOf(run(Duration.ofMinutes(2))))
                .as("avg still above clear (0.2)")
                .isEmpty();
        until("GpuThermalThrottling", AlertState.RESOLVED, Duration.ofMinutes(4));
        assertThat(since(cleared)).isGreaterThanOrEqualTo(Duration.ofMinutes(4).toMillis());
        assertThat(transitions).extracting(t -> t.alert().rule()).containsOnly("GpuThermalThrottling");
    }

    @Test
    void powerThrottlingFiresAfterTenMinutesAtThePowerCapAndResolves() throws Exception {
        update("gpu.0.clock_reasons", "0x4"); // SW power cap
        Transition pending = until("GpuPowerThrottling", AlertState.PENDING, Duration.ofMinutes(10));
        assertThat(label(pending, "reason")).hasValue("sw_power_cap");
        Transition firing = until("GpuPowerThrottling", AlertState.FIRING, Duration.ofMinutes(11));
        assertThat(firing.alert().firedAtMillis() - firing.alert().activeSinceMillis())
                .isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(firing.alert().severity()).isEqualTo(Severity.WARNING);

        update("gpu.0.clock_reasons", "0x80"); // a power brake now: the cap alert clears, the brake's rises
        until("GpuPowerThrottling", AlertState.RESOLVED, Duration.ofMinutes(10));
        assertThat(transitions)
                .filteredOn(t -> t.to() == AlertState.RESOLVED)
                .singleElement()
                .satisfies(t -> assertThat(label(t, "reason")).hasValue("sw_power_cap"));
        assertThat(transitions).extracting(t -> t.alert().rule()).containsOnly("GpuPowerThrottling");
    }

    // ------------------------------------------------------------------------------------------ events

    @Test
    void xidEventsFireByClassCountRepeatsAndResolveHalfAnHourAfterTheLast() throws Exception {
        event(0, "0x8", 79);
        event(0, "0x8", 13);
        List<Transition> first = pass();
        assertThat(first)
                .extracting(
                        t -> t.alert().rule() + ":" + label(t, "xid").orElseThrow() + ":" + t.from() + "->" + t.to())
                .containsExactlyInAnyOrder("GpuXidCritical:79:INACTIVE->FIRING", "GpuXid:13:INACTIVE->FIRING");
        assertThat(first)
                .filteredOn(t -> t.alert().rule().equals("GpuXidCritical"))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.alert().severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(label(t, "gpu_uuid")).hasValue(H100);
                    assertThat(t.alert().summary()).isEqualTo("XID 79 on GPU " + H100 + " (gpu-node-1), 1 time(s)");
                });
        assertThat(run(Duration.ofMinutes(5))).as("each event counts once").isEmpty();

        event(0, "0x8", 79);
        long lastCritical = clock.millis();
        assertThat(pass()).as("a repeat adds to the open alert").isEmpty();
        assertThat(engine.openAlerts())
                .filteredOn(a -> a.rule().equals("GpuXidCritical"))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.eventCount()).isEqualTo(2);
                    assertThat(a.summary()).endsWith(", 2 time(s)");
                });

        Transition plainResolved = until("GpuXid", AlertState.RESOLVED, Duration.ofMinutes(30));
        assertThat(plainResolved.alert().eventCount()).isEqualTo(1);
        Transition criticalResolved = until("GpuXidCritical", AlertState.RESOLVED, Duration.ofMinutes(10));
        assertThat(criticalResolved.alert().resolvedAtMillis() - lastCritical)
                .isBetween(
                        Duration.ofMinutes(30).toMillis(),
                        Duration.ofMinutes(30).plus(STEP).toMillis());
        assertThat(engine.openAlerts()).isEmpty();
    }

    @Test
    void aDoubleBitEccEventFiresAndResolves() throws Exception {
        long happened = clock.millis(); // the event is stamped when the collector reads it, before the next pass
        event(1, "0x2", 0);
        assertThat(pass()).singleElement().satisfies(t -> {
            assertThat(t.alert().rule()).isEqualTo("GpuEccDoubleBit");
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.alert().severity()).isEqualTo(Severity.CRITICAL);
            assertThat(label(t, "gpu_uuid")).hasValue(H100_MIG);
        });
        Transition resolved = until("GpuEccDoubleBit", AlertState.RESOLVED, Duration.ofMinutes(31));
        assertThat(resolved.alert().activeSinceMillis()).isEqualTo(happened);
        assertThat(since(happened))
                .isBetween(
                        Duration.ofMinutes(30).toMillis(),
                        Duration.ofMinutes(30).plus(STEP).toMillis());
    }

    // ------------------------------------------------------------------------------------------ memory errors

    @Test
    void anUncorrectedEccCounterIncreaseFiresAndResolvesOnceItLeavesTheWindowAndTheKeepPeriod() throws Exception {
        update("gpu.0.ecc_uncorrected", "2");
        List<Transition> fired = pass();
        assertThat(fired).singleElement().satisfies(t -> {
            assertThat(t.alert().rule()).isEqualTo("GpuEccUncorrected");
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.alert().value()).isEqualTo(2.0);
            assertThat(label(t, "type")).hasValue("uncorrected");
            assertThat(t.alert().summary())
                    .isEqualTo("2 uncorrected ECC error(s) on GPU " + H100 + " (gpu-node-1) in 10 min");
        });
        long start = clock.millis();
        // The increase stays in the 10-minute window, then keep_firing_for holds it 10 minutes more.
        until("GpuEccUncorrected", AlertState.RESOLVED, Duration.ofMinutes(21));
        assertThat(since(start))
                .isBetween(
                        Duration.ofMinutes(19).toMillis(),
                        Duration.ofMinutes(21).toMillis());
    }

    @Test
    void rowRemappingPendingAndFailure() throws Exception {
        update("gpu.0.remap_pending", "1");
        assertThat(rulesOf(pass())).containsExactly("GpuRowRemapPending:FIRING");
        update("gpu.0.remap_failure", "1");
        assertThat(pass()).singleElement().satisfies(t -> {
            assertThat(t.alert().rule()).isEqualTo("GpuRowRemapFailure");
            assertThat(t.alert().severity()).isEqualTo(Severity.CRITICAL);
            assertThat(label(t, "gpu_uuid")).hasValue(H100);
        });
        update("gpu.0.remap_pending", "0");
        update("gpu.0.remap_failure", "0");
        assertThat(rulesOf(pass()))
                .containsExactlyInAnyOrder("GpuRowRemapPending:RESOLVED", "GpuRowRemapFailure:RESOLVED");
    }

    // ------------------------------------------------------------------------------------------ lost

    @Test
    void aLostGpuFiresAndResolvesWhenItAnswersAgain() throws Exception {
        update("gpu.1.lost", "1");
        assertThat(pass()).singleElement().satisfies(t -> {
            assertThat(t.alert().rule()).isEqualTo("GpuLost");
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(label(t, "gpu_uuid")).hasValue(H100_MIG);
            assertThat(t.alert().summary()).isEqualTo("GPU " + H100_MIG + " on gpu-node-1 has fallen off the bus");
        });
        assertThat(run(Duration.ofMinutes(3)))
                .as("still lost, still the same alert")
                .isEmpty();
        update("gpu.1.lost", "0");
        assertThat(rulesOf(pass())).containsExactly("GpuLost:RESOLVED");
    }

    // ------------------------------------------------------------------------------------------ memory use

    @Test
    void memoryNearlyFullFiresAfterFiveMinutesAndClearsBelowNinetyPercent() throws Exception {
        long total = 85_520_809_984L;
        update("gpu.0.mem_used", Long.toString((long) (total * 0.97)));
        assertThat(rulesOf(pass())).containsExactly("GpuMemoryNearlyFull:PENDING");
        Transition firing = until("GpuMemoryNearlyFull", AlertState.FIRING, Duration.ofMinutes(5));
        assertThat(label(firing, "gpu_uuid")).hasValue(H100);
        assertThat(label(firing, "mig_uuid")).isEmpty();
        assertThat(firing.alert().summary()).isEqualTo("GPU " + H100 + " (gpu-node-1) memory 97\u00a0% full");

        update("gpu.0.mem_used", Long.toString((long) (total * 0.92)));
        assertThat(run(Duration.ofMinutes(3)))
                .as("92 % is above the clear threshold (90 %)")
                .isEmpty();
        update("gpu.0.mem_used", Long.toString((long) (total * 0.5)));
        assertThat(rulesOf(pass())).containsExactly("GpuMemoryNearlyFull:RESOLVED");
    }

    @Test
    void aNearlyFullMigSliceIsComparedWithItsOwnSize() throws Exception {
        // MIG B: 20 GiB, 19.5 GiB used. Its parent GPU (80 GB) and the other slice are far from full.
        update("mig.1.1.mem_used", Long.toString(19L * 1024 * 1024 * 1024 + 512L * 1024 * 1024));
        Transition firing = until("GpuMemoryNearlyFull", AlertState.FIRING, Duration.ofMinutes(6));
        assertThat(label(firing, "gpu_uuid")).hasValue(H100_MIG);
        assertThat(label(firing, "mig_uuid")).hasValue(MIG_B);
        assertThat(firing.alert().value()).isCloseTo(0.975, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(engine.openAlerts()).hasSize(1);
    }

    @Test
    void anIdleGpuHoldingMemoryIsReportedAfterHalfAnHour() throws Exception {
        // The P4 is idle (0 %) with 214 MiB in use: below the 1 GiB guard.
        update("gpu.2.mem_used", Long.toString(4L * 1024 * 1024 * 1024));
        Transition pending = until("GpuIdleHoldingMemory", AlertState.PENDING, Duration.ofMinutes(1));
        assertThat(label(pending, "gpu_uuid")).hasValue(P4);
        assertThat(pending.alert().severity()).isEqualTo(Severity.INFO);
        Transition firing = until("GpuIdleHoldingMemory", AlertState.FIRING, Duration.ofMinutes(31));
        assertThat(firing.alert().firedAtMillis() - firing.alert().activeSinceMillis())
                .isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(engine.openAlerts())
                .as("the MIG slices and the other GPUs are busy or hold no memory")
                .extracting(x -> x.labels().get("gpu_uuid").orElseThrow())
                .containsExactly(P4);

        update("gpu.2.util_gpu", "60");
        assertThat(rulesOf(pass())).containsExactly("GpuIdleHoldingMemory:RESOLVED");
    }

    // ------------------------------------------------------------------------------------------ temperature

    @Test
    void temperatureNearTheGpusOwnSlowdownFiresAndClearsThreeDegreesLower() throws Exception {
        // Slowdown at 89 °C (the scenario's gpu.0.temp_slowdown, published by the collector); the margin is 5 °C,
        // the clear 8 °C.
        assertThat(last.rules())
                .filteredOn(r -> r.rule().equals("GpuTemperatureNearSlowdown"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.health()).isEqualTo(RuleStatus.Health.OK);
                    assertThat(r.seriesSeen())
                            .as("both H100s have a slowdown temperature (the P4 none)")
                            .isEqualTo(2);
                });
        update("gpu.0.temp", "83");
        assertThat(pass()).as("6 °C below slowdown").isEmpty();
        update("gpu.0.temp", "86");
        assertThat(rulesOf(pass())).containsExactly("GpuTemperatureNearSlowdown:PENDING");
        Transition firing = until("GpuTemperatureNearSlowdown", AlertState.FIRING, Duration.ofMinutes(1));
        assertThat(firing.alert().value()).isEqualTo(-3.0);
        assertThat(firing.alert().summary())
                .isEqualTo("GPU " + H100 + " (gpu-node-1) is -3 °C from its slowdown temperature");

        update("gpu.0.temp", "82");
        assertThat(run(Duration.ofMinutes(2)))
                .as("-7 °C is above the clear threshold (-8 °C)")
                .isEmpty();
        update("gpu.0.temp", "81");
        assertThat(rulesOf(pass())).containsExactly("GpuTemperatureNearSlowdown:RESOLVED");
    }

    @Test
    void everyGpuRuleHasBeenExercised() {
        List<String> gpuRules = BuiltInRules.gpu(BuiltInRules.Settings.defaults()).stream()
                .map(Rule::name)
                .toList();
        assertThat(gpuRules)
                .containsExactlyInAnyOrder(
                        "GpuTemperatureNearSlowdown",
                        "GpuXidCritical",
                        "GpuXid",
                        "GpuEccDoubleBit",
                        "GpuEccUncorrected",
                        "GpuRowRemapFailure",
                        "GpuRowRemapPending",
                        "GpuThermalThrottling",
                        "GpuPowerThrottling",
                        "GpuLost",
                        "GpuMemoryNearlyFull",
                        "GpuIdleHoldingMemory");
        assertThat(engine.openAlerts()).extracting(AlertInstance::rule).isEmpty();
    }
}
