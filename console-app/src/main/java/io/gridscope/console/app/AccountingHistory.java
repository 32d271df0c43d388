package io.gridscope.console.app;

import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data path's history as the console's accounting reads it, from one thread: the reader is opened on first use
 * and kept until {@link #close}; every {@link #engine} is built over it with the configuration given and the grid
 * intensities {@link AccountingIntensity} chooses. {@link AccountingService} and {@link ReportsService} each keep one
 * on their own thread, so a reader is never shared between threads.
 */
final class AccountingHistory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccountingHistory.class);
    private final AccountingAccess access;
    private final Clock clock;
    private HistoryReader reader;

    AccountingHistory(AccountingAccess access, Clock clock) {
        this.access = Objects.requireNonNull(access);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The reader, opened now if it is not open yet.
     *
     * @throws RuntimeException (a {@link UserFacingException} or the history's own) when the history cannot be read
     */
    HistoryReader reader() {
        if (reader == null) {
            reader = access.history().get();
        }
        return reader;
    }

    /** An engine over the history with {@code config}. */
    AccountingEngine engine(AccountingConfig config) {
        HistoryReader r = reader();
        return new AccountingEngine(config, new HistoryUsageSource(r), AccountingIntensity.lookupFor(config, r), clock);
    }

    /** Closes the reader, if it was opened; a later call opens it again. */
    @Override
    public void close() {
        if (reader != null) {
            HistoryReader r = reader;
            reader = null;
            r.close();
        }
    }

    /**
     * Stops {@code thread}, the one thread that reads through {@code history}, waiting up to 5 s for its task in
     * progress, then closes the reader. A thread still busy after that is interrupted and keeps its reader (closing
     * it under a read would only make the read fail).
     *
     * @param what names the thread in the log ("accounting")
     * @param history read once the thread has stopped; null when none was opened
     */
    static void stop(ExecutorService thread, String what, Supplier<AccountingHistory> history) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{} still busy after 5 s; leaving it", what);
                thread.shutdownNow();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        AccountingHistory h = history.get();
        if (h != null) {
            h.close();
        }
    }
}
