package io.gridscope.console.ui.reports;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.ReportsService.ExportOutcome;
import io.gridscope.console.app.ReportsService.Job;
import io.gridscope.console.app.ReportsService.PreviewOutcome;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.ReportSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The reports as the view model sees them, answered by hand: requests are recorded, the test answers them. */
final class FakeReports implements ReportsActions {
    /** A preview (format null) or an export asked for. */
    record Call(
            ReportSpec spec,
            ExportFormat format,
            ExportOptions options,
            Path target,
            DoubleConsumer progress,
            Consumer<PreviewOutcome> preview,
            Consumer<ExportOutcome> export,
            Job job) {}

    final ReadOnlyObjectWrapper<ConfigState> state = new ReadOnlyObjectWrapper<>();
    final List<Call> calls = new ArrayList<>();
    final List<String> opened = new ArrayList<>();

    Call last() {
        return calls.getLast();
    }

    @Override
    public ReadOnlyObjectProperty<ConfigState> configState() {
        return state.getReadOnlyProperty();
    }

    @Override
    public Job preview(ReportSpec spec, DoubleConsumer progress, Consumer<PreviewOutcome> onFx) {
        Job job = new Job();
        calls.add(new Call(spec, null, null, null, progress, onFx, null, job));
        return job;
    }

    @Override
    public Job export(
            ReportSpec spec,
            ExportFormat format,
            ExportOptions options,
            Path target,
            DoubleConsumer progress,
            Consumer<ExportOutcome> onFx) {
        Job job = new Job();
        calls.add(new Call(spec, format, options, target, progress, null, onFx, job));
        return job;
    }

    @Override
    public void openFolder(String uri) {
        opened.add(uri);
    }
}
