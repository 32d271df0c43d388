package io.gridscope.console.ui;

import io.gridscope.console.app.AccountingAccess;
import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.ReportsService;
import io.gridscope.console.app.ReportsService.ExportOutcome;
import io.gridscope.console.app.ReportsService.Job;
import io.gridscope.console.app.ReportsService.PreviewOutcome;
import io.gridscope.console.ui.reports.ReportsActions;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.ReportSpec;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the Reports page to the {@link ReportsService}: requests go to its thread, progress and answers come back
 * to the FX thread through the controller's {@code FxBatcher} ({@code toFx}); nothing here waits.
 */
public final class ReportsController implements ReportsActions, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportsController.class);

    private final ReportsService service;
    private final ReadOnlyObjectProperty<ConfigState> state;
    private final Consumer<Runnable> toFx;
    private volatile Consumer<String> folderOpener = uri -> log.info("no file manager to open {}", uri);

    /**
     * @param state the accounting's state as the FX thread sees it (the accounting pages' own)
     * @param toFx runs a task on the FX thread, batched ({@code FxBatcher::submit})
     */
    public ReportsController(
            ReportsService service, ReadOnlyObjectProperty<ConfigState> state, Consumer<Runnable> toFx) {
        this.service = Objects.requireNonNull(service);
        this.state = Objects.requireNonNull(state);
        this.toFx = Objects.requireNonNull(toFx);
    }

    /** The data path has started (I/O thread): reports read its history. */
    void attach(Optional<AccountingAccess> access) {
        service.attach(access);
    }

    /** How folders are opened (the application's host services); any thread. */
    public void openFoldersWith(Consumer<String> opener) {
        folderOpener = Objects.requireNonNull(opener);
    }

    @Override
    public ReadOnlyObjectProperty<ConfigState> configState() {
        return state;
    }

    @Override
    public Job preview(ReportSpec spec, DoubleConsumer progress, Consumer<PreviewOutcome> onFx) {
        return service.preview(spec, fx(progress), fx(onFx));
    }

    @Override
    public Job export(
            ReportSpec spec,
            ExportFormat format,
            ExportOptions options,
            Path target,
            DoubleConsumer progress,
            Consumer<ExportOutcome> onFx) {
        return service.export(spec, format, options, target, fx(progress), fx(onFx));
    }

    /** Asks the desktop on a thread of its own: starting a file manager is no work for the FX thread. */
    @Override
    public void openFolder(String uri) {
        Consumer<String> opener = folderOpener;
        Thread.ofPlatform().daemon().name("gridscope-open-folder").start(() -> {
            try {
                opener.accept(uri);
            } catch (RuntimeException e) {
                log.warn("cannot open {}: {}", uri, e.toString());
            }
        });
    }

    private <T> Consumer<T> fx(Consumer<T> onFx) {
        return t -> toFx.accept(() -> onFx.accept(t));
    }

    private DoubleConsumer fx(DoubleConsumer onFx) {
        return p -> toFx.accept(() -> onFx.accept(p));
    }

    /** Cancels the job running and stops the reports' thread; off the FX thread (it waits for the job to stop). */
    @Override
    public void close() {
        service.close();
    }
}
