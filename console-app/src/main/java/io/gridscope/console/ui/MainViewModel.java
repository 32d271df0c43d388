package io.gridscope.console.ui;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.console.app.AlertConsole;
import io.gridscope.console.ui.alerts.AlertsViewModel;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.console.ui.chart.TimeSeriesViewModel;
import io.gridscope.console.ui.gpus.GpuViewModel;
import io.gridscope.console.ui.hosts.HostsViewModel;
import io.gridscope.console.ui.netstorage.NetworkStorageViewModel;
import io.gridscope.console.ui.overview.HostSummary;
import io.gridscope.console.ui.overview.OverviewViewModel;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import io.gridscope.model.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * State of the main window: the shell's and every page's view model, fed from one place. Batches arrive on the FX
 * thread (through the controller's batchers) and go to each page's view model: the Overview gets every host's
 * samples, the other pages those of the host shown. Plain JavaFX properties: testable as a plain JUnit object, no
 * scene needed.
 */
public final class MainViewModel {
    private final ShellViewModel shell = new ShellViewModel();
    private final OverviewViewModel overview = new OverviewViewModel();
    private final HostsViewModel hostsPage = new HostsViewModel();
    private final NetworkStorageViewModel networkStorage = new NetworkStorageViewModel();
    private final GpuViewModel gpus = new GpuViewModel();
    private final AlertsViewModel alerts = new AlertsViewModel(java.time.Clock.systemUTC());
    /** Every chart of every page, in page order. */
    private final List<ChartViewModel> charts = new ArrayList<>();

    private TimeRange range = TimeRange.DEFAULT;

    {
        charts.addAll(hostsPage.charts());
        charts.addAll(networkStorage.charts());
        charts.addAll(gpus.charts());
        shell.hostProperty().addListener((o, a, b) -> hostChanged(System.currentTimeMillis()));
        alerts.needingAttentionProperty().addListener((o, a, n) -> shell.setBadge(Page.ALERTS, n.intValue()));
        overview.hosts().addListener((ListChangeListener<HostSummary>) c ->
                shell.setHosts(overview.hosts().stream().map(HostSummary::name).toList()));
    }

    /** The shell's state (page, range, theme, host, statuses), shared by every page. */
    public ShellViewModel shell() {
        return shell;
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public HostsViewModel hostsPage() {
        return hostsPage;
    }

    public NetworkStorageViewModel networkStorage() {
        return networkStorage;
    }

    public GpuViewModel gpus() {
        return gpus;
    }

    /** The Alerts page's state; also behind the sidebar's badge, the window title and the notifications. */
    public AlertsViewModel alerts() {
        return alerts;
    }

    /** A new board from the alert console: the alerts, silences, rules in force and the Alertmanager link. */
    public void onAlertBoard(AlertConsole.Board board) {
        alerts.onBoard(board);
    }

    /** Every chart of every page; the controller feeds them and reads their ranges from history. */
    public List<ChartViewModel> charts() {
        return charts;
    }

    public ChartViewModel cpuChart() {
        return hostsPage.cpuChart();
    }

    public ChartViewModel memoryChart() {
        return hostsPage.memoryChart();
    }

    public ChartViewModel loadChart() {
        return hostsPage.loadChart();
    }

    public List<ChartViewModel> networkStorageCharts() {
        return networkStorage.charts();
    }

    /** File systems of the shown host, sorted by mount point. */
    public ObservableList<NetworkStorageViewModel.FileSystemRow> fileSystems() {
        return networkStorage.fileSystems();
    }

    /** Metrics the console shows; others are not sent to the FX thread. */
    public Set<String> shownMetrics() {
        Set<String> out = new HashSet<>();
        charts.forEach(c -> out.add(c.spec().metric()));
        out.addAll(OverviewViewModel.METRICS); // per-core tiles and memory total too
        out.addAll(NetworkStorageViewModel.FILESYSTEM_METRICS);
        out.addAll(GpuViewModel.METRICS);
        return out;
    }

    public TimeSeriesViewModel cpuTotal() {
        return hostsPage.cpuTotal();
    }

    public TimeSeriesViewModel memoryUsed() {
        return hostsPage.memoryUsed();
    }

    public ObservableList<HostsViewModel.CoreLoad> cores() {
        return hostsPage.cores();
    }

    public ObservableList<CollectorStatus> statuses() {
        return shell.statuses();
    }

    public ReadOnlyDoubleProperty memoryTotalBytesProperty() {
        return hostsPage.memoryTotalBytesProperty();
    }

    public ReadOnlyStringProperty hostNameProperty() {
        return shell.localHostProperty();
    }

    public ReadOnlyStringProperty historyStatusProperty() {
        return shell.historyStatusProperty();
    }

    /** Where the history database lives, e.g. "/home/ada/.local/share/gridscope/history.db". */
    public ReadOnlyStringProperty historyLocationProperty() {
        return shell.historyLocationProperty();
    }

    /** A problem that stops the data path (e.g. unusable data directory); empty when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return shell.errorProperty();
    }

    /**
     * The local host's name: it becomes the first known host, and the one shown unless another was remembered.
     */
    public void setHostName(String name) {
        shell.setLocalHost(name);
        gpus.setLocalHost(name);
        overview.setLocalHost(name);
        if (shell.hostProperty().get().isEmpty()) {
            shell.hostProperty().set(name);
        }
    }

    /** Every known host, the local one first, then in the order they appeared. */
    public ObservableList<HostSummary> hosts() {
        return overview.hosts();
    }

    /** Which source each remote host's data comes from (host → collector id), as the backend knows it now. */
    public void onHostSources(Map<String, String> hostSources) {
        shell.setHostSources(hostSources);
        overview.onHostSources(hostSources, shell.statuses());
        String shown = shell.hostProperty().get();
        if (shown != null) {
            gpus.showHost(shown, shell.displayName(shown));
        }
    }

    /**
     * The pages switched to another host ({@link ShellViewModel#hostProperty()}): its charts, cores and file systems
     * are cleared at once; the controller reads the host's history for the current range.
     */
    private void hostChanged(long nowMillis) {
        String shown = shell.hostProperty().get();
        hostsPage.showHost(overview.hosts().stream()
                .filter(h -> h.name().equals(shown))
                .mapToDouble(h -> h.memoryTotalBytesProperty().get())
                .findFirst()
                .orElse(Double.NaN));
        networkStorage.showHost();
        gpus.showHost(shown, shell.displayName(shown));
        for (ChartViewModel c : charts) {
            c.clearForHost(range, nowMillis);
        }
    }

    /** CPU history of every host over the current range, for the Overview's sparklines. */
    public void onHostCpuHistory(List<SeriesData> history) {
        overview.onHostCpuHistory(history);
    }

    public void showError(String message) {
        shell.showError(message);
    }

    /**
     * Live samples from the collectors and sources (one batch may hold several passes, several hosts). Every host's
     * summary is updated; the pages get the samples of the host shown.
     */
    public void onSamples(List<Sample> all) {
        String shown = shell.hostProperty().get();
        List<Sample> batch = new ArrayList<>(all.size());
        for (Sample s : all) {
            if (s.series().labels().get("host").filter(shown::equals).isPresent()) {
                batch.add(s);
            }
        }
        overview.onSamples(all);
        hostsPage.onSamples(batch);
        for (ChartViewModel c : charts) {
            c.onSamples(batch);
        }
        networkStorage.onSamples(batch);
        gpus.onSamples(all);
    }

    /** Switches every chart to a new range; the points for it follow through {@link #onHistory}. */
    public void applyRange(TimeRange range, long nowMillis) {
        this.range = range;
        for (ChartViewModel c : charts) {
            c.applyRange(range, nowMillis);
        }
        overview.applyRange(range, nowMillis);
    }

    /** Points read back from the history database (window opened, or range changed). */
    public void onHistory(List<SeriesData> history) {
        for (ChartViewModel c : charts) {
            c.onHistory(history);
        }
    }

    public void onStatuses(List<CollectorStatus> batch) {
        batch.forEach(gpus::onStatus);
        shell.onStatuses(batch);
        overview.onStatuses(shell.statuses());
    }

    /** Forgets a collector's status (a removed source). */
    public void removeStatus(String collectorId) {
        shell.removeStatus(collectorId);
    }

    public void onWriterStats(String location, WriterStats stats) {
        shell.onWriterStats(location, stats);
    }
}
