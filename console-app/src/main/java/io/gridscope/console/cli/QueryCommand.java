package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.SeriesData;
import io.gridscope.history.SeriesQuery;
import io.gridscope.model.Labels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./gridscope query METRIC}: stored points as CSV, read-only (see {@link HistoryReader}). */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Print the stored points of a metric as CSV (metric,labels,time_utc,epoch_millis,value).",
        footer = {
            "",
            "Examples:",
            "  ./gridscope query host_cpu_utilization_ratio --label cpu=total --since 10m",
            "  ./gridscope query host_memory_used_bytes --since 1h --data-dir /tmp/g1"
        })
public final class QueryCommand implements Callable<Integer> {
    @Mixin
    DataDirMixin dataDir;

    @Parameters(index = "0", paramLabel = "METRIC", description = "Metric name, e.g. host_cpu_utilization_ratio.")
    String metric;

    @Option(
            names = {"-l", "--label"},
            paramLabel = "NAME=VALUE",
            description = "Only series with this label value (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

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
        Path dir = dataDir.dataDir();
        Labels matchers;
        try {
            matchers = Labels.of(labels);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("invalid --label: " + e.getMessage(), ExitCodes.USAGE, e);
        }
        long now = clock.millis();
        try (HistoryReader store = DbCommand.openExisting(dir)) {
            List<String> metrics = store.metrics();
            if (!metrics.contains(metric)) {
                throw new UserFacingException(
                        "no metric '" + metric + "' in " + store.file() + "; stored metrics: "
                                + (metrics.isEmpty() ? "none" : String.join(", ", metrics)),
                        ExitCodes.FAILURE);
            }
            List<SeriesData> result = store.query(new SeriesQuery(metric, matchers, now - since.toMillis(), now + 1));
            PrintWriter out = spec.commandLine().getOut();
            out.println("metric,labels,time_utc,epoch_millis,value");
            for (SeriesData d : result) {
                String labelsField = csv(d.series().labels().canonical());
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
            out.flush();
            return ExitCodes.OK;
        } catch (HistoryException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
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
