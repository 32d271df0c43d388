package io.gridscope.console.ui.accounting;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.AccountingService.ReportResult;
import io.gridscope.console.app.AccountingService.SaveOutcome;
import io.gridscope.console.app.AccountingService.TodaySummary;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.config.ConfigException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The accounting as a view model sees it, answered by hand: requests are recorded, the test answers them. */
public final class FakeAccounting implements AccountingActions {
    public record Request(
            String requester, ReportRequest request, boolean withPrevious, Consumer<ReportResult> answer) {}

    public final ReadOnlyObjectWrapper<ConfigState> state = new ReadOnlyObjectWrapper<>();
    public final ReadOnlyObjectWrapper<TodaySummary> today = new ReadOnlyObjectWrapper<>();
    public final List<Request> requests = new ArrayList<>();

    /** A state with {@code text} as a valid file in force. */
    public static ConfigState valid(String text) throws ConfigException {
        Path file = Path.of("/config/accounting.toml");
        AccountingConfig c = AccountingFile.parse(text, file, Currency.getInstance("EUR"));
        return new ConfigState(
                "", Optional.of(file), true, text, List.of(), Optional.of(c), text, Optional.of(Instant.now()));
    }

    public Request last() {
        return requests.getLast();
    }

    @Override
    public ReadOnlyObjectProperty<ConfigState> configState() {
        return state.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyObjectProperty<TodaySummary> today() {
        return today.getReadOnlyProperty();
    }

    @Override
    public void report(String requester, ReportRequest request, boolean withPrevious, Consumer<ReportResult> onFx) {
        requests.add(new Request(requester, request, withPrevious, onFx));
    }

    @Override
    public void validate(String text, Consumer<List<ConfigException.Problem>> onFx) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void save(String expectedBefore, String text, Consumer<SaveOutcome> onFx) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void reload() {}
}
