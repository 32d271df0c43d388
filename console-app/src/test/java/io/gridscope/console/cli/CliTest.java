package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the real command line in-process, as ./gridscope would. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = GridscopeCommand.commandLine(args); // as Main builds it
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void collectThenQueryPrintsEveryCpuSeriesAsCsv() {
        String dir = tmp.resolve("g1").toString();
        Result collect = run("collect", "--duration", "3s", "--data-dir", dir);
        assertThat(collect.exitCode()).as(collect.err()).isZero();
        assertThat(collect.out())
                .matches(
                        "(?s)collected \\d+ samples in [\\d.]+ s into .*history\\.db "
                                + "\\(host ok, host_disk ok, host_filesystem ok, host_network ok, host_rapl (ok|unavailable: .+), nvml (ok|unavailable: .+)\\)\\n");

        Result query = run("query", "host_cpu_utilization_ratio", "--since", "5m", "--data-dir", dir);
        assertThat(query.exitCode()).as(query.err()).isZero();
        List<String> lines = query.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("metric,labels,time_utc,epoch_millis,value");
        Map<String, Long> perSeries = lines.stream()
                .skip(1)
                .collect(Collectors.groupingBy(l -> l.substring(0, l.lastIndexOf("\",") + 1), Collectors.counting()));
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(perSeries).hasSize(cores + 1);
        assertThat(perSeries.values()).allMatch(n -> n >= 2);
        assertThat(lines.stream().skip(1).map(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1))))
                .allMatch(v -> v >= 0 && v <= 1);

        Result filtered = run("query", "host_cpu_utilization_ratio", "--label", "cpu=total", "--data-dir", dir);
        assertThat(filtered.out().lines().skip(1)).isNotEmpty().allMatch(l -> l.contains("cpu=\"\"total\"\""));
    }

    @Test
    void aDataDirThatIsAFileFailsWithOneLineAndNoStackTrace() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Result r = run("collect", "--duration", "1s", "--data-dir", file.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err())
                .isEqualTo(
                        "gridscope: data directory " + file + " is a file, not a directory" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aDamagedDatabaseIsMovedAsideAndTheUserIsTold() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("damaged"));
        Files.write(
                dir.resolve("history.db"),
                "this is not an SQLite database ".repeat(200).getBytes());
        Result r = run("collect", "--duration", "1s", "--data-dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.contains("was damaged")))
                .singleElement()
                .asString()
                .startsWith("gridscope: warning: ")
                .contains("moved");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("history.db.corrupt-"));
        }
    }

    @Test
    void queryingAnEmptyDirectoryExplainsWhatToDo() {
        Result r = run(
                "query",
                "host_cpu_utilization_ratio",
                "--data-dir",
                tmp.resolve("none").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).startsWith("gridscope: no history database in").contains("./gridscope collect");
        assertThat(tmp.resolve("none")).doesNotExist();
    }

    @Test
    void usageErrorsExitWithTwoAndAHint() {
        Result r = run("collect", "--duration", "soon");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'soon' is not a duration").contains("Try 'gridscope collect --help'");
        assertThat(run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anIntervalOutsideItsRangeIsAUsageError() {
        for (String interval : new String[] {"10ms", "199ms", "1h1s", "2h"}) {
            Result r = run("collect", "--duration", "1s", "--interval", interval, "--data-dir", tmp.toString());
            assertThat(r.exitCode()).as(interval).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err())
                    .as(interval)
                    .startsWith("gridscope: Invalid value for option '--interval'")
                    .contains("must be between 200 ms and 1 h");
            assertThat(r.out()).isEmpty();
        }
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).startsWith("Gridscope 0.").contains("Java 25");
        Result h = run("--help");
        assertThat(h.exitCode()).isZero();
        assertThat(h.out()).contains("collect").contains("query").contains("Exit codes");
    }

    @Test
    void csvFieldsAreQuotedPerRfc4180() {
        assertThat(QueryCommand.csv("plain")).isEqualTo("plain");
        assertThat(QueryCommand.csv("{a=\"1\",b=\"2\"}")).isEqualTo("\"{a=\"\"1\"\",b=\"\"2\"\"}\"");
        Function<Double, String> f = QueryCommand::formatValue;
        assertThat(Arrays.asList(f.apply(1.0), f.apply(0.25), f.apply(Double.NaN), f.apply(Double.NEGATIVE_INFINITY)))
                .containsExactly("1", "0.25", "NaN", "-Inf");
    }

    @Test
    void nvmlInfoExplainsAMissingDriverAndExitsZero() {
        Result text = run("nvml-info", "--library", "/nonexistent/libnvidia-ml.so.1");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out())
                .startsWith("NVML unavailable: NVIDIA driver not found: /nonexistent/libnvidia-ml.so.1 "
                        + "could not be loaded");
        Result json = run("nvml-info", "--json", "--library", "/nonexistent/libnvidia-ml.so.1");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).startsWith("{\"available\":false,").contains("\"reason\":\"NVIDIA driver not found");
    }

    @Test
    void nvmlInfoWithTheDefaultLibraryAlwaysExitsZero() {
        Result r = run("nvml-info");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).matches("(?s)(NVML unavailable: .+|NVML library: .+GPUs: \\d+.*)");
    }
}
