package io.gridscope.console.cli;

import io.gridscope.collectors.prometheus.exposition.ExpositionCheck;
import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.ExpositionParser;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridscope check-metrics [FILE|-]}: validates Prometheus/OpenMetrics exposition text, like promtool. The
 * verdict is strict (every rule of the format); each error names the rule broken and says when Prometheus' scrape
 * would ingest the payload anyway (as Gridscope's scraper then does, with a warning on the source).
 */
@Command(
        name = "check-metrics",
        mixinStandardHelpOptions = true,
        description = {
            "Validate Prometheus text 0.0.4 or OpenMetrics 1.0 exposition text.",
            "Valid: prints {\"families\":N,\"samples\":M,\"types\":{...}} (families per type) and exits 0.",
            "Invalid: prints the error with its line and column on stderr, the rule it breaks (the",
            "specification and section) and whether Prometheus' scrape would ingest the input anyway;",
            "exits 1.",
            "Empty (no samples, e.g. nothing answered the curl): an error, exit 1,",
            "unless --allow-empty is given."
        },
        footer = {
            "",
            "Examples:",
            "  curl -s http://127.0.0.1:9100/metrics | ./gridscope check-metrics",
            "  ./gridscope check-metrics --format openmetrics metrics.txt"
        })
public final class CheckMetricsCommand implements Callable<Integer> {
    /** Largest standard input accepted with {@code --format auto} (it is held in memory to decide its format). */
    static final int MAX_STDIN_BYTES = 256 * 1024 * 1024;

    /** The {@code --format} values. */
    enum Format {
        auto,
        prometheus,
        openmetrics
    }

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "auto",
            description = "auto, prometheus or openmetrics (default: ${DEFAULT-VALUE}). auto reads OpenMetrics when "
                    + "the input ends with '# EOF' and shows something only OpenMetrics writes (a # UNIT line, an "
                    + "OpenMetrics-only type, x_total under '# TYPE x counter', an exemplar, a timestamp in "
                    + "seconds with a fraction); else Prometheus text, where '# EOF' is a comment.")
    Format format;

    @Option(
            names = "--max-line-bytes",
            paramLabel = "BYTES",
            defaultValue = "1048576",
            description = "Longest accepted line (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(
            names = "--allow-empty",
            description = "Accept input without any sample (by default an error: an endpoint that did not answer "
                    + "also gives empty input).")
    boolean allowEmpty;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            defaultValue = "-",
            description = "File to check, or - for standard input (default).")
    String file;

    @Spec
    CommandSpec spec;

    private final InputStream stdin;

    public CheckMetricsCommand() {
        this(System.in);
    }

    CheckMetricsCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        if (maxLineBytes < 64) {
            throw new UserFacingException("--max-line-bytes must be at least 64", ExitCodes.USAGE);
        }
        boolean fromStdin = file.equals("-");
        String name = fromStdin ? "<stdin>" : file;
        ExpositionCheck.Outcome outcome;
        boolean eofComment = false;
        try {
            if (fromStdin) {
                byte[] all = null;
                if (format == Format.auto) {
                    all = readStdin();
                    eofComment = ExpositionFormat.endsWithEof(all, all.length);
                }
                outcome = checkStdin(all);
            } else {
                Path path = Path.of(file);
                if (!Files.isRegularFile(path)) {
                    throw new UserFacingException("no such file: " + file, ExitCodes.IO);
                }
                ExpositionFormat f = resolve(path);
                eofComment = format == Format.auto && ExpositionCheck.endsWithEof(path);
                try (InputStream in = Files.newInputStream(path)) {
                    outcome = ExpositionCheck.check(in, new ExpositionParser(f, maxLineBytes, 0));
                }
            }
            eofComment &= formatOf(outcome) == ExpositionFormat.PROMETHEUS_TEXT;
        } catch (NoSuchFileException e) {
            throw new UserFacingException("no such file: " + file, ExitCodes.IO, e);
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + name + ": " + e.getMessage(), ExitCodes.IO, e);
        }
        if (eofComment) {
            spec.commandLine()
                    .getErr()
                    .println("gridscope: " + name + ": checked as Prometheus text, where the final '# EOF' is a "
                            + "comment: nothing else in it is only OpenMetrics (--format openmetrics checks it as "
                            + "OpenMetrics)");
        }
        if (outcome instanceof ExpositionCheck.Invalid invalid) {
            spec.commandLine()
                    .getErr()
                    .println("gridscope: " + name + ": invalid " + formatName(invalid.format()) + ": "
                            + invalid.error().describe());
            return ExitCodes.FAILURE;
        }
        if (!allowEmpty && outcome instanceof ExpositionCheck.Valid valid && valid.samples() == 0) {
            spec.commandLine()
                    .getErr()
                    .println("gridscope: " + name + ": no samples (empty input); --allow-empty accepts it");
            return ExitCodes.FAILURE;
        }
        spec.commandLine().getOut().println(outcome.toJson());
        return ExitCodes.OK;
    }

    /** Checks standard input: streamed with an explicit format, else {@code all} of it (read by {@link #readStdin}). */
    private ExpositionCheck.Outcome checkStdin(byte[] all) throws IOException {
        if (all == null) {
            return ExpositionCheck.check(stdin, new ExpositionParser(explicit(), maxLineBytes, 0));
        }
        ExpositionFormat f = ExpositionCheck.detect(all);
        return ExpositionCheck.check(new ByteArrayInputStream(all), new ExpositionParser(f, maxLineBytes, 0));
    }

    /** All of standard input, which {@code --format auto} needs in memory to decide the format. */
    private byte[] readStdin() throws IOException {
        byte[] all = stdin.readNBytes(MAX_STDIN_BYTES + 1);
        if (all.length > MAX_STDIN_BYTES) {
            throw new UserFacingException(
                    "standard input is larger than " + MAX_STDIN_BYTES
                            + " bytes; pass a file or --format to check it as a stream",
                    ExitCodes.FAILURE);
        }
        return all;
    }

    private static ExpositionFormat formatOf(ExpositionCheck.Outcome outcome) {
        return switch (outcome) {
            case ExpositionCheck.Valid v -> v.format();
            case ExpositionCheck.Invalid i -> i.format();
        };
    }

    private ExpositionFormat resolve(Path path) throws IOException {
        return format == Format.auto ? ExpositionCheck.detect(path) : explicit();
    }

    private ExpositionFormat explicit() {
        return format == Format.openmetrics ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT;
    }

    private static String formatName(ExpositionFormat f) {
        return f == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text";
    }
}
