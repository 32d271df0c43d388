package io.gridscope.console.app;

import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.time.Clock;
import java.util.Objects;

/**
 * A data path's history as the console's accounting reads it, from one thread: the reader is opened on first use
 * and kept until {@link #close}; every {@link #engine} is built over it with the configuration given and the grid
 * intensities {@link AccountingIntensity} chooses. {@link AccountingService} and {@link ReportsService} each keep one
 * on their own thread, so a reader is never shared between threads.
 */
final class AccountingHistory implements AutoCloseable {
    private final AccountingAccess access;
    private final Clock clock;
    private HistoryReader reader;

    AccountingHistory(AccountingAccess access, Clock clock) {
        this.access = Objects.requireNonNull(access);
        this.clock = Objects.requireNonNull(clock);
    }

    AccountingAccess access() {
        return access;
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
}
