package io.gridscope.console.ui;

import io.gridscope.console.app.AccountingAccess;
import io.gridscope.console.app.AccountingService;
import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.AccountingService.ReportResult;
import io.gridscope.console.app.AccountingService.SaveOutcome;
import io.gridscope.console.app.AccountingService.TodaySummary;
import io.gridscope.console.ui.accounting.AccountingActions;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.ConfigException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Connects the accounting pages to the {@link AccountingService}: requests go to its thread, answers and state come
 * back to the FX thread through the controller's {@code FxBatcher} ({@code toFx}); nothing here waits.
 */
final class AccountingController implements AccountingActions, AutoCloseable {
    private final AccountingService service;
    private final Consumer<Runnable> toFx;
    private final ReadOnlyObjectWrapper<ConfigState> state = new ReadOnlyObjectWrapper<>(this, "configState");
    private final ReadOnlyObjectWrapper<TodaySummary> today = new ReadOnlyObjectWrapper<>(this, "today");

    /** @param toFx runs a task on the FX thread, batched ({@code FxBatcher::submit}) */
    AccountingController(AccountingService service, Consumer<Runnable> toFx) {
        this.service = service;
        this.toFx = toFx;
        service.addStateListener(s -> toFx.accept(() -> state.set(s)));
        service.addTodayListener(t -> toFx.accept(() -> today.set(t)));
    }

    /** The data path has started (I/O thread): the accounting starts over it. */
    void attach(Optional<AccountingAccess> access) {
        service.attach(access);
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
        service.report(requester, request, withPrevious, r -> toFx.accept(() -> onFx.accept(r)));
    }

    @Override
    public void validate(String text, Consumer<List<ConfigException.Problem>> onFx) {
        service.validate(text, p -> toFx.accept(() -> onFx.accept(p)));
    }

    @Override
    public void save(String expectedBefore, String text, Consumer<SaveOutcome> onFx) {
        service.save(expectedBefore, text, o -> toFx.accept(() -> onFx.accept(o)));
    }

    @Override
    public void reload() {
        service.reload();
    }

    /** Stops the accounting's thread; off the FX thread (it waits for a report or save in progress). */
    @Override
    public void close() {
        service.close();
    }
}
