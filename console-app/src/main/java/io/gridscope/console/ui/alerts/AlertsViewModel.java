package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.alertmanager.AmSilence;
import io.gridscope.alerts.alertmanager.AmView;
import io.gridscope.alerts.store.AlertActions.Outcome;
import io.gridscope.console.app.AlertConsole.Board;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.SilenceRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Alerts page's state, from the latest {@link Board}: the local alerts sorted (firing, pending, acknowledged,
 * snoozed, then resolved, newest first in each) and filtered (severity, host, status, free text over rule, summary
 * and labels), the fleet's alerts from Alertmanager (same filters), every silence, the badge count, the lines that
 * say who evaluates the rules and how the Alertmanager link is, and the outcome of the last action. It also notices
 * alerts that start firing while the console runs ({@link #addNewFiringListener}); those already there when the
 * first board arrives are not new. FX thread only; plain JavaFX properties, testable without a scene.
 */
public final class AlertsViewModel {
    private final Clock clock;
    private final ReadOnlyObjectWrapper<Board> board = new ReadOnlyObjectWrapper<>(this, "board", Board.empty());
    private final ObservableList<AlertItem> alerts = FXCollections.observableArrayList();
    private final ObservableList<FleetItem> fleet = FXCollections.observableArrayList();
    private final ObservableList<SilenceItem> silences = FXCollections.observableArrayList();
    private final ObservableList<String> hosts = FXCollections.observableArrayList();
    private final ObjectProperty<String> severityFilter = new SimpleObjectProperty<>(this, "severityFilter", "");
    private final ObjectProperty<String> hostFilter = new SimpleObjectProperty<>(this, "hostFilter", "");
    private final ObjectProperty<AlertItem.Status> statusFilter = new SimpleObjectProperty<>(this, "statusFilter");
    private final StringProperty textFilter = new SimpleStringProperty(this, "textFilter", "");
    private final ReadOnlyIntegerWrapper needingAttention = new ReadOnlyIntegerWrapper(this, "needingAttention");
    private final ReadOnlyIntegerWrapper hiddenByFilters = new ReadOnlyIntegerWrapper(this, "hiddenByFilters");
    private final ReadOnlyStringWrapper viewerLine = new ReadOnlyStringWrapper(this, "viewerLine", "");
    private final ReadOnlyStringWrapper alertmanagerLine = new ReadOnlyStringWrapper(this, "alertmanagerLine", "");
    private final ReadOnlyBooleanWrapper alertmanagerConfigured =
            new ReadOnlyBooleanWrapper(this, "alertmanagerConfigured");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyBooleanWrapper outcomeFailed = new ReadOnlyBooleanWrapper(this, "outcomeFailed");
    private final javafx.beans.property.ReadOnlyLongWrapper shownAlert =
            new javafx.beans.property.ReadOnlyLongWrapper(this, "shownAlert", -1);
    private final List<Consumer<List<AlertRow>>> newFiringListeners = new CopyOnWriteArrayList<>();
    /** Ids of the alerts seen firing or pending so far; null until the first board. */
    private Set<Long> seen;

    public AlertsViewModel(Clock clock) {
        this.clock = clock;
        severityFilter.addListener((o, a, b) -> refilter());
        hostFilter.addListener((o, a, b) -> refilter());
        statusFilter.addListener((o, a, b) -> refilter());
        textFilter.addListener((o, a, b) -> refilter());
    }

    /** A new board from the alert service. */
    public void onBoard(Board b) {
        board.set(b);
        noticeNewFiring(b.alerts());
        error.set(b.error());
        viewerLine.set(b.collector()
                .map(h -> "Rules are evaluated by " + h + "; your actions take effect there.")
                .orElse(""));
        alertmanagerConfigured.set(b.alertmanager().fetchedAt().isPresent()
                || b.alertmanagerStatus().state()
                        != io.gridscope.alerts.alertmanager.MirrorStatus.State.NOT_CONFIGURED);
        alertmanagerLine.set(
                alertmanagerConfigured.get()
                        ? describe(b, clock.instant())
                        : "Alertmanager not configured: [alertmanager] in alerts.toml shows the fleet's alerts here.");
        refresh();
    }

    /** Lists again with the time now (a snooze that ended); also after every board. */
    public void refresh() {
        long now = clock.millis();
        Board b = board.get();
        needingAttention.set((int) b.needingAttention(now));
        TreeSet<String> h = new TreeSet<>();
        b.alerts().forEach(a -> {
            String host = AlertItem.of(a, now).host();
            if (!host.isEmpty()) {
                h.add(host);
            }
        });
        b.alertmanager().alerts().forEach(a -> {
            String host = new FleetItem(a, java.util.Optional.empty()).host();
            if (!host.isEmpty()) {
                h.add(host);
            }
        });
        if (!hosts.equals(new ArrayList<>(h))) {
            hosts.setAll(h);
        }
        silences.setAll(silences(b, now));
        refilter();
    }

    private void refilter() {
        long now = clock.millis();
        Board b = board.get();
        List<AlertItem> all = sorted(b.alerts(), now);
        List<AlertItem> shown =
                filter(all, severityFilter.get(), hostFilter.get(), statusFilter.get(), textFilter.get());
        hiddenByFilters.set(all.size() - shown.size());
        if (!shown.equals(alerts)) {
            alerts.setAll(shown);
        }
        String text = lower(textFilter.get());
        List<FleetItem> f = b.alertmanager().alerts().stream()
                .map(a -> new FleetItem(a, b.alertmanager().acknowledgement(a)))
                .filter(i -> empty(severityFilter.get()) || i.severity().equals(severityFilter.get()))
                .filter(i -> empty(hostFilter.get()) || i.host().equals(hostFilter.get()))
                .filter(i -> i.matches(text))
                .sorted(Comparator.comparing((FleetItem i) ->
                                i.acknowledgement().isPresent() || i.alert().silenced())
                        .thenComparing(i -> severityRank(i.severity()))
                        .thenComparing(i -> i.alert().startsAt(), Comparator.reverseOrder()))
                .toList();
        if (!f.equals(fleet)) {
            fleet.setAll(f);
        }
    }

    /** Firing, pending, acknowledged, snoozed, resolved; newest first within each. */
    public static List<AlertItem> sorted(List<AlertRow> rows, long nowMillis) {
        return rows.stream()
                .map(r -> AlertItem.of(r, nowMillis))
                .sorted(Comparator.comparing((AlertItem i) -> i.status())
                        .thenComparing(AlertItem::sinceMillis, Comparator.reverseOrder())
                        .thenComparing(AlertItem::id, Comparator.reverseOrder()))
                .toList();
    }

    /** The items the filters let through; "" or null: that filter is off. */
    public static List<AlertItem> filter(
            List<AlertItem> items, String severity, String host, AlertItem.Status status, String text) {
        String t = lower(text);
        return items.stream()
                .filter(i -> empty(severity) || i.severity().equals(severity))
                .filter(i -> empty(host) || i.host().equals(host))
                .filter(i -> status == null || i.status() == status)
                .filter(i -> i.matches(t))
                .toList();
    }

    private static List<SilenceItem> silences(Board b, long now) {
        List<SilenceItem> out = new ArrayList<>();
        for (SilenceRow s : b.silences()) {
            out.add(new SilenceItem(
                    "local",
                    Long.toString(s.id()),
                    s.id(),
                    s.matchers(),
                    s.startsMillis(),
                    s.expiredMillis() != 0 ? Math.min(s.endsMillis(), s.expiredMillis()) : s.endsMillis(),
                    s.createdBy(),
                    s.comment(),
                    s.activeAt(now)));
        }
        for (AmSilence s : b.alertmanager().plainSilences()) {
            out.add(new SilenceItem(
                    "Alertmanager",
                    s.id(),
                    0,
                    s.matchers().stream().map(Object::toString).collect(Collectors.joining(",", "{", "}")),
                    s.startsAt().toEpochMilli(),
                    s.endsAt().toEpochMilli(),
                    s.createdBy(),
                    s.comment(),
                    s.active()));
        }
        out.sort(Comparator.comparing(SilenceItem::active)
                .reversed()
                .thenComparing(SilenceItem::endsMillis, Comparator.reverseOrder()));
        return out;
    }

    private void noticeNewFiring(List<AlertRow> rows) {
        Set<Long> open = rows.stream()
                .filter(r -> !r.state().equals("resolved"))
                .map(AlertRow::id)
                .collect(Collectors.toCollection(HashSet::new));
        if (seen == null) {
            seen = open; // present when the console started: not new
            return;
        }
        List<AlertRow> fresh = rows.stream()
                .filter(r -> r.state().equals("firing") && !seen.contains(r.id()))
                .toList();
        // a pending alert is remembered only once it fires: it is new then
        rows.stream().filter(r -> r.state().equals("firing")).forEach(r -> seen.add(r.id()));
        if (!fresh.isEmpty()) {
            newFiringListeners.forEach(l -> l.accept(fresh));
        }
    }

    /** Called with the alerts that started firing since the last board (never those there at start). */
    public void addNewFiringListener(Consumer<List<AlertRow>> l) {
        newFiringListeners.add(l);
    }

    static String describe(Board b, Instant now) {
        AmView v = b.alertmanager();
        String line = b.alertmanagerStatus().describe(now);
        if (v.stale()) {
            line += " · showing what was read "
                    + v.age(now)
                            .map(d -> AlertFormats.duration(d.toMillis()) + " ago")
                            .orElse("before")
                    + " (" + v.error().orElse("") + ")";
        }
        return line;
    }

    /** Asks the page to show the alert {@code id} (a notification was clicked); -1: the list alone. */
    public void showAlert(long id) {
        shownAlert.set(-2); // the same id again is a new request
        shownAlert.set(id);
    }

    /** The alert the page is asked to show; negative: none. */
    public javafx.beans.property.ReadOnlyLongProperty shownAlertProperty() {
        return shownAlert.getReadOnlyProperty();
    }

    /** The result of an action, shown until the next one. */
    public void showOutcome(Outcome o) {
        showOutcome(o.message(), !o.done());
    }

    public void showOutcome(String message, boolean failed) {
        outcome.set(message);
        outcomeFailed.set(failed);
    }

    static int severityRank(String s) {
        return switch (s) {
            case "critical" -> 0;
            case "warning" -> 1;
            case "info" -> 2;
            default -> 3;
        };
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    public Clock clock() {
        return clock;
    }

    public ReadOnlyObjectProperty<Board> boardProperty() {
        return board.getReadOnlyProperty();
    }

    /** The local alerts the filters let through, in the page's order. */
    public ObservableList<AlertItem> alerts() {
        return alerts;
    }

    public ObservableList<FleetItem> fleet() {
        return fleet;
    }

    public ObservableList<SilenceItem> silences() {
        return silences;
    }

    /** Every host named by an alert, for the host filter. */
    public ObservableList<String> hosts() {
        return hosts;
    }

    /** "critical", "warning", "info"; "" for any. */
    public ObjectProperty<String> severityFilterProperty() {
        return severityFilter;
    }

    /** A host; "" for any. */
    public ObjectProperty<String> hostFilterProperty() {
        return hostFilter;
    }

    /** null for any. */
    public ObjectProperty<AlertItem.Status> statusFilterProperty() {
        return statusFilter;
    }

    public StringProperty textFilterProperty() {
        return textFilter;
    }

    /** Firing alerts nobody acknowledged or snoozed: the badge and the window title. */
    public ReadOnlyIntegerProperty needingAttentionProperty() {
        return needingAttention.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty hiddenByFiltersProperty() {
        return hiddenByFilters.getReadOnlyProperty();
    }

    /** "Rules are evaluated by …; your actions take effect there." while a {@code collect} service evaluates. */
    public ReadOnlyStringProperty viewerLineProperty() {
        return viewerLine.getReadOnlyProperty();
    }

    /** The Alertmanager link's state ({@code MirrorStatus.describe}), or that none is configured. */
    public ReadOnlyStringProperty alertmanagerLineProperty() {
        return alertmanagerLine.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty alertmanagerConfiguredProperty() {
        return alertmanagerConfigured.getReadOnlyProperty();
    }

    /** Why the alerts could not be read (what is shown is the last good read); "" when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty outcomeFailedProperty() {
        return outcomeFailed.getReadOnlyProperty();
    }
}
