package io.gridscope.console.ui;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.console.app.ConsoleBackend;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import io.gridscope.model.Labels;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * Wraps a backend and records, for every call, the method and whether it ran on the FX thread. Building the
 * wrapped backend (which may do I/O: the host's identity) is recorded too, as "create", by {@link #create}.
 */
public final class RecordingBackend implements ConsoleBackend {
    public record Call(String method, String thread, boolean onFxThread) {}

    private final Supplier<? extends ConsoleBackend> factory;
    private volatile ConsoleBackend delegate;
    public final List<Call> calls = new CopyOnWriteArrayList<>();

    /** @param factory builds the wrapped backend when the console asks for one ({@link #create}) */
    public RecordingBackend(Supplier<? extends ConsoleBackend> factory) {
        this.factory = factory;
    }

    /** The console's backend factory: builds the wrapped backend, recording on which thread. */
    public ConsoleBackend create() {
        record("create");
        delegate = factory.get();
        return this;
    }

    private void record(String method) {
        calls.add(new Call(method, Thread.currentThread().getName(), Platform.isFxApplicationThread()));
    }

    @Override
    public java.util.Optional<io.gridscope.console.app.AlertAccess> alerts() {
        record("alerts");
        return delegate.alerts();
    }

    @Override
    public void windowFocus(java.util.function.BooleanSupplier focused) {
        record("windowFocus");
        delegate.windowFocus(focused);
    }

    @Override
    public java.util.Optional<io.gridscope.console.app.AccountingAccess> accounting() {
        record("accounting");
        return delegate.accounting();
    }

    @Override
    public String hostName() {
        record("hostName");
        return delegate.hostName();
    }

    @Override
    public void start(SnapshotSink snapshots, Consumer<CollectorStatus> statuses) {
        record("start");
        delegate.start(snapshots, statuses);
    }

    @Override
    public List<String> openWarnings() {
        record("openWarnings");
        return delegate.openWarnings();
    }

    @Override
    public List<SeriesData> range(String metric, Labels matchers, long fromMillis, long toMillis, int maxBuckets) {
        record("range");
        return delegate.range(metric, matchers, fromMillis, toMillis, maxBuckets);
    }

    @Override
    public void saveSettings(io.gridscope.console.app.UiSettings settings) {
        record("saveSettings");
        delegate.saveSettings(settings);
    }

    @Override
    public GpuState gpuState() {
        record("gpuState");
        return delegate.gpuState();
    }

    /** Records the subscription and, as "closePcieThroughput", the closing of its handle. */
    @Override
    public AutoCloseable subscribePcieThroughput() {
        record("subscribePcieThroughput");
        AutoCloseable handle = delegate.subscribePcieThroughput();
        return () -> {
            record("closePcieThroughput");
            handle.close();
        };
    }

    @Override
    public String testSource(io.gridscope.console.app.SourceSpec source) {
        record("testSource");
        return delegate.testSource(source);
    }

    @Override
    public void addSource(io.gridscope.console.app.SourceSpec source) {
        record("addSource");
        delegate.addSource(source);
    }

    @Override
    public void removeSource(String id) {
        record("removeSource");
        delegate.removeSource(id);
    }

    @Override
    public java.util.Map<String, String> hostSources() {
        record("hostSources");
        return delegate.hostSources();
    }

    @Override
    public WriterStats writerStats() {
        record("writerStats");
        return delegate.writerStats();
    }

    @Override
    public String storeLocation() {
        record("storeLocation");
        return delegate.storeLocation();
    }

    @Override
    public void close() {
        record("close");
        delegate.close();
    }
}
