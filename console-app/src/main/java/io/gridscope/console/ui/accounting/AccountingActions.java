package io.gridscope.console.ui.accounting;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.AccountingService.ReportResult;
import io.gridscope.console.app.AccountingService.SaveOutcome;
import io.gridscope.console.app.AccountingService.TodaySummary;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.ConfigException;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;

/**
 * What the accounting pages ask of the accounting (which runs on its own thread, never the FX thread). Every
 * callback runs on the FX thread; the properties change only there.
 */
public interface AccountingActions {
    /** The accounting file's state: the configuration in force, the file's problems; null until first known. */
    ReadOnlyObjectProperty<ConfigState> configState();

    /** Today's figures so far, refreshed about every minute; null until first computed. */
    ReadOnlyObjectProperty<TodaySummary> today();

    /**
     * Computes {@code request} (and the period of the same length before it, with {@code withPrevious}). A newer
     * request of the same {@code requester} replaces one that has not started.
     */
    void report(String requester, ReportRequest request, boolean withPrevious, Consumer<ReportResult> onFx);

    /** Validates {@code text} as the accounting file; {@code onFx} gets its problems, empty when it is valid. */
    void validate(String text, Consumer<List<ConfigException.Problem>> onFx);

    /** Saves {@code text} as the accounting file if it is valid and the file still says {@code expectedBefore}. */
    void save(String expectedBefore, String text, Consumer<SaveOutcome> onFx);

    /** Reads the accounting file again. */
    void reload();
}
