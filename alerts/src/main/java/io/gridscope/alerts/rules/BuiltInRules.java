package io.gridscope.alerts.rules;

import io.gridscope.alerts.rules.Condition.Aggregation;
import io.gridscope.alerts.rules.Condition.Change;
import io.gridscope.alerts.rules.Condition.Operand;
import io.gridscope.alerts.rules.Condition.Operand.Arithmetic;
import io.gridscope.alerts.rules.Condition.Threshold;
import io.gridscope.model.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The built-in packs, on by default and each switchable in the rules file ({@code [packs]}):
 *
 * <ul>
 *   <li>{@value #GPU}: temperature near the GPU's own slowdown threshold, XID events by class (the ones that mean
 *       broken hardware or a GPU to reset are critical), uncorrected ECC errors, row-remapping failure or pending,
 *       sustained thermal or power throttling, GPU lost, memory nearly full, an idle GPU holding memory;
 *   <li>{@value #HOST}: file system full within N hours at the current rate, file system nearly full, memory
 *       pressure, swap storm;
 *   <li>{@value #SOURCES}: a scraped source down, a collector that stopped, history writes failing or dropping
 *       samples, the data directory's disk nearly full, a collector over its time budget;
 *   <li>{@value #ACCOUNTING}: budget at 80 % and 100 %, forecast over budget, idle GPU cost of the day above a
 *       limit, on the figures the accounting publishes every 5 minutes.
 * </ul>
 *
 * Thresholds that differ between sites are {@link Settings}; the rest can be changed rule by rule with an
 * {@code [[override]]}.
 */
public final class BuiltInRules {
    public static final String GPU = "gpu";
    public static final String HOST = "host";
    public static final String SOURCES = "sources";
    public static final String ACCOUNTING = "accounting";
    public static final List<String> PACKS = List.of(GPU, HOST, SOURCES, ACCOUNTING);
    /** What a GPU costs a day at today's run rate, published by the accounting (estimated). */
    public static final String GPU_COST_PER_DAY = "gpu_cost_per_day";

    /** XIDs that mean broken or unusable hardware (NVIDIA's XID catalogue: reset the GPU, drain the node). */
    public static final String CRITICAL_XIDS = "48|63|64|74|79|92|94|95|119|120";

    static final String RUNBOOK = "https://docs.nvidia.com/deploy/xid-errors/index.html";

    /** Site-dependent thresholds of the packs. */
    public record Settings(
            double gpuTemperatureMarginCelsius,
            Duration filesystemFullWithin,
            Duration idleGpuAfter,
            double gpuMemoryNearlyFullRatio,
            Duration collectorPassBudget,
            OptionalDouble idleCostPerDayLimit) {
        public static Settings defaults() {
            return new Settings(
                    5,
                    Duration.ofHours(24),
                    Duration.ofMinutes(30),
                    0.95,
                    Duration.ofMillis(500),
                    OptionalDouble.empty());
        }
    }

    private BuiltInRules() {}

    public static List<Rule> all(Settings s) {
        List<Rule> out = new ArrayList<>();
        out.addAll(gpu(s));
        out.addAll(host(s));
        out.addAll(sources(s));
        out.addAll(accounting(s));
        return out;
    }

    static List<Rule> gpu(Settings s) {
        // A MIG slice's series carry mig_uuid besides its GPU's uuid, a whole GPU's none (joined as empty): a slice
        // is compared with its own size and guard, never with its parent's or a sibling's.
        List<String> gpuJoin = List.of("host", "gpu_uuid", "mig_uuid");
        List<Rule> r = new ArrayList<>();
        r.add(rule(
                "GpuTemperatureNearSlowdown",
                GPU,
                new Threshold(
                        sel("gpu_temperature_celsius"),
                        Aggregation.LAST,
                        Duration.ZERO,
                        Optional.of(new Operand(sel("gpu_temperature_slowdown_celsius"), Arithmetic.MINUS, gpuJoin)),
                        Comparison.GE,
                        -s.gpuTemperatureMarginCelsius(),
                        OptionalDouble.of(-s.gpuTemperatureMarginCelsius() - 3),
                        Optional.empty()),
                Duration.ofMinutes(1),
                Duration.ZERO,
                Severity.WARNING,
                "GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}) is {{ $value }} °C from its slowdown temperature",
                "The GPU's own slowdown threshold is close: it will cut its clocks to cool down. Check its cooling, fans"
                        + " and airflow. Alerts at {{ $threshold }} °C from the threshold and clears 3 °C below that.",
                "https://docs.nvidia.com/deploy/nvml-api/group__nvmlDeviceEnumvs.html"));
        r.add(rule(
                "GpuXidCritical",
                GPU,
                new Condition.Event("gpu_xid", List.of(Matcher.of("xid", Matcher.Op.RE, CRITICAL_XIDS))),
                Duration.ZERO,
                Duration.ofMinutes(30),
                Severity.CRITICAL,
                "XID {{ $labels.xid }} on GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}), {{ $value }} time(s)",
                "An XID that means broken or unusable hardware (double-bit ECC, row remapping failed, NVLink, fallen"
                        + " off the bus, uncontained ECC, GSP). Drain the node and reset or replace the GPU. Each"
                        + " event is counted once; the alert resolves 30 min after the last one.",
                RUNBOOK));
        r.add(rule(
                "GpuXid",
                GPU,
                new Condition.Event("gpu_xid", List.of(Matcher.of("xid", Matcher.Op.NRE, CRITICAL_XIDS))),
                Duration.ZERO,
                Duration.ofMinutes(30),
                Severity.WARNING,
                "XID {{ $labels.xid }} on GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}), {{ $value }} time(s)",
                "An XID error that usually comes from the application or driver (page fault, engine exception). Each"
                        + " event is counted once; repeats keep the alert firing.",
                RUNBOOK));
        r.add(rule(
                "GpuEccDoubleBit",
                GPU,
                new Condition.Event("gpu_ecc_double_bit", List.of()),
                Duration.ZERO,
                Duration.ofMinutes(30),
                Severity.CRITICAL,
                "Double-bit ECC error on GPU {{ $labels.gpu_uuid }} ({{ $labels.host }})",
                "Uncorrectable memory error reported by the driver: the running job's data may be corrupt.",
                RUNBOOK));
        r.add(rule(
                "GpuEccUncorrected",
                GPU,
                new Change(
                        sel("gpu_ecc_errors_total", Matcher.eq("type", "uncorrected")),
                        Change.Function.INCREASE,
                        Duration.ofMinutes(10),
                        Comparison.GT,
                        0,
                        OptionalDouble.empty()),
                Duration.ZERO,
                Duration.ofMinutes(10),
                Severity.CRITICAL,
                "{{ $value }} uncorrected ECC error(s) on GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}) in 10 min",
                "The GPU's uncorrected ECC counter rose. Jobs on it may have computed on corrupt memory.",
                RUNBOOK));
        r.add(rule(
                "GpuRowRemapFailure",
                GPU,
                threshold(sel("gpu_remapped_rows_failure"), Comparison.GT, 0),
                Duration.ZERO,
                Duration.ZERO,
                Severity.CRITICAL,
                "Row remapping failed on GPU {{ $labels.gpu_uuid }} ({{ $labels.host }})",
                "The GPU has no spare rows left to remap a failing memory row: it should be replaced.",
                "https://docs.nvidia.com/deploy/a100-gpu-mem-error-mgmt/index.html"));
        r.add(rule(
                "GpuRowRemapPending",
                GPU,
                threshold(sel("gpu_remapped_rows_pending"), Comparison.GT, 0),
                Duration.ZERO,
                Duration.ZERO,
                Severity.WARNING,
                "Row remapping pending on GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}): reset the GPU",
                "A memory row is waiting to be remapped; it takes effect at the next GPU reset.",
                "https://docs.nvidia.com/deploy/a100-gpu-mem-error-mgmt/index.html"));
        r.add(rule(
                "GpuThermalThrottling",
                GPU,
                new Threshold(
                        sel(
                                "gpu_clock_event_active",
                                Matcher.of(
                                        "reason",
                                        Matcher.Op.RE,
                                        "hw_slowdown|sw_thermal_slowdown|hw_thermal_slowdown")),
                        Aggregation.AVG,
                        Duration.ofMinutes(5),
                        Optional.empty(),
                        Comparison.GT,
                        0.5,
                        OptionalDouble.of(0.2),
                        Optional.empty()),
                Duration.ofMinutes(5),
                Duration.ZERO,
                Severity.WARNING,
                "GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}) throttled for heat ({{ $labels.reason }})",
                "The GPU spent more than half of the last 5 minutes with its clocks cut for temperature.",
                ""));
        r.add(rule(
                "GpuPowerThrottling",
                GPU,
                new Threshold(
                        sel(
                                "gpu_clock_event_active",
                                Matcher.of("reason", Matcher.Op.RE, "sw_power_cap|hw_power_brake_slowdown")),
                        Aggregation.AVG,
                        Duration.ofMinutes(10),
                        Optional.empty(),
                        Comparison.GT,
                        0.8,
                        OptionalDouble.of(0.5),
                        Optional.empty()),
                Duration.ofMinutes(10),
                Duration.ZERO,
                Severity.WARNING,
                "GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}) held at its power limit ({{ $labels.reason }})",
                "The GPU spent more than 80 % of the last 10 minutes with its clocks cut by its power limit or a"
                        + " power brake.",
                ""));
        r.add(rule(
                "GpuLost",
                GPU,
                threshold(sel("gpu_up"), Comparison.LT, 1),
                Duration.ZERO,
                Duration.ZERO,
                Severity.CRITICAL,
                "GPU {{ $labels.gpu_uuid }} on {{ $labels.host }} has fallen off the bus",
                "NVML answers GPU_IS_LOST for it: a GPU reset or a reboot is usually needed. The alert resolves when the"
                        + " GPU answers again.",
                RUNBOOK));
        r.add(rule(
                "GpuMemoryNearlyFull",
                GPU,
                new Threshold(
                        sel("gpu_memory_used_bytes"),
                        Aggregation.LAST,
                        Duration.ZERO,
                        Optional.of(new Operand(sel("gpu_memory_total_bytes"), Arithmetic.DIVIDED_BY, gpuJoin)),
                        Comparison.GT,
                        s.gpuMemoryNearlyFullRatio(),
                        OptionalDouble.of(s.gpuMemoryNearlyFullRatio() - 0.05),
                        Optional.empty()),
                Duration.ofMinutes(5),
                Duration.ZERO,
                Severity.WARNING,
                "GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}) memory {{ $percent }} full",
                "The next allocation may fail with out-of-memory.",
                ""));
        r.add(rule(
                        "GpuIdleHoldingMemory",
                        GPU,
                        new Threshold(
                                sel("gpu_utilization_ratio"),
                                Aggregation.MAX,
                                Duration.ofMinutes(5),
                                Optional.empty(),
                                Comparison.LT,
                                0.05,
                                OptionalDouble.empty(),
                                Optional.of(new Condition.Guard(
                                        sel("gpu_memory_used_bytes"), Comparison.GT, 1024.0 * 1024 * 1024, gpuJoin))),
                        s.idleGpuAfter(),
                        Duration.ZERO,
                        Severity.INFO,
                        "GPU {{ $labels.gpu_uuid }} ({{ $labels.host }}) idle but holding memory, about {{ $context }}"
                                + " {{ $context_labels.currency }} a day",
                        "Below 5 % busy for the whole period while more than 1 GiB of its memory is allocated: a"
                                + " notebook or a finished job keeps it. At today's run rate it costs about"
                                + " {{ $context }} {{ $context_labels.currency }} a day (estimated by the"
                                + " accounting; unknown without an accounting file). The Cost page shows what"
                                + " its idle hours cost.",
                        "")
                .withContext(new Rule.Context(sel(GPU_COST_PER_DAY), List.of("gpu_uuid"))));
        return r;
    }

    static List<Rule> host(Settings s) {
        List<String> fsJoin = List.of("host", "mountpoint");
        List<String> hostJoin = List.of("host");
        List<Rule> r = new ArrayList<>();
        r.add(rule(
                "FilesystemFullSoon",
                HOST,
                new Condition.Predict(
                        sel("host_filesystem_available_bytes"),
                        Duration.ofHours(1),
                        s.filesystemFullWithin(),
                        Comparison.LE,
                        0),
                Duration.ofMinutes(10),
                Duration.ZERO,
                Severity.WARNING,
                "{{ $labels.mountpoint }} on {{ $labels.host }} fills up within "
                        + io.gridscope.model.DurationText.of(s.filesystemFullWithin()) + " at the current rate",
                "A straight line through the last hour of free space reaches zero within the horizon (forecast free"
                        + " space: {{ $value }} bytes).",
                ""));
        r.add(rule(
                "FilesystemNearlyFull",
                HOST,
                new Threshold(
                        sel("host_filesystem_available_bytes"),
                        Aggregation.LAST,
                        Duration.ZERO,
                        Optional.of(new Operand(sel("host_filesystem_size_bytes"), Arithmetic.DIVIDED_BY, fsJoin)),
                        Comparison.LT,
                        0.05,
                        OptionalDouble.of(0.07),
                        Optional.empty()),
                Duration.ofMinutes(5),
                Duration.ZERO,
                Severity.WARNING,
                "{{ $labels.mountpoint }} on {{ $labels.host }} has {{ $percent }} of its space free",
                "",
                ""));
        r.add(rule(
                "HostMemoryPressure",
                HOST,
                new Threshold(
                        sel("host_memory_available_bytes"),
                        Aggregation.AVG,
                        Duration.ofMinutes(5),
                        Optional.of(new Operand(sel("host_memory_total_bytes"), Arithmetic.DIVIDED_BY, hostJoin)),
                        Comparison.LT,
                        0.05,
                        OptionalDouble.of(0.08),
                        Optional.empty()),
                Duration.ofMinutes(5),
                Duration.ZERO,
                Severity.WARNING,
                "{{ $labels.host }}: only {{ $percent }} of memory available",
                "Less than 5 % of memory has been available on average for 5 minutes; the kernel may start killing"
                        + " processes.",
                ""));
        r.add(rule(
                "HostSwapStorm",
                HOST,
                new Change(
                        sel("host_swap_used_bytes"),
                        Change.Function.DELTA,
                        Duration.ofMinutes(5),
                        Comparison.GT,
                        512.0 * 1024 * 1024,
                        OptionalDouble.empty()),
                Duration.ofMinutes(2),
                Duration.ofMinutes(5),
                Severity.WARNING,
                "{{ $labels.host }} is swapping: swap use grew by {{ $value }} bytes in 5 min",
                "Swap use rising this fast slows everything on the host down.",
                ""));
        return r;
    }

    static List<Rule> sources(Settings s) {
        List<Rule> r = new ArrayList<>();
        r.add(rule(
                "SourceDown",
                SOURCES,
                threshold(sel("gridscope_scrape_up"), Comparison.LT, 1),
                Duration.ofMinutes(2),
                Duration.ZERO,
                Severity.WARNING,
                "Source {{ $labels.target }} is down",
                "Its last scrapes failed; the Sources page shows the reason.",
                ""));
        r.add(rule(
                "CollectorStopped",
                SOURCES,
                new Condition.Absent(sel("gridscope_collector_pass_duration_seconds"), Duration.ofMinutes(2)),
                Duration.ZERO,
                Duration.ZERO,
                Severity.WARNING,
                "Collector {{ $labels.collector }} has not run for 2 minutes",
                "Its data is stale; the Sources page shows its status.",
                ""));
        r.add(rule(
                "HistoryWritesFailing",
                SOURCES,
                threshold(sel("gridscope_history_write_ok"), Comparison.LT, 1),
                Duration.ofMinutes(1),
                Duration.ZERO,
                Severity.CRITICAL,
                "History writes are failing on {{ $labels.host }}",
                "Samples are not being stored (disk full, read-only file system, damaged database). The Settings →"
                        + " Storage page shows the last error.",
                ""));
        r.add(rule(
                "HistoryDroppingSamples",
                SOURCES,
                new Change(
                        sel("gridscope_history_dropped_samples_total"),
                        Change.Function.INCREASE,
                        Duration.ofMinutes(5),
                        Comparison.GT,
                        0,
                        OptionalDouble.empty()),
                Duration.ZERO,
                Duration.ofMinutes(5),
                Severity.WARNING,
                "{{ $value }} samples dropped by the history writer on {{ $labels.host }} in 5 min",
                "The write queue overflowed or writes failed: the history has gaps for this period.",
                ""));
        r.add(rule(
                "DataDiskNearlyFull",
                SOURCES,
                new Threshold(
                        sel("gridscope_data_dir_available_bytes"),
                        Aggregation.LAST,
                        Duration.ZERO,
                        Optional.empty(),
                        Comparison.LT,
                        1024.0 * 1024 * 1024,
                        OptionalDouble.of(2048.0 * 1024 * 1024),
                        Optional.empty()),
                Duration.ofMinutes(1),
                Duration.ZERO,
                Severity.CRITICAL,
                "The data directory on {{ $labels.host }} has {{ $value }} bytes free",
                "Less than 1 GiB is left where the history is stored; writes fail when it runs out.",
                ""));
        r.add(rule(
                "CollectorOverBudget",
                SOURCES,
                new Threshold(
                        sel("gridscope_collector_pass_duration_seconds"),
                        Aggregation.AVG,
                        Duration.ofMinutes(1),
                        Optional.empty(),
                        Comparison.GT,
                        s.collectorPassBudget().toMillis() / 1000.0,
                        OptionalDouble.empty(),
                        Optional.empty()),
                Duration.ofMinutes(5),
                Duration.ZERO,
                Severity.WARNING,
                "Collector {{ $labels.collector }} takes {{ $value }} s a pass (budget {{ $threshold }} s)",
                "Its passes take longer than their time budget, so samples arrive late or are skipped.",
                ""));
        return r;
    }

    static List<Rule> accounting(Settings s) {
        List<Rule> r = new ArrayList<>();
        r.add(rule(
                "BudgetAt80Percent",
                ACCOUNTING,
                threshold(sel("budget_used_ratio"), Comparison.GE, 0.8),
                Duration.ZERO,
                Duration.ZERO,
                Severity.WARNING,
                "Budget of {{ $labels.owner }} ({{ $labels.period }}) is {{ $percent }} spent",
                "Spend so far has reached 80 % of the budget. The Cost page has the breakdown.",
                ""));
        r.add(rule(
                "BudgetExceeded",
                ACCOUNTING,
                threshold(sel("budget_used_ratio"), Comparison.GE, 1.0),
                Duration.ZERO,
                Duration.ZERO,
                Severity.CRITICAL,
                "Budget of {{ $labels.owner }} ({{ $labels.period }}) exceeded: {{ $percent }} spent",
                "",
                ""));
        r.add(rule(
                "BudgetForecastOver",
                ACCOUNTING,
                threshold(sel("budget_forecast_ratio"), Comparison.GT, 1.0),
                Duration.ofMinutes(30),
                Duration.ZERO,
                Severity.WARNING,
                "Budget of {{ $labels.owner }} ({{ $labels.period }}) is forecast at {{ $percent }} by the period's end",
                "The forecast (estimated) passes the budget before the period ends.",
                ""));
        Rule idle = rule(
                "IdleCostHigh",
                ACCOUNTING,
                threshold(
                        sel("idle_cost_today"),
                        Comparison.GT,
                        s.idleCostPerDayLimit().orElse(0)),
                Duration.ZERO,
                Duration.ZERO,
                Severity.WARNING,
                "Idle GPU cost today is {{ $value }} {{ $labels.currency }} (limit {{ $threshold }})",
                "GPUs below the idle threshold have cost more than the limit today. The Cost page lists them.",
                "");
        r.add(idle.withEnabled(s.idleCostPerDayLimit().isPresent()));
        return r;
    }

    private static Threshold threshold(Selector s, Comparison op, double value) {
        return new Threshold(
                s,
                Aggregation.LAST,
                Duration.ZERO,
                Optional.empty(),
                op,
                value,
                OptionalDouble.empty(),
                Optional.empty());
    }

    private static Selector sel(String metric, Matcher... m) {
        return Selector.of(metric, m);
    }

    private static Rule rule(
            String name,
            String pack,
            Condition c,
            Duration forDuration,
            Duration keepFiringFor,
            Severity severity,
            String summary,
            String description,
            String runbook) {
        return new Rule(
                name,
                pack,
                c,
                forDuration,
                keepFiringFor,
                severity,
                Labels.EMPTY,
                summary,
                description,
                runbook,
                true,
                Optional.empty());
    }
}
