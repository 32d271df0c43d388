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
                        + "UTF-8" + System.lineSeparator());
    }

    @Test
    void anErrorOfAWholeLineNamesTheLineOnly() throws Exception {
        Path f = Files.writeString(tmp.resolve("long.prom"), "a 1\n" + "b".repeat(100) + " 1\n");
        CliTest.Result r = CliTest.run("check-metrics", "--max-line-bytes", "64", f.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains(": line 2: line is longer than the limit of 64 bytes");
    }
}
