package io.gridscope.console.cli;

import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.ExpositionHandler;
import io.gridscope.collectors.prometheus.exposition.ExpositionParseException;
import io.gridscope.collectors.prometheus.exposition.ExpositionParser;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.collectors.prometheus.scrape.RawSeries;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.DataDirectory;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.StorageSettings;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryImport;
import io.gridscope.history.HistoryOptions;
import io.gridscope.history.ImportException;
import io.gridscope.history.ImportSummary;
import io.gridscope.model.Durations;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridscope import FILE}: backfills the history from OpenMetrics text with timestamps, as {@code promtool
 * tsdb create-blocks-from openmetrics} does for Prometheus.
 *
 * <p>The text is read by the collectors' exposition parser in OpenMetrics mode (line by line, bounded line length,
 * the specification's rules: {@code # EOF} at the end, each series' samples in time order), every sample becomes
 * the series a raw scrape would store it under ({@link RawSeries}) with a {@code host} label, and {@link
 * HistoryImport} writes it. Parsing stays in {@code collectors} and storing in {@code history}; this command wires
 * the two, as {@code collect} does. All or nothing: any error (a malformed line, a refused sample, a failed write,
 * a timeout, Ctrl-C) leaves the history as it was, and the message says so.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Backfill the history from OpenMetrics text with a timestamp on every sample",
            "(seconds, may be fractional) and '# EOF' at the end, as promtool's",
            "'tsdb create-blocks-from openmetrics' reads it. The history then holds what",
            "collecting those samples live would have stored. All or nothing: on any error",
            "nothing is imported."
        },
        footer = {
            "",
            "Each sample is stored as a scrape stores it: its name and labels, no unit,",
            "a counter for the _total samples of counter families, else a gauge. It needs",
            "a host label: its own, else its instance label, else --host. NaN and infinite",
            "values are skipped, as when scraping. Samples at a time already stored for",
            "their series are skipped and counted (importing a file twice changes nothing);",
            "so are samples older than the 1-hour retention and samples in hours the",
            "history keeps only as rollups.",
            "",
            "Errors: FILE:LINE: message, exit 1. Another Gridscope process using the",
            "history (collect, the console, a query): refused, exit 3. Ctrl-C: exit 130.",
            "",
            "Examples:",
            "  ./gridscope import node-2026-02.om",
            "  ./gridscope import --host gpu-07 dcgm.om --data-dir /tmp/g1"
        })
public final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "OpenMetrics text file to import.")
    Path file;

    @Option(
            names = "--host",
            paramLabel = "NAME",
            description = "Host label for samples with neither a host nor an instance label (default: none; "
                    + "such a sample is an error).")
    String host;

    @Option(
            names = "--max-series",
            paramLabel = "N",
            defaultValue = "" + HistoryImport.DEFAULT_MAX_SERIES,
            description = "Most series the file may hold (default: ${DEFAULT-VALUE}).")
    int maxSeries;

    @Option(
            names = "--max-line-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + ExpositionParser.DEFAULT_MAX_LINE_BYTES,
            description = "Longest accepted line (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(
            names = "--max-file-size",
            paramLabel = "SIZE",
            defaultValue = "2GiB",
            description = "Largest file accepted, e.g. 500MB or 8GiB (default: ${DEFAULT-VALUE}).")
    String maxFileSize;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "1h",
            description = "Give up (importing nothing) after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--progress",
            description = "Report progress on stderr every second also when it is not a terminal (on a terminal it"
                    + " always is).")
    boolean progress;

    @Spec
    CommandSpec spec;

    /** A sample this command refuses (no timestamp, no host). */
    private static final class InputRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long line;

        InputRefused(long line, String reason) {
            super(reason, null, false, false);
            this.line = line;
        }
    }

    /** The import was stopped before its end: Ctrl-C or the timeout. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long line;
        final boolean timedOut;

        Stopped(long line, boolean timedOut) {
            super(null, null, false, false);
            this.line = line;
            this.timedOut = timedOut;
        }
    }

    /** Bytes read so far, for the progress report. */
    private static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Turns parsed samples into stored ones; runs on the parsing thread. */
    private final class Reader implements ExpositionHandler {
        private final HistoryImport target;
        private final CountingInputStream in;
        private final ImportProgress report;
        private final AtomicBoolean interrupted;
        private final long deadlineNanos;
        long samplesRead;
        long nonFinite;
        private SeriesId lastSeries;
        private String lastName;
        private String[] lastLabels;

        Reader(
                HistoryImport target,
                CountingInputStream in,
                ImportProgress report,
                AtomicBoolean interrupted,
                long deadlineNanos) {
            this.target = target;
            this.in = in;
            this.report = report;
            this.interrupted = interrupted;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void sample(ParsedSample s) {
            samplesRead++;
            if (interrupted.get()) {
                throw new Stopped(s.line(), false);
            }
            if ((samplesRead & 1023) == 0) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw new Stopped(s.line(), true);
                }
                report.update(in.count, samplesRead);
            }
            if (!s.hasTimestamp()) {
                throw new InputRefused(
                        s.line(),
                        "the sample of " + describe(s) + " has no timestamp; an import needs one on every" + " sample");
            }
            if (!RawSeries.isSample(s.value())) {
                nonFinite++;
                return;
            }
            SeriesId id = sameSeriesAsBefore(s) ? lastSeries : seriesOf(s);
            target.add(new Sample(id, s.timestampMillis(), s.value()), s.line());
        }

        /** True when {@code s} has the name and labels of the sample before it (files group a series' samples). */
        private boolean sameSeriesAsBefore(ParsedSample s) {
            if (lastSeries == null || !s.name().equals(lastName) || s.labelCount() * 2 != lastLabels.length) {
                return false;
            }
            for (int i = 0; i < s.labelCount(); i++) {
                if (!s.labelName(i).equals(lastLabels[2 * i])
                        || !s.labelValue(i).equals(lastLabels[2 * i + 1])) {
                    return false;
                }
            }
            return true;
        }

        private SeriesId seriesOf(ParsedSample s) {
            Labels labels = s.labels();
            if (labels.get("host").isEmpty()) {
                Optional<String> instance = labels.get("instance");
                String h = instance.orElse(host);
                if (h == null) {
                    throw new InputRefused(
                            s.line(),
                            describe(s) + " has neither a host nor an instance label; --host NAME gives one"
                                    + " to such samples");
                }
                labels = labels.with("host", h);
            }
            SeriesId id;
            try {
                id = RawSeries.of(s, labels);
            } catch (IllegalArgumentException e) {
                throw new InputRefused(s.line(), e.getMessage());
            }
            lastSeries = id;
            lastName = s.name();
            lastLabels = new String[2 * s.labelCount()];
            for (int i = 0; i < s.labelCount(); i++) {
                lastLabels[2 * i] = s.labelName(i);
                lastLabels[2 * i + 1] = s.labelValue(i);
            }
            return id;
        }

        private static String describe(ParsedSample s) {
            Labels l = s.labels();
            return l.isEmpty() ? s.name() : s.name() + l.canonical();
        }
    }

    @Override
    public Integer call() {
        if (maxSeries < 1) {
            throw new UserFacingException("--max-series must be at least 1", ExitCodes.USAGE);
        }
        if (maxLineBytes < 64) {
            throw new UserFacingException("--max-line-bytes must be at least 64", ExitCodes.USAGE);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new UserFacingException("--timeout must be positive", ExitCodes.USAGE);
        }
        long maxBytes;
        try {
            maxBytes = StorageSettings.parseSize(maxFileSize);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(
                    "invalid --max-file-size '" + maxFileSize + "': " + e.getMessage(), ExitCodes.USAGE, e);
        }
        if (maxBytes <= 0) {
            throw new UserFacingException("--max-file-size must be positive", ExitCodes.USAGE);
        }
        String name = file.toString();
        long size = inputSize(name, maxBytes);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AppPaths paths = DataDirMixin.paths(spec);
        CollectionSettings saved = CollectionSettings.load(UiSettings.load(paths.configDir()));
        saved.warnings().forEach(w -> err.println("gridscope: warning: " + w));
        HistoryOptions options = saved.storage().applyTo(HistoryOptions.defaults());
        Path dir = DataDirectory.prepare(paths.dataDir(), "data directory");

        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    interrupted.set(true);
                    try {
                        // let the main thread roll back and say so before the JVM exits
                        finished.await(15, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                },
                "gridscope-import-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        ImportProgress report =
                new ImportProgress(err, size, progress || ImportProgress.onTerminal(), System::nanoTime);
        Reader reader = null;
        try {
            ImportSummary summary;
            try (HistoryImport target = HistoryImport.open(dir, options, maxSeries, "import:" + file.getFileName());
                    CountingInputStream in = new CountingInputStream(Files.newInputStream(file))) {
                reader = new Reader(target, in, report, interrupted, t0 + timeout.toNanos());
                new ExpositionParser(ExpositionFormat.OPENMETRICS, maxLineBytes, 0).parse(in, reader);
                if (reader.samplesRead == 0) {
                    report.done(in.count, 0);
                    err.println(name + ": no samples; nothing imported");
                    return ExitCodes.FAILURE;
                }
                summary = target.commit();
                report.done(in.count, reader.samplesRead);
            }
            printSummary(out, err, name, dir, options, summary, reader, System.nanoTime() - t0);
            return ExitCodes.OK;
        } catch (ExpositionParseException e) {
            report.abandon();
            err.println(name + ":" + e.line() + ": " + e.reason()
                    + (e.column() > 0 ? " (column " + e.column() + ")" : "") + "; nothing imported");
            return ExitCodes.FAILURE;
        } catch (InputRefused e) {
            report.abandon();
            err.println(name + ":" + e.line + ": " + e.getMessage() + "; nothing imported");
            return ExitCodes.FAILURE;
        } catch (ImportException e) {
            report.abandon();
            err.println(name + ":" + e.line() + ": " + e.reason()
                    + (e.isSeriesLimit() ? " (--max-series raises it)" : "") + "; nothing imported");
            return ExitCodes.FAILURE;
        } catch (Stopped e) {
            report.abandon();
            if (e.timedOut) {
                err.println("gridscope: " + name + ": stopped at line " + e.line + " after --timeout "
                        + Durations.format(timeout) + "; nothing imported");
                return ExitCodes.FAILURE;
            }
            err.println("gridscope: " + name + ": interrupted at line " + e.line + "; nothing imported");
            return ExitCodes.INTERRUPTED;
        } catch (HistoryException e) {
            report.abandon();
            throw new UserFacingException(
                    "cannot import " + name + ": " + e.getMessage() + "; nothing imported", ExitCodes.IO, e);
        } catch (IOException e) {
            report.abandon();
            throw new UserFacingException(
                    "cannot read " + name + ": " + reason(e) + "; nothing imported", ExitCodes.IO, e);
        } finally {
            finished.countDown();
            if (!interrupted.get()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the JVM is exiting; the hook is running or has run
                }
            }
        }
    }

    /** The input's size, after checking that it is a readable regular file within the size limit. */
    private long inputSize(String name, long maxBytes) {
        if (!Files.exists(file)) {
            throw new UserFacingException("no such file: " + name, ExitCodes.IO);
        }
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException(
                    name + " is not a regular file (an import reads a file of known size; save a stream to a file"
                            + " first)",
                    ExitCodes.IO);
        }
        if (!Files.isReadable(file)) {
            throw new UserFacingException("cannot read " + name + ": permission denied", ExitCodes.IO);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + name + ": " + reason(e), ExitCodes.IO, e);
        }
        if (size > maxBytes) {
            throw new UserFacingException(
                    name + " is " + size + " bytes, more than --max-file-size " + maxFileSize + "; nothing imported",
                    ExitCodes.FAILURE);
        }
        return size;
    }

    private static String reason(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }

    private static void printSummary(
            PrintWriter out,
            PrintWriter err,
            String name,
            Path dir,
            HistoryOptions options,
            ImportSummary s,
            Reader reader,
            long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        out.printf(
                Locale.ROOT,
                "imported %d samples of %d series (%d new, %d existing) from %s into %s in %.1f s (%d samples"
                        + " read, %.0f samples/s)%n",
                s.samplesImported(),
                s.seriesNew() + s.seriesExisting(),
                s.seriesNew(),
                s.seriesExisting(),
                name,
                dir.resolve(io.gridscope.history.HistoryStore.FILE_NAME),
                seconds,
                reader.samplesRead,
                reader.samplesRead / Math.max(seconds, 1e-3));
        if (s.samplesImported() > 0) {
            out.println("time range: " + Instant.ofEpochMilli(s.firstEpochMillis()) + " to "
                    + Instant.ofEpochMilli(s.lastEpochMillis()));
        }
        out.printf(
                Locale.ROOT,
                "skipped: %d duplicates, %d conflicts, %d NaN or infinite values, %d older than the 1-hour"
                        + " retention (%s), %d in hours kept only as rollups%n",
                s.duplicates(),
                s.conflicts(),
                reader.nonFinite,
                s.olderThanRetention(),
                Durations.format(options.hourRetention()),
                s.inRollupOnlyPeriods());
        if (s.rollupsOnly() > 0) {
            out.printf(
                    Locale.ROOT,
                    "kept as rollups only: %d samples older than the raw retention (%s), as retention keeps"
                            + " collected ones%n",
                    s.rollupsOnly(),
                    Durations.format(options.rawRetention()));
        }
        out.flush();
        if (s.conflicts() > 0) {
            err.println(name + ":" + s.firstConflictLine() + ": warning: " + s.conflicts() + " sample"
                    + (s.conflicts() == 1 ? " has" : "s have") + " another value than the one already stored for"
                    + " their series and time (the first on this line); the stored values were kept");
        }
    }
}
