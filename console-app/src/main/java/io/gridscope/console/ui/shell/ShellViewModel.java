package io.gridscope.console.ui.shell;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.fx.RowList;
import io.gridscope.history.WriterStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The window's state, shared by every page: what the user chose (page, time range, host shown, theme) and what the
 * frame shows around the pages (this machine's name, the known hosts, every collector's status, the history
 * database's health, a problem that stops the data path). FX thread only; fed by the console's view model.
 */
public final class ShellViewModel {
    public static final String KEY_PAGE = "page";
    public static final String KEY_RANGE = "range";
    public static final String KEY_DARK = "theme.dark";
    public static final String KEY_HOST = "host";

    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.OVERVIEW);
    private final ObjectProperty<TimeRange> range = new SimpleObjectProperty<>(this, "range", TimeRange.DEFAULT);
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final ReadOnlyStringWrapper localHost = new ReadOnlyStringWrapper(this, "localHost", "");
    private final ObservableList<String> hosts = FXCollections.observableArrayList();
    // a collector's row on the Sources page is updated in place each second: the table keeps its cells and selection
    private final RowList<CollectorStatus> statuses = new RowList<>(CollectorStatus::collectorId);
    private final ObservableMap<String, String> hostNames = FXCollections.observableHashMap();
    private final ObservableMap<String, String> readOnlyHostNames = FXCollections.unmodifiableObservableMap(hostNames);
    /** One read-only view each, kept: a listener on a view lasts as long as the view does. */
    private final ObservableList<String> readOnlyHosts = FXCollections.unmodifiableObservableList(hosts);

    private final ObservableList<CollectorStatus> readOnlyStatuses = FXCollections.unmodifiableObservableList(statuses);
    private final ReadOnlyStringWrapper historyStatus =
            new ReadOnlyStringWrapper(this, "historyStatus", "History: opening…");
    private final ReadOnlyStringWrapper historyLocation = new ReadOnlyStringWrapper(this, "historyLocation", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    /** A count beside a page's sidebar entry (the Alerts page's firing alerts that need someone); absent: none. */
    private final ObservableMap<Page, Integer> badges =
            FXCollections.observableMap(new java.util.EnumMap<>(Page.class));

    private final ObservableMap<Page, Integer> readOnlyBadges = FXCollections.unmodifiableObservableMap(badges);

    /** The count shown beside {@code page} in the sidebar; 0 hides it. */
    public void setBadge(Page page, int count) {
        if (count <= 0) {
            badges.remove(page);
        } else if (!Integer.valueOf(count).equals(badges.get(page))) {
            badges.put(page, count);
        }
    }

    /** Every page's badge count (pages without one are absent). */
    public ObservableMap<Page, Integer> badges() {
        return readOnlyBadges;
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public ObjectProperty<TimeRange> rangeProperty() {
        return range;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** The host the pages show (a {@code host} label value); empty until the local host's name is known. */
    public StringProperty hostProperty() {
        return host;
    }

    /** This machine's name; empty until the backend has told it. */
    public ReadOnlyStringProperty localHostProperty() {
        return localHost.getReadOnlyProperty();
    }

    /**
     * Host → the name it is shown by, for the hosts not shown by their {@code host} label value (see
     * {@link HostNames}); read-only.
     */
    public ObservableMap<String, String> hostNames() {
        return readOnlyHostNames;
    }

    /** The name {@code host} (a {@code host} label value) is shown by. */
    public String displayName(String host) {
        return hostNames.getOrDefault(host, host);
    }

    /** Which source each host's data comes from (host → collector id): names the hosts by {@link HostNames}. */
    public void setHostSources(Map<String, String> hostSources) {
        Map<String, String> names = HostNames.of(hostSources);
        if (!hostNames.equals(names)) {
            hostNames.keySet().retainAll(names.keySet());
            hostNames.putAll(names);
        }
    }

    /** Every known host's name, this machine first, then in the order they appeared (read-only). */
    public ObservableList<String> hosts() {
        return readOnlyHosts;
    }

    /** Every collector and source with its latest status, by collector id (read-only). */
    public ObservableList<CollectorStatus> statuses() {
        return readOnlyStatuses;
    }

    /** "History: 1,234 samples stored this session", with drops and the writer's last error when there are any. */
    public ReadOnlyStringProperty historyStatusProperty() {
        return historyStatus.getReadOnlyProperty();
    }

    /** Where the history database lives, e.g. "/home/ada/.local/share/gridscope/history.db". */
    public ReadOnlyStringProperty historyLocationProperty() {
        return historyLocation.getReadOnlyProperty();
    }

    /** A problem that stops the data path (e.g. unusable data directory); empty when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** This machine's name, once the backend has told it. */
    public void setLocalHost(String name) {
        localHost.set(name);
    }

    /** The known hosts' names, in the order {@link #hosts()} lists them. */
    public void setHosts(List<String> names) {
        if (!hosts.equals(names)) {
            hosts.setAll(names);
        }
    }

    /** Keeps the latest status per collector, in collector-id order. */
    public void onStatuses(List<CollectorStatus> batch) {
        Map<String, CollectorStatus> latest = new TreeMap<>();
        statuses.forEach(s -> latest.put(s.collectorId(), s));
        batch.forEach(s -> latest.put(s.collectorId(), s));
        statuses.update(List.copyOf(latest.values()));
    }

    /** Forgets a collector's status (a removed source). */
    public void removeStatus(String collectorId) {
        statuses.removeIf(s -> s.collectorId().equals(collectorId));
    }

    public void onWriterStats(String location, WriterStats stats) {
        if (!location.isEmpty()) {
            historyLocation.set(location);
        }
        StringBuilder sb = new StringBuilder("History: ")
                .append(String.format("%,d", stats.samplesWritten()))
                .append(" samples stored this session");
        if (stats.samplesDropped() > 0) {
            sb.append(", ").append(String.format("%,d", stats.samplesDropped())).append(" dropped");
        }
        if (!stats.healthy()) {
            sb.append(" — ").append(stats.lastError());
        }
        historyStatus.set(sb.toString());
    }

    public void showError(String message) {
        error.set(message);
    }

    /** Restores what {@link #storeInto} saved; unknown or malformed values keep the defaults. */
    public void restoreFrom(UiSettings settings) {
        settings.get(KEY_PAGE).ifPresent(p -> {
            try {
                page.set(Page.valueOf(p));
            } catch (IllegalArgumentException ignored) {
                // a page from another version: stay on the default
            }
        });
        settings.get(KEY_RANGE).flatMap(TimeRange::decode).ifPresent(range::set);
        settings.get(KEY_DARK).ifPresent(d -> dark.set(Boolean.parseBoolean(d)));
        settings.get(KEY_HOST).ifPresent(host::set);
    }

    public void storeInto(UiSettings settings) {
        settings.put(KEY_PAGE, page.get().name());
        settings.put(KEY_RANGE, range.get().encode());
        settings.put(KEY_DARK, Boolean.toString(dark.get()));
        settings.put(KEY_HOST, host.get());
    }
}
