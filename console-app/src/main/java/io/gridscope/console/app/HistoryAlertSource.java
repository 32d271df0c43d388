package io.gridscope.console.app;

import io.gridscope.history.HistoryReader;
import io.gridscope.history.records.AlertRow;
import io.gridscope.reports.document.ReportBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The alerts of the on-call report, from a history: {@link HistoryReader#alerts} lists the alerts open at some time
 * since the period's start (newest first), and those that fired in the period are kept. At most {@value #MAX_ALERTS}
 * are read: a period with more open since its start is refused rather than reported in part.
 */
public final class HistoryAlertSource implements ReportBuilder.AlertSource {
    static final int MAX_ALERTS = 100_000;

    private final Supplier<HistoryReader> reader;
    private final int max;

    /** @param reader the history, opened when the first report asks (on the caller's thread) */
    public HistoryAlertSource(Supplier<HistoryReader> reader) {
        this(reader, MAX_ALERTS);
    }

    HistoryAlertSource(Supplier<HistoryReader> reader, int max) {
        this.reader = Objects.requireNonNull(reader);
        this.max = max;
    }

    @Override
    public List<AlertRow> firedBetween(Instant from, Instant to) {
        List<AlertRow> open = reader.get().alerts(Set.of(), from.toEpochMilli(), max + 1);
        if (open.size() > max) {
            throw new UserFacingException(
                    "More than " + max + " alerts were open at some time since " + from + "; the on-call report reads"
                            + " at most " + max + ": choose a later period.",
                    ExitCodes.FAILURE);
        }
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        return open.stream()
                .filter(a -> a.firedAtMillis() != 0 && a.firedAtMillis() >= start && a.firedAtMillis() < end)
                .toList();
    }
}
