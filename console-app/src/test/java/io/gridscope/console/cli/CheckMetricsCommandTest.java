package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckMetricsCommandTest {
    @TempDir
    Path tmp;

    private static final String TEXT = """
            # HELP node_load1 1m load average.
            # TYPE node_load1 gauge
            node_load1 0.5
            # TYPE node_cpu_seconds_total counter
            node_cpu_seconds_total{cpu="0",mode="idle"} 100
            node_cpu_seconds_total{cpu="0",mode="user"} 10
            """;

    private static CliTest.Result runWithStdin(String stdin, String... args) {
        CommandLine root = GridscopeCommand.commandLine();
        CommandLine check = root.getSubcommands().get("check-metrics");
        CommandLine cl = new CommandLine(
                new CheckMetricsCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
        assertThat(check).isNotNull();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliTest.Result(code, out.toString(), err.toString());
    }

    @Test
    void validFilePrintsOneJsonLine() throws Exception {
        Path f = Files.writeString(tmp.resolve("m.prom"), TEXT);
        CliTest.Result r = CliTest.run("check-metrics", f.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo("{\"families\":2,\"samples\":3,\"types\":{\"counter\":1,\"gauge\":1}}"
                        + System.lineSeparator());
    }

    @Test
    void invalidInputNamesTheLineAndExitsOne() throws Exception {
        Path f = Files.writeString(tmp.resolve("bad.prom"), "a 1\nb{x=1} 2\n");
        CliTest.Result r = CliTest.run("check-metrics", "--format", "prometheus", f.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("gridscope: " + f + ": invalid Prometheus text: line 2, column 5:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void autoDetectsOpenMetricsFromItsEofLine() throws Exception {
        Path f = Files.writeString(tmp.resolve("m.om"), "# TYPE a counter\na_total 1\n# EOF\n");
        assertThat(CliTest.run("check-metrics", f.toString()).out()).startsWith("{\"families\":1,\"samples\":1,");
        CliTest.Result strict = CliTest.run(
                "check-metrics",
                "--format",
                "openmetrics",
                Files.writeString(tmp.resolve("x"), TEXT).toString());
        assertThat(strict.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(strict.err()).contains("missing '# EOF'");
    }

    /** client_golang's OpenMetrics output for a histogram that observed negative values. */
    private static final String GO_NEGATIVE_SUM = """
            # HELP inlet_temperature_delta_celsius Change of the inlet temperature between two readings.
            # TYPE inlet_temperature_delta_celsius histogram
            inlet_temperature_delta_celsius_bucket{rack="r7",le="-1.0"} 2
            inlet_temperature_delta_celsius_bucket{rack="r7",le="0.0"} 5
            inlet_temperature_delta_celsius_bucket{rack="r7",le="+Inf"} 7
            inlet_temperature_delta_celsius_sum{rack="r7"} -3.1
            inlet_temperature_delta_celsius_count{rack="r7"} 7
            inlet_temperature_delta_celsius_created{rack="r7"} 1.7401248e+09
            # EOF
            """;

    @Test
    void theStrictVerdictNamesTheRuleAndWhetherPrometheusAcceptsIt() throws Exception {
        Path f = Files.writeString(tmp.resolve("go.om"), GO_NEGATIVE_SUM);
        CliTest.Result r = CliTest.run("check-metrics", f.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("gridscope: " + f + ": invalid OpenMetrics: line 6, column 1: counter-like sample"
                        + " inlet_temperature_delta_celsius_sum cannot be negative (-3.1) — breaks OpenMetrics 1.0,"
                        + " Histogram: Sum, Count and bucket values are counters so MUST NOT be NaN or negative"
                        + " (Prometheus' scrape accepts this)" + System.lineSeparator());

        CliTest.Result refused = runWithStdin("a 1\n", "--format", "openmetrics");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err())
                .endsWith("line 1: missing '# EOF' at the end of the input — breaks OpenMetrics 1.0, Overall"
                        + " Structure: expositions MUST end with '# EOF'" + System.lineSeparator())
                .doesNotContain("Prometheus' scrape accepts");

        CliTest.Result text = runWithStdin("# TYPE a gauge\na 1\n# TYPE a gauge\n", "--format", "prometheus");
        assertThat(text.err())
                .contains("line 3, column 1: second # TYPE for 'a' — breaks Prometheus text format 0.0.4, Comments,"
                        + " help text, and type information: only one TYPE line may exist for a given metric name"
                        + " (Prometheus' scrape accepts this)");
    }

    @Test
    void aTextFileEndingWithEofIsCheckedAsText() throws Exception {
        // the Go client's text encoder, a blank line, a comment and a final '# EOF' comment
        String text = """
                # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
                # TYPE process_cpu_seconds_total counter
                process_cpu_seconds_total 12.5

                # exported by a cron job
                # HELP inlet_temperature_delta_celsius Change of the inlet temperature.
                # TYPE inlet_temperature_delta_celsius histogram
                inlet_temperature_delta_celsius_bucket{le="-1"} 2
                inlet_temperature_delta_celsius_bucket{le="+Inf"} 7
                inlet_temperature_delta_celsius_sum -3.1
                inlet_temperature_delta_celsius_count 7
                # EOF
                """;
        Path f = Files.writeString(tmp.resolve("job.prom"), text);
        CliTest.Result r = CliTest.run("check-metrics", f.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\"families\":2,\"samples\":5,");
        assertThat(r.err())
                .isEqualTo("gridscope: " + f + ": checked as Prometheus text, where the final '# EOF' is a comment:"
                        + " nothing else in it is only OpenMetrics (--format openmetrics checks it as OpenMetrics)"
                        + System.lineSeparator());
        CliTest.Result stdin = runWithStdin(text);
        assertThat(stdin.exitCode()).as(stdin.err()).isZero();
    }

    @Test
    void readsStandardInput() {
        CliTest.Result r = runWithStdin(TEXT, "-");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\"families\":2,\"samples\":3,");
        CliTest.Result om = runWithStdin("a 1\n\n# EOF\n", "--format", "openmetrics");
        assertThat(om.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(om.err()).contains("line 2");
    }

    @Test
    void missingFileIsAnIoError() {
        CliTest.Result r = CliTest.run("check-metrics", tmp.resolve("nope").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).startsWith("gridscope: no such file:");
    }

    @Test
    void emptyInputIsAnErrorUnlessAllowed() throws Exception {
        for (String empty : new String[] {"", "\n", "# just a comment\n", "# TYPE a gauge\n"}) {
            CliTest.Result r = runWithStdin(empty);
            assertThat(r.exitCode()).as(empty).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err())
                    .as(empty)
                    .isEqualTo("gridscope: <stdin>: no samples (empty input); --allow-empty accepts it"
                            + System.lineSeparator());
            assertThat(r.out()).isEmpty();
        }
        Path file = Files.writeString(tmp.resolve("empty.prom"), "");
        CliTest.Result fromFile = CliTest.run("check-metrics", file.toString());
        assertThat(fromFile.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(fromFile.err()).startsWith("gridscope: " + file + ": no samples (empty input)");

        CliTest.Result allowed = runWithStdin("", "--allow-empty");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).startsWith("{\"families\":0,\"samples\":0,");
    }

    @Test
    void badUtf8IsReportedAtItsOneBasedColumn() throws Exception {
        byte[] text = "ok 1\na{x=\"\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(text, text.length + 6);
        System.arraycopy(new byte[] {(byte) 0xff, '"', '}', ' ', '1', '\n'}, 0, bytes, text.length, 6);
        Path f = Files.write(tmp.resolve("utf8.prom"), bytes);
        CliTest.Result r = CliTest.run("check-metrics", "--format", "prometheus", f.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err())
                .isEqualTo("gridscope: " + f + ": invalid Prometheus text: line 2, column 7: byte 0xff is not valid "
                        + "UTF-8 — breaks Prometheus text format 0.0.4, Basic info: HELP text and label values are"
                        + " UTF-8" + System.lineSeparator());
    }

    @Test
    void anErrorOfAWholeLineNamesTheLineOnly() throws Exception {
        Path f = Files.writeString(tmp.resolve("long.prom"), "a 1\n" + "b".repeat(100) + " 1\n");
        CliTest.Result r = CliTest.run("check-metrics", "--max-line-bytes", "64", f.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains(": line 2: line is longer than the limit of 64 bytes");
    }
}
