package io.gridscope.console.app;

import io.gridscope.history.HistoryStore;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.AccountingSignals;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores budget status and today's idle cost as series ({@link AccountingSignals}) every few minutes, so alert rules
 * can use them like any measurement. Runs on its own thread ({@code gridscope-accounting}); does nothing while there
 * is no accounting file; an invalid file or a failed computation is logged and kept as {@link #lastProblem()},
 * and the next run tries again.
 */
public final class AccountingPublisher implements AutoCloseable {
    public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(AccountingPublisher.class);

    private final HistoryStore store;
    private final java.util.function.Consumer<Snapshot> also;
    private final Path accountingFile;
    private final String host;
    private final Clock clock;
    private final AtomicReference<Optional<String>> lastProblem = new AtomicReference<>(Optional.empty());
    private ScheduledExecutorService executor;

    public AccountingPublisher(HistoryStore store, Path accountingFile, String host, Clock clock) {
        this(store, accountingFile, host, clock, s -> {});
    }

    /** As above; {@code also} receives every snapshot appended (the alert engine). */
    public AccountingPublisher(
            HistoryStore store,
            Path accountingFile,
            String host,
            Clock clock,
            java.util.function.Consumer<Snapshot> also) {
        this.also = also;
        this.store = store;
        this.accountingFile = accountingFile;
        this.host = host;
        this.clock = clock;
    }

    public synchronized void start(Duration period) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(BackgroundPriority.daemonThreads("gridscope-accounting"));
        executor.scheduleWithFixedDelay(this::runOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One computation and append; what the scheduled runs do. Returns what was appended. */
    public List<Sample> runOnce() {
        try {
            if (!Files.isRegularFile(accountingFile)) {
                lastProblem.set(Optional.empty());
                return List.of();
            }
            AccountingConfig config = AccountingFile.load(accountingFile, Currency.getInstance("EUR"));
            Instant now = clock.instant();
            AccountingEngine engine = new AccountingEngine(
                    config,
                    new HistoryUsageSource(store.reader()),
                    AccountingIntensity.lookupFor(config, store.reader()),
                    clock);
            ZonedDateTime day = now.atZone(config.timeZone()).toLocalDate().atStartOfDay(config.timeZone());
            ZonedDateTime month = day.withDayOfMonth(1);
            List<Sample> samples = new ArrayList<>();
            if (now.isAfter(day.toInstant())) {
                AccountingReport today =
                        engine.report(new ReportRequest(day.toInstant(), now, GroupBy.GPU, config.currency()));
                samples.addAll(AccountingSignals.gpuCostPerDay(
                        host, today, day.toInstant().toEpochMilli(), now.toEpochMilli()));
                for (GroupBy by : List.of(GroupBy.TEAM, GroupBy.PROJECT)) {
                    // this month's groups carry their budget status (the budget's own period is computed inside)
                    AccountingReport r =
                            engine.report(new ReportRequest(month.toInstant(), now, by, config.currency()));
                    for (Sample s : AccountingSignals.samples(host, r, today, now.toEpochMilli())) {
                        if (by == GroupBy.TEAM || !s.series().metric().equals(AccountingSignals.IDLE_COST_TODAY)) {
                            samples.add(s);
                        }
                    }
                }
            }
            if (!samples.isEmpty()) {
                Snapshot snapshot = Snapshot.of("accounting", now.toEpochMilli(), samples);
                store.append(snapshot);
                also.accept(snapshot);
            }
            lastProblem.set(Optional.empty());
            return samples;
        } catch (Exception e) {
            String message = "accounting signals not stored: " + e.getMessage();
            if (!Optional.of(message).equals(lastProblem.get())) {
                log.warn(message, e);
            }
            lastProblem.set(Optional.of(message));
            return List.of();
        }
    }

    /** Why the last run stored nothing, if it failed. */
    public Optional<String> lastProblem() {
        return lastProblem.get();
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }
}
