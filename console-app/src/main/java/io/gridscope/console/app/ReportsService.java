package io.gridscope.console.app;

import io.gridscope.history.HistoryException;
import io.gridscope.reports.accounting.AccountingInputException;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportExporter;
import io.gridscope.reports.document.ReportSpec;
import io.gridscope.reports.money.ExchangeRates;
import io.gridscope.reports.usage.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's reports (the Reports page), on a thread of their own, {@value #THREAD_NAME}, so that a long export
 * never holds up the accounting's figures on {@code gridscope-accounting}: builds a report's document for a preview,
 * and builds a report and writes it to a file ({@link ReportExporter#exportTo}: the file is replaced whole or left as
 * it was).
 *
 * <p>Reports are built with the accounting configuration in force (followed through {@link #follow}, as the
 * accounting publishes it) over the data path's history, read through a reader of this thread's own; the on-call
 * report reads the alerts of that history.
 *
 * <p>One job at a time: a new preview or export cancels the one still running or waiting (which then answers that it
 * was cancelled), and {@link Job#cancel} stops one. A job stops at the next step of its build, where its progress is
 * reported (the progress callback throws {@link CancellationException}); a file being written is then left as it
 * was. Every public method returns at once; progress and answers reach the callbacks on the reports thread. No JavaFX
 * here.
 */
public final class ReportsService implements AutoCloseable {
    public static final String THREAD_NAME = "gridscope-reports";
    private static final Logger log = LoggerFactory.getLogger(ReportsService.class);

    /** What builds and writes the reports: a {@link ReportExporter} over the engine in force, or a test's own. */
    public interface Reports {
        /** The document of {@code spec}; {@code progress} may throw to stop. */
        ReportDocument build(ReportSpec spec, DoubleConsumer progress);

        /** Builds {@code spec} and writes it to {@code target}, whole or not at all; {@code progress} may throw. */
        ReportExporter.Result exportTo(
                ReportSpec spec, ExportFormat format, ExportOptions options, Path target, DoubleConsumer progress)
                throws IOException;

        static Reports of(ReportExporter exporter) {
            return new Reports() {
                @Override
                public ReportDocument build(ReportSpec spec, DoubleConsumer progress) {
                    return exporter.builder().build(spec, progress);
                }

                /** A period without data is refused before anything is written, as the command line does. */
                @Override
                public ReportExporter.Result exportTo(
                        ReportSpec spec,
                        ExportFormat format,
                        ExportOptions options,
                        Path target,
                        DoubleConsumer progress)
                        throws IOException {
                    return exporter.exportTo(spec, format, options, target, progress, true);
                }
            };
        }
    }

    /** A preview or an export asked for. Any thread. */
    public static final class Job {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        /** Stops the job at the next step of its build; one that has not started never starts. */
        public void cancel() {
            cancelled.set(true);
        }

        public boolean cancelled() {
            return cancelled.get();
        }
    }

    /**
     * A preview's answer.
     *
     * @param document the report as every format writes it; empty when it failed or was cancelled
     * @param error why there is none (its message alone says what is wrong); empty when there is one or when it was
     *     cancelled
     * @param cancelled the job was cancelled (by the user, or replaced by a newer one) before it was built
     */
    public record PreviewOutcome(Optional<ReportDocument> document, String error, boolean cancelled) {
        public PreviewOutcome {
            Objects.requireNonNull(document);
            Objects.requireNonNull(error);
        }
    }

    /**
     * An export's answer.
     *
     * @param file the file to write, absolute
     * @param written whether it was written (replaced whole); false: it was left as it was
     * @param folderUri the file's folder as a URI (for the desktop's file manager); empty unless written
     * @param bytes how many bytes were written
     * @param summary what was written ("3 rows in by team"); empty unless written
     * @param document the document written (not for FOCUS)
     * @param error why nothing was written; empty when it was, or when the export was cancelled
     * @param cancelled the job was cancelled before the file was complete: nothing was written
     */
    public record ExportOutcome(
            Path file,
            boolean written,
            String folderUri,
            long bytes,
            String summary,
            Optional<ReportDocument> document,
            String error,
            boolean cancelled) {
        public ExportOutcome {
            Objects.requireNonNull(file);
            Objects.requireNonNull(folderUri);
            Objects.requireNonNull(summary);
            Objects.requireNonNull(document);
            Objects.requireNonNull(error);
        }

        static ExportOutcome failed(Path file, String error) {
            return new ExportOutcome(file, false, "", 0, "", Optional.empty(), error, false);
        }

        static ExportOutcome cancelled(Path file) {
            return new ExportOutcome(file, false, "", 0, "", Optional.empty(), "", true);
        }
    }

    private final Clock clock;
    private final Supplier<Reports> reports;
    private final ExecutorService thread;
    private final AtomicReference<Job> current = new AtomicReference<>();
    private volatile AccountingService.ConfigState state =
            AccountingService.ConfigState.unavailable("The accounting starts once the data path has started.");

    // reports thread only
    private AccountingHistory history;

    /**
     * Reports built with the accounting configuration in force over the attached data path's history. Builds
     * nothing and reads nothing (safe on the FX thread); {@link #attach} gives it the history.
     */
    public ReportsService(Clock clock) {
        this(clock, null);
    }

    /**
     * @param reports what builds and writes the reports, asked for each job on the reports thread; null: a {@link
     *     ReportExporter} over the engine in force
     */
    public ReportsService(Clock clock, Supplier<Reports> reports) {
        this.clock = Objects.requireNonNull(clock);
        this.reports = reports == null ? this::reportsInForce : reports;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    /** Builds reports with the configuration {@code accounting} has in force, as it changes. */
    public void follow(AccountingService accounting) {
        accounting.addStateListener(this::configState);
    }

    /** The accounting's state: its configuration in force, or why there is none. Any thread. */
    public void configState(AccountingService.ConfigState s) {
        state = Objects.requireNonNull(s);
    }

    /** The data path has started: reports read its history; empty: it keeps none (said in the state). */
    public void attach(Optional<AccountingAccess> dataPath) {
        run(() -> {
            if (history != null) {
                history.close();
            }
            history = dataPath.map(a -> new AccountingHistory(a, clock)).orElse(null);
        });
    }

    private Reports reportsInForce() {
        if (history == null) {
            String why = state.unavailable();
            throw new UserFacingException(
                    why.isEmpty() ? "The reports start once the data path has started." : why, ExitCodes.FAILURE);
        }
        ReportExporter exporter = new ReportExporter(
                history.engine(state.requireConfig()), Optional.of(new HistoryAlertSource(history::reader)), clock);
        return Reports.of(exporter);
    }

    // ------------------------------------------------------------------------------------------------ requests

    /**
     * Builds {@code spec}'s document; cancels the job still running or waiting.
     *
     * @param progress 0..1 as the build goes (at most about a hundred calls)
     * @param done the answer, once
     */
    public Job preview(ReportSpec spec, DoubleConsumer progress, Consumer<PreviewOutcome> done) {
        Objects.requireNonNull(spec);
        Job job = replace();
        submit(job, () -> done.accept(new PreviewOutcome(Optional.empty(), "", true)), () -> {
            PreviewOutcome outcome;
            try {
                ReportDocument doc = reports.get().build(spec, watched(job, progress));
                outcome = job.cancelled()
                        ? new PreviewOutcome(Optional.empty(), "", true)
                        : new PreviewOutcome(Optional.of(doc), "", false);
            } catch (CancellationException e) {
                outcome = new PreviewOutcome(Optional.empty(), "", true);
            } catch (RuntimeException e) {
                outcome = new PreviewOutcome(Optional.empty(), why("preview of " + describe(spec), e), false);
            } catch (Error e) {
                // answered all the same: the page would otherwise wait for ever
                done.accept(new PreviewOutcome(Optional.empty(), "The report could not be built: " + e, false));
                throw e;
            }
            done.accept(outcome);
        });
        return job;
    }

    /**
     * Builds {@code spec} and writes it to {@code target} as {@code format}; cancels the job still running or
     * waiting. A cancelled or failed export leaves {@code target} as it was.
     *
     * @param progress 0..1 as the build goes
     * @param done the answer, once
     */
    public Job export(
            ReportSpec spec,
            ExportFormat format,
            ExportOptions options,
            Path target,
            DoubleConsumer progress,
            Consumer<ExportOutcome> done) {
        Objects.requireNonNull(spec);
        Objects.requireNonNull(format);
        Objects.requireNonNull(options);
        Path file = target.toAbsolutePath();
        Job job = replace();
        submit(job, () -> done.accept(ExportOutcome.cancelled(file)), () -> {
            ExportOutcome outcome;
            try {
                ReportExporter.Result r = reports.get().exportTo(spec, format, options, file, watched(job, progress));
                Path folder = file.getParent();
                outcome = new ExportOutcome(
                        file,
                        true,
                        folder == null ? "" : folder.toUri().toString(),
                        r.bytes(),
                        r.summary(),
                        r.document(),
                        "",
                        false);
                log.info("report {} written to {} ({} bytes)", describe(spec), file, r.bytes());
            } catch (CancellationException e) {
                outcome = ExportOutcome.cancelled(file);
            } catch (IOException e) {
                log.warn("export of {} to {} failed: {}", describe(spec), file, e.toString());
                outcome = ExportOutcome.failed(file, message(e));
            } catch (RuntimeException e) {
                outcome = ExportOutcome.failed(file, why("export of " + describe(spec) + " to " + file, e));
            } catch (Error e) {
                done.accept(ExportOutcome.failed(file, "The report could not be written: " + e));
                throw e;
            }
            done.accept(outcome);
        });
        return job;
    }

    private Job replace() {
        Job job = new Job();
        Job old = current.getAndSet(job);
        if (old != null) {
            old.cancel();
        }
        return job;
    }

    private void submit(Job job, Runnable cancelled, Runnable work) {
        run(() -> {
            try {
                if (job.cancelled()) {
                    cancelled.run();
                } else {
                    work.run();
                }
            } finally {
                current.compareAndSet(job, null);
            }
        });
    }

    /** {@code progress}, told at most once per percent, that stops the build once {@code job} is cancelled. */
    private static DoubleConsumer watched(Job job, DoubleConsumer progress) {
        double[] told = {-1};
        return p -> {
            if (job.cancelled()) {
                throw new CancellationException("cancelled");
            }
            if (p >= 1 || p - told[0] >= 0.01) {
                told[0] = p;
                progress.accept(p);
            }
        };
    }

    private static String describe(ReportSpec spec) {
        return spec.kind().id() + " " + spec.period().token();
    }

    /** The message alone says what is wrong for the failures a user can act on; anything else is logged whole. */
    private static String why(String what, RuntimeException e) {
        if (e instanceof UserFacingException
                || e instanceof ExchangeRates.MissingExchangeRateException
                || e instanceof UsageException
                || e instanceof HistoryException
                || e instanceof AccountingInputException
                || e instanceof ReportExporter.NoDataException
                || e instanceof IllegalArgumentException
                || e instanceof UnsupportedOperationException) {
            log.warn("{} failed: {}", what, e.getMessage());
            return message(e);
        }
        if (e instanceof UncheckedIOException io) {
            log.warn("{} failed: {}", what, io.getCause().toString());
            return message(io.getCause());
        }
        log.error("{} failed", what, e);
        return "The report could not be built: " + e;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("reports task failed", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            log.debug("reports closed; request dropped");
        }
    }

    /**
     * Cancels the job running, stops the thread (waiting up to 5 s for the job to stop) and closes the history
     * reader. Call off the FX thread.
     */
    @Override
    public void close() {
        Job running = current.get();
        if (running != null) {
            running.cancel();
        }
        AccountingHistory.stop(thread, "reports", () -> history);
    }
}
