package io.gridscope.console.ui.reports;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.ReportsService.ExportOutcome;
import io.gridscope.console.app.ReportsService.Job;
import io.gridscope.console.app.ReportsService.PreviewOutcome;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.ReportSpec;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;

/**
 * What the Reports page asks of the console's reports, which are built and written on their own thread, never the FX
 * thread. Every callback runs on the FX thread; the property changes only there. A new preview or export cancels the
 * one still running.
 */
public interface ReportsActions {
    /** The accounting's state: its configuration in force (time zone, currency), or why there is none; null until known. */
    ReadOnlyObjectProperty<ConfigState> configState();

    /** Builds {@code spec}'s document: {@code progress} gets 0..1 as it goes, {@code onFx} the answer. */
    Job preview(ReportSpec spec, DoubleConsumer progress, Consumer<PreviewOutcome> onFx);

    /** Builds {@code spec} and writes it to {@code target} as {@code format}, whole or not at all. */
    Job export(
            ReportSpec spec,
            ExportFormat format,
            ExportOptions options,
            Path target,
            DoubleConsumer progress,
            Consumer<ExportOutcome> onFx);

    /** Opens a folder (a {@code file:} URI an export's answer gave) in the desktop's file manager. */
    void openFolder(String uri);
}
