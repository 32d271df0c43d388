package io.gridscope.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridscope.alerts.engine.AlertInstance;
import io.gridscope.alerts.engine.AlertState;
import io.gridscope.alerts.engine.EngineHarness;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.RuleStatus;
import io.gridscope.alerts.engine.Transition;
import io.gridscope.collectors.Collector;
import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.host.HostFileSystemCollector;
import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.collectors.scheduler.CollectorScheduler;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in host, sources and accounting packs on the series their producers publish, with the engine on a manual
 * clock (a pass every 30 s): every rule of the three packs has a scenario that makes it go pending (where it has a
 * {@code for}), firing, and resolved when the condition ends. A rule added to a pack without a scenario here fails
 * {@link #everyRuleOfThePacksFiresAndResolves}.
 *
 * <p>The series, metric names and label sets as published:
 *
 * <ul>
 *   <li>{@link HostCpuMemoryCollector}: {@code host_memory_total_bytes}, {@code host_memory_available_bytes},
 *       {@code host_swap_used_bytes} on {@code {host}};
 *   <li>{@link HostFileSystemCollector}: {@code host_filesystem_size_bytes}, {@code
 *       host_filesystem_available_bytes} on {@code {host, mountpoint, fstype, device}};
 *   <li>{@link ScrapeManager}: {@code gridscope_scrape_up} on {@code {target, instance}};
 *   <li>{@link CollectorScheduler} (the real one, driven pass by pass): {@code
 *       gridscope_collector_pass_duration_seconds} on {@code {collector}};
 *   <li>the console's {@code Alerting.selfSnapshot} (console-app, not on this module's class path):
 *       {@code gridscope_history_write_ok}, {@code gridscope_data_dir_available_bytes} (gauges) and {@code
 *       gridscope_history_dropped_samples_total} (a counter of the writer's dropped samples and events) on {@code
 *       {host}};
 *   <li>{@code AccountingSignals} (reports, not on this module's class path): {@code budget_used_ratio}, {@code
 *       budget_forecast_ratio} on {@code {host, owner, period}}, {@code idle_cost_today} on {@code {host,
 *       currency}}.
 * </ul>
 *
 * {@link #theFedSeriesAreTheOnesTheCollectorsPublish} checks the collectors' label sets against the real collectors.
 */
class BuiltInHostSourceAccountingRulesTest {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final String HOST = "gpu-node-1";
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double GB = 1e9;
    private static final String RULES = """
            [packs]
            gpu = false

            [settings]
            idle_cost_per_day_limit = 50
            """;

    // ---------------------------------------------------------------------------------------- the producers' series

    private static final Labels HOST_LABELS = Labels.of("host", HOST);
    private static final SeriesId MEM_TOTAL =
            SeriesId.gauge(HostCpuMemoryCollector.MEMORY_TOTAL, Unit.BYTES, HOST_LABELS);
    private static final SeriesId MEM_AVAILABLE =
            SeriesId.gauge(HostCpuMemoryCollector.MEMORY_AVAILABLE, Unit.BYTES, HOST_LABELS);
    private static final SeriesId SWAP_USED = SeriesId.gauge(HostCpuMemoryCollector.SWAP_USED, Unit.BYTES, HOST_LABELS);
    private static final Labels FS_LABELS =
            HOST_LABELS.with("mountpoint", "/data").with("fstype", "ext4").with("device", "/dev/nvme0n1p2");
    private static final SeriesId FS_SIZE = SeriesId.gauge(HostFileSystemCollector.SIZE, Unit.BYTES, FS_LABELS);
    private static final SeriesId FS_AVAILABLE =
            SeriesId.gauge(HostFileSystemCollector.AVAILABLE, Unit.BYTES, FS_LABELS);
    private static final SeriesId SCRAPE_UP = SeriesId.gauge(
            ScrapeManager.UP_METRIC, Unit.NONE, Labels.of("target", "node-b", "instance", "10.0.0.12:9100"));
    private static final SeriesId WRITE_OK = SeriesId.gauge("gridscope_history_write_ok", Unit.NONE, HOST_LABELS);
    private static final SeriesId DROPPED =
            SeriesId.counter("gridscope_history_dropped_samples_total", Unit.NONE, HOST_LABELS);
    private static final SeriesId DATA_DIR_AVAILABLE =
            SeriesId.gauge("gridscope_data_dir_available_bytes", Unit.BYTES, HOST_LABELS);
    private static final Labels BUDGET_LABELS =
            HOST_LABELS.with("owner", "team vision").with("period", "month");
    private static final SeriesId BUDGET_USED = SeriesId.gauge("budget_used_ratio", Unit.RATIO, BUDGET_LABELS);
    private static final SeriesId BUDGET_FORECAST = SeriesId.gauge("budget_forecast_ratio", Unit.RATIO, BUDGET_LABELS);
    private static final SeriesId IDLE_COST_TODAY =
            SeriesId.gauge("idle_cost_today", Unit.NONE, HOST_LABELS.with("currency", "EUR"));

    private EngineHarness h;
    private ScheduledExecutorService executor;
    private CollectorScheduler scheduler;
    /** The last value of each series, published again every pass (absent: not published). */
    private final Map<SeriesId, Double> world = new LinkedHashMap<>();
    /** The pass-duration series the real scheduler publishes for {@link #collector}, from its first pass. */
    private SeriesId passDuration;

    private final ScriptedCollector collector = new ScriptedCollector();
    /** Whether the scheduler runs {@link #collector} every pass (else {@link #world} alone is published). */
    private boolean schedulerRuns = true;

    private final List<Transition> transitions = new ArrayList<>();

    /** A collector whose passes succeed or fail as the scenario says; the scheduler adds its pass duration. */
    private static final class ScriptedCollector implements Collector {
        volatile boolean failing;

        @Override
        public String id() {
            return "host";
        }

        @Override
        public String displayName() {
            return "Host CPU & memory";
        }

        @Override
        public Snapshot collect(long epochMillis) {
            if (failing) {
                throw new IllegalStateException("/proc unreadable");
            }
            return Snapshot.of(id(), epochMillis, List.of());
        }
    }

    @BeforeEach
    void setUp() {
        RuleSet rules = RuleFile.parse(RULES, Path.of("alerts.toml"));
        assertThat(rules.problems()).isEmpty();
        assertThat(rules.enabledRules())
                .extracting(Rule::name)
                .as("the three packs, IdleCostHigh on with a limit")
                .containsExactlyInAnyOrderElementsOf(
                        packRules().stream().map(Rule::name).toList());
        h = new EngineHarness(rules);
        executor = Executors.newSingleThreadScheduledExecutor();
        scheduler = new CollectorScheduler(h.clock, executor); // never started: passes run on runPass
        scheduler.register(collector, STEP);
        scheduler.addSink(s -> {
            for (Sample x : s.samples()) {
                if (x.series().metric().equals(CollectorScheduler.PASS_DURATION_METRIC)) {
                    passDuration = x.series();
                }
            }
            h.engine().accept(s);
        });

        // A healthy host, sources and accounting.
        world.put(MEM_TOTAL, 64 * GIB);
        world.put(MEM_AVAILABLE, 40 * GIB);
        world.put(SWAP_USED, 1 * GIB);
        world.put(FS_SIZE, 1000 * GB);
        world.put(FS_AVAILABLE, 500 * GB);
        world.put(SCRAPE_UP, 1.0);
        world.put(WRITE_OK, 1.0);
        world.put(DROPPED, 3.0);
        world.put(DATA_DIR_AVAILABLE, 200 * GIB);
        world.put(BUDGET_USED, 0.4);
        world.put(BUDGET_FORECAST, 0.7);
        world.put(IDLE_COST_TODAY, 12.5);

        run(Duration.ofMinutes(70));
        assertThat(transitions).as("a healthy hour raises nothing").isEmpty();
        assertThat(passDuration).isNotNull();
        assertThat(passDuration.labels()).isEqualTo(Labels.of("collector", "host"));
        assertThat(h.evaluate().rules())
                .filteredOn(r -> r.health() != RuleStatus.Health.DISABLED)
                .extracting(RuleStatus::rule)
                .containsExactlyInAnyOrderElementsOf(packRuleNames().toList());
        assertThat(h.evaluate().rules())
                .filteredOn(r -> r.health() != RuleStatus.Health.DISABLED)
                .as("every rule sees its series (no rule reads a name or label nobody publishes)")
                .allSatisfy(r -> {
                    assertThat(r.health()).as(r.rule()).isEqualTo(RuleStatus.Health.OK);
                    assertThat(r.seriesSeen()).as(r.rule()).isPositive();
                });
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        executor.shutdownNow();
    }

    static List<Rule> packRules() {
        BuiltInRules.Settings s = BuiltInRules.Settings.defaults();
        s = new BuiltInRules.Settings(
                s.gpuTemperatureMarginCelsius(),
                s.filesystemFullWithin(),
                s.idleGpuAfter(),
                s.gpuMemoryNearlyFullRatio(),
                s.collectorPassBudget(),
                java.util.OptionalDouble.of(50));
        List<Rule> out = new ArrayList<>();
        out.addAll(BuiltInRules.host(s));
        out.addAll(BuiltInRules.sources(s));
        out.addAll(BuiltInRules.accounting(s));
        return out;
    }

    static Stream<String> packRuleNames() {
        return packRules().stream().map(Rule::name);
    }

    // ---------------------------------------------------------------------------------------------- driving

    /** One pass STEP after the last: the world's series and the scheduler's pass, then an evaluation. */
    private List<Transition> pass() {
        h.clock.advance(STEP);
        long now = h.now();
        List<Sample> samples = new ArrayList<>();
        world.forEach((id, v) -> samples.add(new Sample(id, now, v)));
        h.engine().accept(Snapshot.of("test", now, samples));
        if (schedulerRuns) {
            scheduler.runPass(collector.id());
        }
        Evaluation e = h.evaluate();
        transitions.addAll(e.transitions());
        return e.transitions();
    }

    private List<Transition> run(Duration total) {
        List<Transition> out = new ArrayList<>();
        for (long t = 0; t < total.toMillis(); t += STEP.toMillis()) {
            out.addAll(pass());
        }
        return out;
    }

    /** Passes until {@code rule} has a transition to {@code to}; that transition. */
    private Transition until(String rule, AlertState to, Duration atMost) {
        long start = h.now();
        while (h.now() - start < atMost.toMillis()) {
            for (Transition t : pass()) {
                if (t.alert().rule().equals(rule) && t.to() == to) {
                    return t;
                }
            }
        }
        throw new AssertionError(rule + " did not become " + to + " within " + atMost + "; transitions: " + transitions
                + "; open: " + h.engine().openAlerts());
    }

    private static List<Transition> of(String rule, List<Transition> ts) {
        return ts.stream().filter(t -> t.alert().rule().equals(rule)).toList();
    }

    private static Rule rule(String name) {
        return packRules().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The rule becomes pending (where it has a {@code for}) and fires {@code for} later, within {@code atMost};
     * the firing alert carries {@code labels} and its summary is fully rendered.
     */
    private AlertInstance fires(String name, Labels labels, Duration atMost) {
        Rule r = rule(name);
        long start = h.now();
        if (!r.forDuration().isZero()) {
            Transition pending = until(name, AlertState.PENDING, atMost);
            assertThat(pending.from()).isEqualTo(AlertState.INACTIVE);
        }
        Transition firing = until(name, AlertState.FIRING, atMost.plus(r.forDuration()));
        assertThat(firing.from()).isEqualTo(r.forDuration().isZero() ? AlertState.INACTIVE : AlertState.PENDING);
        AlertInstance a = firing.alert();
        assertThat(a.firedAtMillis() - a.activeSinceMillis())
                .isEqualTo(r.forDuration().toMillis());
        assertThat(a.activeSinceMillis()).isGreaterThan(start);
        assertThat(a.severity()).isEqualTo(r.severity());
        assertThat(a.labels().asMap()).containsAllEntriesOf(labels.asMap());
        assertThat(a.summary()).doesNotContain("{{").doesNotContain("  ").doesNotContain("()");
        return a;
    }

    private AlertInstance resolves(String name, Duration atMost) {
        Transition t = until(name, AlertState.RESOLVED, atMost);
        assertThat(t.from()).isEqualTo(AlertState.FIRING);
        assertThat(h.engine().openAlerts()).extracting(AlertInstance::rule).doesNotContain(name);
        return t.alert();
    }

    // ---------------------------------------------------------------------------------------------- scenarios

    @FunctionalInterface
    private interface Scenario {
        void run(BuiltInHostSourceAccountingRulesTest t);
    }

    private static final Map<String, Scenario> SCENARIOS = Map.ofEntries(
            Map.entry("FilesystemFullSoon", BuiltInHostSourceAccountingRulesTest::filesystemFullSoon),
            Map.entry("FilesystemNearlyFull", BuiltInHostSourceAccountingRulesTest::filesystemNearlyFull),
            Map.entry("HostMemoryPressure", BuiltInHostSourceAccountingRulesTest::hostMemoryPressure),
            Map.entry("HostSwapStorm", BuiltInHostSourceAccountingRulesTest::hostSwapStorm),
            Map.entry("SourceDown", BuiltInHostSourceAccountingRulesTest::sourceDown),
            Map.entry("CollectorStopped", BuiltInHostSourceAccountingRulesTest::collectorStopped),
            Map.entry("HistoryWritesFailing", BuiltInHostSourceAccountingRulesTest::historyWritesFailing),
            Map.entry("HistoryDroppingSamples", BuiltInHostSourceAccountingRulesTest::historyDroppingSamples),
            Map.entry("DataDiskNearlyFull", BuiltInHostSourceAccountingRulesTest::dataDiskNearlyFull),
            Map.entry("CollectorOverBudget", BuiltInHostSourceAccountingRulesTest::collectorOverBudget),
            Map.entry("BudgetAt80Percent", BuiltInHostSourceAccountingRulesTest::budgetAt80Percent),
            Map.entry("BudgetExceeded", BuiltInHostSourceAccountingRulesTest::budgetExceeded),
            Map.entry("BudgetForecastOver", BuiltInHostSourceAccountingRulesTest::budgetForecastOver),
            Map.entry("IdleCostHigh", BuiltInHostSourceAccountingRulesTest::idleCostHigh));

    @ParameterizedTest(name = "{0}")
    @MethodSource("packRuleNames")
    void everyRuleOfThePacksFiresAndResolves(String rule) {
        Scenario s = SCENARIOS.get(rule);
        assertThat(s).as("a scenario for the built-in rule " + rule).isNotNull();
        s.run(this);
    }

    @Test
    void everyScenarioIsABuiltInRuleOfThePacks() {
        assertThat(packRuleNames()).containsExactlyInAnyOrderElementsOf(SCENARIOS.keySet());
        assertThat(packRules()).extracting(Rule::pack).containsOnly("host", "sources", "accounting");
    }

    // host

    private void filesystemFullSoon() {
        // 1 GB less every pass (120 GB/h): 500 GB gone in about 4 h, well within the 24 h horizon; never nearly full.
        Scenario falling = t -> t.world.merge(FS_AVAILABLE, -1 * GB, Double::sum);
        long start = h.now();
        Rule r = rule("FilesystemFullSoon");
        Transition pending = null;
        while (pending == null) {
            falling.run(this);
            pending = of("FilesystemFullSoon", pass()).stream().findFirst().orElse(null);
            assertThat(h.now() - start).isLessThan(Duration.ofMinutes(30).toMillis());
        }
        assertThat(pending.to()).isEqualTo(AlertState.PENDING);
        while (of("FilesystemFullSoon", transitions).stream().noneMatch(x -> x.to() == AlertState.FIRING)) {
            falling.run(this);
            pass();
            assertThat(h.now() - pending.alert().activeSinceMillis())
                    .isLessThanOrEqualTo(r.forDuration().toMillis());
        }
        AlertInstance a = of("FilesystemFullSoon", transitions).getLast().alert();
        assertThat(a.firedAtMillis() - a.activeSinceMillis())
                .isEqualTo(r.forDuration().toMillis());
        assertThat(a.labels().asMap()).containsAllEntriesOf(FS_LABELS.asMap());
        assertThat(a.summary()).isEqualTo("/data on gpu-node-1 fills up within 1 d at the current rate");
        assertThat(world.get(FS_AVAILABLE) / world.get(FS_SIZE)).isGreaterThan(0.4);

        // The writer stopped: the straight line through the last hour flattens until it no longer reaches zero.
        resolves("FilesystemFullSoon", Duration.ofMinutes(61));
        assertThat(transitions).extracting(x -> x.alert().rule()).containsOnly("FilesystemFullSoon");
    }

    private void filesystemNearlyFull() {
        world.put(FS_AVAILABLE, 0.04 * world.get(FS_SIZE));
        AlertInstance a = fires("FilesystemNearlyFull", FS_LABELS, Duration.ofMinutes(1));
        assertThat(a.value()).isCloseTo(0.04, within(1e-12));
        assertThat(a.summary()).isEqualTo("/data on gpu-node-1 has 4\u00a0% of its space free");
        world.put(FS_AVAILABLE, 0.06 * world.get(FS_SIZE));
        assertThat(of("FilesystemNearlyFull", run(Duration.ofMinutes(3))))
                .as("6 % is below the clear threshold (7 %)")
                .isEmpty();
        world.put(FS_AVAILABLE, 0.3 * world.get(FS_SIZE));
        resolves("FilesystemNearlyFull", Duration.ofMinutes(1));
    }

    private void hostMemoryPressure() {
        world.put(MEM_AVAILABLE, 0.02 * world.get(MEM_TOTAL));
        // pending once the 5-minute average of available ÷ total is below 5 %, firing 5 minutes later
        AlertInstance a = fires("HostMemoryPressure", HOST_LABELS, Duration.ofMinutes(6));
        assertThat(a.summary()).startsWith("gpu-node-1: only ").endsWith(" of memory available");
        world.put(MEM_AVAILABLE, 0.5 * world.get(MEM_TOTAL));
        // the 5-minute average climbs past the clear threshold (8 %) within a few passes
        resolves("HostMemoryPressure", Duration.ofMinutes(5));
        assertThat(transitions).extracting(x -> x.alert().rule()).containsOnly("HostMemoryPressure");
    }

    private void hostSwapStorm() {
        Scenario swapping = t -> t.world.merge(SWAP_USED, 200 * 1024 * 1024.0, Double::sum);
        Rule r = rule("HostSwapStorm");
        long start = h.now();
        while (of("HostSwapStorm", transitions).stream().noneMatch(x -> x.to() == AlertState.FIRING)) {
            swapping.run(this);
            pass();
            assertThat(h.now() - start)
                    .isLessThanOrEqualTo(Duration.ofMinutes(8).toMillis());
        }
        assertThat(of("HostSwapStorm", transitions))
                .extracting(Transition::to)
                .containsExactly(AlertState.PENDING, AlertState.FIRING);
        AlertInstance a = of("HostSwapStorm", transitions).getLast().alert();
        assertThat(a.firedAtMillis() - a.activeSinceMillis())
                .isEqualTo(r.forDuration().toMillis());
        assertThat(a.labels().asMap()).containsAllEntriesOf(HOST_LABELS.asMap());
        assertThat(a.value()).isGreaterThan(512 * 1024 * 1024.0);
        long stopped = h.now();
        // Swap use flat again: the 5-minute delta falls back under 512 MiB, then keep_firing_for holds 5 minutes.
        AlertInstance resolved = resolves("HostSwapStorm", Duration.ofMinutes(11));
        assertThat(resolved.resolvedAtMillis() - stopped)
                .isGreaterThan(r.keepFiringFor().toMillis());
    }

    // sources

    private void sourceDown() {
        world.put(SCRAPE_UP, 0.0);
        AlertInstance a = fires("SourceDown", SCRAPE_UP.labels(), Duration.ofMinutes(1));
        assertThat(a.summary()).isEqualTo("Source node-b is down");
        world.put(SCRAPE_UP, 1.0);
        resolves("SourceDown", Duration.ofMinutes(1));
    }

    private void collectorStopped() {
        collector.failing = true; // the real scheduler publishes no pass duration for a failed pass
        AlertInstance a = fires("CollectorStopped", Labels.of("collector", "host"), Duration.ofMinutes(3));
        assertThat(a.summary()).isEqualTo("Collector host has not run for 2 minutes");
        collector.failing = false;
        // the scheduler retries after its backoff (at most a minute)
        resolves("CollectorStopped", Duration.ofMinutes(2));
    }

    private void historyWritesFailing() {
        world.put(WRITE_OK, 0.0);
        AlertInstance a = fires("HistoryWritesFailing", HOST_LABELS, Duration.ofMinutes(1));
        assertThat(a.summary()).isEqualTo("History writes are failing on gpu-node-1");
        world.put(WRITE_OK, 1.0);
        resolves("HistoryWritesFailing", Duration.ofMinutes(1));
    }

    private void historyDroppingSamples() {
        world.put(DROPPED, world.get(DROPPED) + 120);
        AlertInstance a = fires("HistoryDroppingSamples", HOST_LABELS, Duration.ofMinutes(1));
        assertThat(a.value()).isEqualTo(120.0);
        assertThat(a.summary()).isEqualTo("120 samples dropped by the history writer on gpu-node-1 in 5 min");
        long dropped = h.now();
        // the reading before the drop leaves the 5-minute window 4.5 minutes later, then keep_firing_for holds the
        // alert 5 minutes more
        AlertInstance resolved = resolves("HistoryDroppingSamples", Duration.ofMinutes(11));
        assertThat(resolved.resolvedAtMillis() - dropped)
                .isEqualTo(Duration.ofMinutes(10).minus(STEP).toMillis());
    }

    private void dataDiskNearlyFull() {
        world.put(DATA_DIR_AVAILABLE, 0.5 * GIB);
        AlertInstance a = fires("DataDiskNearlyFull", HOST_LABELS, Duration.ofMinutes(1));
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.summary()).startsWith("The data directory on gpu-node-1 has ");
        world.put(DATA_DIR_AVAILABLE, 1.5 * GIB);
        assertThat(of("DataDiskNearlyFull", run(Duration.ofMinutes(2))))
                .as("1.5 GiB is below the clear threshold (2 GiB)")
                .isEmpty();
        world.put(DATA_DIR_AVAILABLE, 3 * GIB);
        resolves("DataDiskNearlyFull", Duration.ofMinutes(1));
    }

    private void collectorOverBudget() {
        // Pass durations come from System.nanoTime, not the clock: the scheduler's own series, with slow values.
        schedulerRuns = false;
        world.put(passDuration, 0.8);
        AlertInstance a = fires("CollectorOverBudget", Labels.of("collector", "host"), Duration.ofMinutes(2));
        assertThat(a.summary()).isEqualTo("Collector host takes 0.8 s a pass (budget 0.5 s)");
        world.remove(passDuration);
        schedulerRuns = true;
        resolves("CollectorOverBudget", Duration.ofMinutes(2));
        assertThat(transitions).extracting(x -> x.alert().rule()).containsOnly("CollectorOverBudget");
    }

    // accounting

    private void budgetAt80Percent() {
        world.put(BUDGET_USED, 0.85);
        AlertInstance a = fires("BudgetAt80Percent", BUDGET_LABELS, Duration.ofMinutes(1));
        assertThat(a.summary()).isEqualTo("Budget of team vision (month) is 85\u00a0% spent");
        world.put(BUDGET_USED, 0.1); // a new period
        resolves("BudgetAt80Percent", Duration.ofMinutes(1));
    }

    private void budgetExceeded() {
        world.put(BUDGET_USED, 1.1);
        AlertInstance a = fires("BudgetExceeded", BUDGET_LABELS, Duration.ofMinutes(1));
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.summary()).isEqualTo("Budget of team vision (month) exceeded: 110\u00a0% spent");
        world.put(BUDGET_USED, 0.9); // the budget was raised
        resolves("BudgetExceeded", Duration.ofMinutes(1));
        assertThat(h.engine().openAlerts()).extracting(AlertInstance::rule).containsExactly("BudgetAt80Percent");
    }

    private void budgetForecastOver() {
        world.put(BUDGET_FORECAST, 1.25);
        AlertInstance a = fires("BudgetForecastOver", BUDGET_LABELS, Duration.ofMinutes(1));
        assertThat(a.summary())
                .isEqualTo("Budget of team vision (month) is forecast at 125\u00a0% by the period's end");
        world.put(BUDGET_FORECAST, 0.95);
        resolves("BudgetForecastOver", Duration.ofMinutes(1));
    }

    private void idleCostHigh() {
        world.put(IDLE_COST_TODAY, 61.2);
        AlertInstance a = fires("IdleCostHigh", IDLE_COST_TODAY.labels(), Duration.ofMinutes(1));
        assertThat(a.summary()).isEqualTo("Idle GPU cost today is 61.2 EUR (limit 50)");
        world.put(IDLE_COST_TODAY, 0.0); // a new day
        resolves("IdleCostHigh", Duration.ofMinutes(1));
    }

    // ---------------------------------------------------------------------------------------------- the producers

    @Test
    void theFedSeriesAreTheOnesTheCollectorsPublish() {
        HostIdentity id = new HostIdentity(HOST, Optional.empty());
        Snapshot host = new HostCpuMemoryCollector(id).collect(h.now());
        for (SeriesId fed : List.of(MEM_TOTAL, MEM_AVAILABLE, SWAP_USED)) {
            assertThat(host.samples())
                    .as(fed.metric())
                    .anySatisfy(s -> assertThat(s.series()).isEqualTo(fed));
        }
        Snapshot fs = new HostFileSystemCollector(id).collect(h.now());
        assumeTrue(!fs.samples().isEmpty(), "no local file system listed by OSHI here");
        for (String metric : List.of(HostFileSystemCollector.SIZE, HostFileSystemCollector.AVAILABLE)) {
            assertThat(fs.samples())
                    .filteredOn(s -> s.series().metric().equals(metric))
                    .isNotEmpty()
                    .allSatisfy(s -> {
                        assertThat(s.series().labels().asMap().keySet())
                                .isEqualTo(FS_LABELS.asMap().keySet());
                        assertThat(s.series().unit()).isEqualTo(Unit.BYTES);
                    });
        }
    }
}
