package io.gridscope.console.cli;

import io.gridscope.collectors.prometheus.exporter.GridscopeMetricsCollector;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.SeriesData;
import io.gridscope.history.SeriesQuery;
import io.gridscope.model.DurationText;
import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./gridscope query METRIC}: stored points as CSV, read-only (see {@link HistoryReader}). */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Print the stored points of a metric as CSV (metric,labels,time_utc,epoch_millis,value).",
        footer = {
            "",
            "Exits 1, saying which label values are stored, when no series of METRIC",
            "has the --label values; exits 0 with the header alone (and a note on stderr)",
            "when series match but have no point in the --since range.",
            "",
            "Examples:",
            "  ./gridscope query host_cpu_utilization_ratio --label cpu=total --since 10m",
            "  ./gridscope query host_memory_used_bytes --since 1h --data-dir /tmp/g1"
        })
public final class QueryCommand implements Callable<Integer> {
    private static final int MAX_VALUES_SHOWN = 12;

    @Parameters(index = "0", paramLabel = "METRIC", description = "Metric name, e.g. host_cpu_utilization_ratio.")
    String metric;

    private final Map<String, String> labels = new LinkedHashMap<>();

    @Option(
            names = {"-l", "--label"},
            paramLabel = "NAME=VALUE",
            description = "Only series with this label value, e.g. cpu=total (repeatable).")
    void label(List<String> values) {
        labels.clear();
        if (values == null) {
            return;
        }
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(
                        spec.commandLine(),
                        "invalid --label '" + value + "': expected NAME=VALUE, e.g. --label cpu=total");
            }
            labels.put(value.substring(0, eq), value.substring(eq + 1));
        }
    }

    @Option(
            names = "--since",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "1h",
            description = "How far back to read (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public QueryCommand() {
        this(Clock.systemUTC());
    }

    QueryCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Path dir = DataDirMixin.dataDir(spec);
        Labels matchers;
        try {
            matchers = Labels.of(labels);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("invalid --label: " + e.getMessage(), ExitCodes.USAGE, e);
        }
        long now = clock.millis();
        try (HistoryReader store = DbCommand.openExisting(dir)) {
            List<String> metrics = store.metrics();
            String unprefixed = metric.replaceFirst("^" + GridscopeMetricsCollector.PREFIX, "");
            if (!metrics.contains(metric) && !unprefixed.equals(metric) && metrics.contains(unprefixed)) {
                throw new UserFacingException(
                        "no metric '" + metric + "' in " + store.file() + "; Gridscope's Prometheus endpoint adds the "
                                + GridscopeMetricsCollector.PREFIX + " prefix, the history stores it as " + unprefixed,
                        ExitCodes.FAILURE);
            }
            if (!metrics.contains(metric)) {
                throw new UserFacingException(
                        "no metric '" + metric + "' in " + store.file() + "; stored metrics: "
                                + (metrics.isEmpty() ? "none" : String.join(", ", metrics)),
                        ExitCodes.FAILURE);
            }
            List<SeriesId> matching = store.findSeries(metric, matchers);
            if (matching.isEmpty()) {
                throw new UserFacingException(
                        "no series of " + metric + " has " + describe(labels) + "; its series have "
                                + storedLabels(store.findSeries(metric, Labels.EMPTY)),
                        ExitCodes.FAILURE);
            }
            List<SeriesData> result = store.query(new SeriesQuery(metric, matchers, now - since.toMillis(), now + 1));
            PrintWriter out = spec.commandLine().getOut();
            out.println("metric,labels,time_utc,epoch_millis,value");
            int points = 0;
            for (SeriesData d : result) {
                String labelsField = csv(d.series().labels().canonical());
                points += d.size();
                for (int i = 0; i < d.size(); i++) {
                    out.append(metric)
                            .append(',')
                            .append(labelsField)
                            .append(',')
                            .append(Instant.ofEpochMilli(d.epochMillis()[i]).toString())
                            .append(',')
                            .append(Long.toString(d.epochMillis()[i]))
                            .append(',')
                            .append(formatValue(d.values()[i]))
                            .append('\n');
                }
            }
            if (points == 0) {
                out.flush();
                spec.commandLine()
                        .getErr()
                        .println("gridscope: " + matching.size() + " series of " + metric + " match, with no point in "
                                + "the last " + DurationText.of(since) + "; a longer --since reads further back");
            }
            out.flush();
            return ExitCodes.OK;
        } catch (HistoryException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
    }

    private static String describe(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The stored label names of {@code series} with their values, e.g. {@code cpu = 0, 1, total; host = node-1}. */
    static String storedLabels(List<SeriesId> series) {
        Map<String, SortedSet<String>> values = new TreeMap<>();
        for (SeriesId id : series) {
            for (Map.Entry<String, String> l : id.labels()) {
                values.computeIfAbsent(l.getKey(), k -> new TreeSet<>(QueryCommand::compareValues))
                        .add(l.getValue());
            }
        }
        if (values.isEmpty()) {
            return "no labels";
        }
        return values.entrySet().stream()
                .map(e -> {
                    List<String> shown =
                            e.getValue().stream().limit(MAX_VALUES_SHOWN).toList();
                    int more = e.getValue().size() - shown.size();
                    return e.getKey() + " = " + String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "");
                })
                .collect(Collectors.joining("; "));
    }

    /** Numbers in numeric order (cpu 2 before cpu 10), before any other value. */
    private static int compareValues(String a, String b) {
        boolean na = a.matches("\\d{1,18}");
        boolean nb = b.matches("\\d{1,18}");
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** RFC 4180 quoting. */
    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
