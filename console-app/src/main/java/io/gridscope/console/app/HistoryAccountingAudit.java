package io.gridscope.console.app;

import io.gridscope.history.HistoryStore;
import io.gridscope.history.records.AuditEntry;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The accounting file's changes in the history's append-only audit log (subject {@value #SUBJECT}): who, when, the
 * whole text before and after. {@link #record} waits until the entry is committed (at most {@value
 * #COMMIT_TIMEOUT_SECONDS} s) and throws when it is not, so an unrecorded change is shown, never lost silently.
 */
public final class HistoryAccountingAudit implements AccountingAudit {
    public static final String SUBJECT = "accounting";
    static final long COMMIT_TIMEOUT_SECONDS = 10;

    private final Supplier<HistoryStore> store;

    public HistoryAccountingAudit(Supplier<HistoryStore> store) {
        this.store = store;
    }

    @Override
    public void record(Instant when, String osUser, String before, String after) {
        HistoryStore s = store.get();
        try {
            s.audit(new AuditEntry(when.toEpochMilli(), osUser, SUBJECT, "change", before, after))
                    .get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the change in the audit log", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the audit log of " + s.file() + " refused the entry: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the audit log of " + s.file() + " did not commit the entry within " + COMMIT_TIMEOUT_SECONDS
                            + " s",
                    e);
        }
    }

    @Override
    public String describe() {
        return "the history's audit log";
    }
}
