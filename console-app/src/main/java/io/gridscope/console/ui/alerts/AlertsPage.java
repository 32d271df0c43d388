package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.store.AlertActions.Outcome;
import io.gridscope.alerts.store.Until;
import io.gridscope.console.app.AlertConsole.Detail;
import io.gridscope.console.fx.RowList;
import io.gridscope.console.fx.StyleClasses;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.ShellViewModel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Alerts page. Tab "Alerts": filters, the local alerts (firing, pending, acknowledged, snoozed, then resolved),
 * the fleet's alerts in Alertmanager and every silence; beside them the actions on the selected alert and its
 * detail. Keys on the table: A acknowledge (asks a comment), S snooze, U unacknowledge, Esc closes the open form.
 * Tab "Rules": the rules editor. Every action goes to the alert service; its outcome is shown, a refusal in red.
 */
public final class AlertsPage extends VBox {
    static final int DETAIL_POINTS = 600;

    private final AlertsViewModel vm;
    private final AlertsBackend backend;
    private final ZoneId zone = ZoneId.systemDefault();
    private final TableView<AlertItem> table = new TableView<>();
    /**
     * The table's rows: vm.alerts(), copied so that the selection is kept by alert id when rows move or the list is
     * rebuilt; rows that change or move (as many alerts as before) are updated in place (the table keeps its rows).
     */
    private final RowList<AlertItem> rows = new RowList<>(AlertItem::id);
    /** True while {@link #rows} is being replaced: the selection the table changes then is not the user's. */
    private boolean updatingRows;
    /** Whether the top alert was shown when alerts were first listed. */
    private boolean firstShown;
    /**
     * Whether the alert shown is the one the page chose (the top one), not one the user chose: when it goes (a pending
     * alert whose condition stopped holding), the page shows the new top one instead of an empty detail.
     */
    private boolean shownByPage;

    private final TableView<FleetItem> fleetTable = new TableView<>();
    private final TableView<SilenceItem> silenceTable = new TableView<>();
    private final AlertDetailPane detail;
    private final VBox form = new VBox(6);
    private final TabPane tabs = new TabPane();
    /** The alert (local or fleet) the actions and the detail are about. */
    private Object selected;
    /** Whether the detail pane shows {@link #selected} (false after a fleet alert was shown). */
    private boolean detailShown;

    public AlertsPage(AlertsViewModel vm, RulesEditorViewModel rules, AlertsBackend backend, ShellViewModel shell) {
        super(8);
        this.vm = vm;
        this.backend = backend;
        this.detail = new AlertDetailPane(backend::openLink, zone);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().addAll("page", "alerts-page");

        Label title = new Label("Alerts");
        title.getStyleClass().add("page-title");
        Label count = new Label();
        count.setId("alertsCount");
        count.getStyleClass().add("muted");
        count.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.needingAttentionProperty().get() == 0
                                ? "nothing firing needs someone"
                                : vm.needingAttentionProperty().get() + " firing, not acknowledged or snoozed",
                        vm.needingAttentionProperty()));
        HBox heading = new HBox(12, title, count);
        heading.setAlignment(Pos.BASELINE_LEFT);

        Label viewer = banner("alertsViewer", "notice", vm.viewerLineProperty());
        Label error = banner("alertsError", "error-banner", vm.errorProperty());

        tabs.setId("alertsTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab alertsTab = new Tab("Alerts", alertsContent());
        alertsTab.setId("alertsTab");
        Tab rulesTab = new Tab("Rules", new RulesEditor(rules, vm.boardProperty(), zone));
        rulesTab.setId("rulesTab");
        tabs.getTabs().addAll(alertsTab, rulesTab);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        rulesTab.setOnSelectionChanged(e -> {
            if (rulesTab.isSelected() && !rules.dirty()) {
                rules.load();
            }
        });
        getChildren().addAll(heading, viewer, error, tabs);
        shell.pageProperty().addListener((o, a, p) -> {
            if (p == Page.ALERTS) {
                vm.refresh();
            }
        });
        vm.shownAlertProperty().addListener((o, a, id) -> showAlert(id.longValue()));
        showAlert(vm.shownAlertProperty().get());
    }

    private void showAlert(long id) {
        if (id >= 0) {
            select(id);
        } else if (id == -1) {
            showRules(false);
        }
    }

    /** Shows the Rules tab (or the Alerts tab). */
    public void showRules(boolean rules) {
        tabs.getSelectionModel().select(rules ? 1 : 0);
    }

    /** Whether the Rules tab is shown. */
    public javafx.beans.value.ObservableBooleanValue rulesShown() {
        return tabs.getTabs().get(1).selectedProperty();
    }

    /** Selects the local alert {@code id} when it is listed (a notification was clicked). */
    public void select(long id) {
        showRules(false);
        vm.statusFilterProperty().set(null);
        vm.alerts().stream().filter(i -> i.id() == id).findFirst().ifPresent(i -> {
            table.getSelectionModel().select(i);
            table.scrollTo(i);
        });
    }

    private static Label banner(String id, String style, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.textProperty().bind(text);
        l.visibleProperty().bind(Bindings.isNotEmpty(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    // ------------------------------------------------------------------------------------------------ layout

    private Node alertsContent() {
        Label am = new Label();
        am.setId("alertmanagerStatus");
        am.getStyleClass().add("muted");
        am.setWrapText(true);
        am.textProperty().bind(vm.alertmanagerLineProperty());

        buildTable();
        buildFleetTable();
        buildSilenceTable();
        Label fleetTitle = new Label("Alertmanager (fleet)");
        fleetTitle.getStyleClass().add("subsection-title");
        VBox fleetBox = new VBox(4, fleetTitle, fleetTable);
        fleetBox.setId("fleetSection");
        fleetBox.visibleProperty().bind(vm.alertmanagerConfiguredProperty());
        fleetBox.managedProperty().bind(fleetBox.visibleProperty());
        Label silencesTitle = new Label("Silences");
        silencesTitle.getStyleClass().add("subsection-title");
        Button endSilence = new Button("End silence");
        endSilence.setId("endSilence");
        endSilence
                .disableProperty()
                .bind(Bindings.createBooleanBinding(
                        () -> {
                            SilenceItem s = silenceTable.getSelectionModel().getSelectedItem();
                            return s == null || !s.local() || !s.active();
                        },
                        silenceTable.getSelectionModel().selectedItemProperty()));
        endSilence.setTooltip(new Tooltip("Ends the selected local silence now (Alertmanager's silences are ended"
                + " there, with amtool or its web UI)"));
        endSilence.setOnAction(e -> {
            SilenceItem s = silenceTable.getSelectionModel().getSelectedItem();
            if (s != null) {
                backend.unsilence(s.localId(), this::outcome);
            }
        });
        HBox silenceHead = new HBox(10, silencesTitle, endSilence);
        silenceHead.setAlignment(Pos.CENTER_LEFT);
        VBox silenceBox = new VBox(4, silenceHead, silenceTable);
        silenceBox.visibleProperty().bind(Bindings.isNotEmpty(vm.silences()));
        silenceBox.managedProperty().bind(silenceBox.visibleProperty());

        Label hidden = new Label();
        hidden.setId("alertsHidden");
        hidden.getStyleClass().add("muted");
        hidden.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.hiddenByFiltersProperty().get() == 0
                                ? ""
                                : vm.hiddenByFiltersProperty().get() + " hidden by the filters",
                        vm.hiddenByFiltersProperty()));
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox left = new VBox(8, filters(hidden), am, table, fleetBox, silenceBox);
        left.setMinWidth(420);

        Label outcome = new Label();
        outcome.setId("alertOutcome");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.outcomeProperty());
        outcome.visibleProperty().bind(Bindings.isNotEmpty(vm.outcomeProperty()));
        outcome.managedProperty().bind(outcome.visibleProperty());
        vm.outcomeFailedProperty().addListener((o, a, failed) -> outcomeStyle(outcome, failed));
        outcomeStyle(outcome, vm.outcomeFailedProperty().get());
        form.setId("actionForm");
        form.getStyleClass().add("card");
        closeForm();
        form.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                closeForm();
                table.requestFocus();
                e.consume();
            }
        });
        ScrollPane detailScroll = new ScrollPane(detail);
        detailScroll.setFitToWidth(true);
        detailScroll.getStyleClass().add("page-scroll");
        VBox.setVgrow(detailScroll, Priority.ALWAYS);
        VBox right = new VBox(8, actionBar(), form, outcome, detailScroll);
        right.setMinWidth(340);

        SplitPane split = new SplitPane(left, right);
        split.setId("alertsSplit");
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.64);
        VBox content = new VBox(split);
        VBox.setVgrow(split, Priority.ALWAYS);
        content.setPadding(new Insets(8, 0, 0, 0));
        return content;
    }

    private static void outcomeStyle(Label l, boolean failed) {
        l.getStyleClass().removeAll("alert-outcome-ok", "alert-outcome-failed");
        l.getStyleClass().add(failed ? "alert-outcome-failed" : "alert-outcome-ok");
    }

    private Node filters(Label hidden) {
        ChoiceBox<String> severity = new ChoiceBox<>();
        severity.setId("severityFilter");
        severity.getItems().setAll("", "critical", "warning", "info");
        severity.setConverter(named("any severity"));
        severity.valueProperty().bindBidirectional(vm.severityFilterProperty());
        ComboBox<String> host = new ComboBox<>();
        host.setId("hostFilter");
        host.setConverter(named("any host"));
        boolean[] listing = {false};
        Runnable hosts = () -> {
            // the combo box's value follows its items while they are replaced: the filter keeps its host (or any)
            String keep = vm.hostFilterProperty().get();
            List<String> items = new java.util.ArrayList<>(List.of(""));
            items.addAll(vm.hosts());
            if (!keep.isEmpty() && !items.contains(keep)) {
                items.add(keep);
            }
            listing[0] = true;
            try {
                host.getItems().setAll(items);
                host.setValue(keep);
            } finally {
                listing[0] = false;
            }
        };
        vm.hosts().addListener((ListChangeListener<String>) c -> hosts.run());
        hosts.run();
        host.valueProperty().addListener((o, a, h) -> {
            if (!listing[0]) {
                vm.hostFilterProperty().set(h == null ? "" : h);
            }
        });
        ChoiceBox<AlertItem.Status> state = new ChoiceBox<>();
        state.setId("stateFilter");
        state.getItems().add(null);
        state.getItems().addAll(AlertItem.Status.values());
        state.setConverter(new StringConverter<>() {
            @Override
            public String toString(AlertItem.Status s) {
                return s == null ? "any state" : s.label();
            }

            @Override
            public AlertItem.Status fromString(String s) {
                return null;
            }
        });
        state.valueProperty().bindBidirectional(vm.statusFilterProperty());
        TextField text = new TextField();
        text.setId("textFilter");
        text.setPromptText("Find in rule, summary, labels");
        text.setPrefColumnCount(18);
        text.textProperty().bindBidirectional(vm.textFilterProperty());
        HBox box = new HBox(8, severity, host, state, text, hidden);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static StringConverter<String> named(String any) {
        return new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null || s.isEmpty() ? any : s;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        };
    }

    private void buildTable() {
        table.setId("alertsTable");
        table.getStyleClass().add("alerts-table");
        table.setItems(rows);
        table.setPlaceholder(new Label("No alerts in the last 7 days."));
        table.setMinHeight(200);
        table.setPrefHeight(330);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<AlertItem, String> sev = column("Severity", 70, AlertItem::severity);
        sev.setCellFactory(c -> severityCell());
        TableColumn<AlertItem, String> state =
                column("State", 95, i -> i.status().label());
        TableColumn<AlertItem, String> since = column("Since", 120, this::since);
        TableColumn<AlertItem, String> rule = column("Rule", 150, i -> i.row().rule());
        TableColumn<AlertItem, String> host = column("Host", 95, AlertItem::host);
        TableColumn<AlertItem, String> ack = column(
                "Acknowledged",
                130,
                i -> i.row().acknowledged()
                        ? i.row().ackBy()
                                + (i.row().ackComment() == null
                                                || i.row().ackComment().isEmpty()
                                        ? ""
                                        : ": " + i.row().ackComment())
                        : "");
        TableColumn<AlertItem, String> snoozed = column(
                "Snoozed until",
                95,
                i -> i.row().snoozedAt(vm.clock().millis())
                        ? AlertFormats.time(
                                i.row().snoozedUntilMillis(), vm.clock().millis(), zone)
                        : "");
        TableColumn<AlertItem, String> summary =
                column("Summary", 240, i -> oneLine(i.row().summary()));
        table.getColumns().setAll(List.of(sev, state, since, rule, host, ack, snoozed, summary));
        table.setRowFactory(t -> new TableRow<>() {
            // one tooltip per row, its text changed in place: a new Tooltip (a popup window) per update costs CSS
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(AlertItem item, boolean empty) {
                super.updateItem(item, empty);
                boolean shown = !empty && item != null;
                PseudoClass rowState = !shown
                        ? null
                        : switch (item.status()) {
                            case FIRING -> ALERT_FIRING;
                            case RESOLVED -> ALERT_RESOLVED;
                            default -> null;
                        };
                StyleClasses.setStateOneOf(this, ROW_STATES, rowState);
                if (shown) {
                    String text = item.row().rule() + " " + item.row().labels();
                    if (!text.equals(tip.getText())) {
                        tip.setText(text);
                    }
                    if (getTooltip() != tip) {
                        setTooltip(tip);
                    }
                } else if (getTooltip() != null) {
                    setTooltip(null);
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!updatingRows) {
                shownByPage = false;
            }
            if (item != null && !updatingRows) {
                fleetTable.getSelectionModel().clearSelection();
                select(item);
            }
        });
        vm.alerts().addListener((ListChangeListener<AlertItem>) c -> syncRows());
        syncRows();
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            switch (e.getCode()) {
                case A -> openAcknowledge();
                case S -> openSnooze();
                case U -> unacknowledge();
                case ESCAPE -> closeForm();
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    /**
     * Lists the view model's alerts again, keeping the alert shown selected (by id, with its new state); one the user
     * chose that is gone (filtered out, aged, a pending alert that stopped) leaves the detail empty. The first time
     * alerts are listed the top one is shown, and while the user has chosen none, the top one is shown again when the
     * one shown goes.
     */
    private void syncRows() {
        long keep = selected instanceof AlertItem s ? s.id() : -1;
        Optional<AlertItem> same = Optional.empty();
        updatingRows = true;
        try {
            // an alert that starts firing moves up: its row and the ones it passes show their new alerts in place,
            // where replacing the rows restyled every row of the table (about 30 ms in software rendering)
            rows.rearrange(vm.alerts());
            if (keep >= 0) {
                same = rows.stream().filter(i -> i.id() == keep).findFirst();
                same.ifPresent(i -> table.getSelectionModel().select(i));
            }
        } finally {
            updatingRows = false;
        }
        if (same.isPresent()) {
            select(same.get());
        } else if (keep >= 0) {
            boolean byPage = shownByPage;
            selected = null;
            table.getSelectionModel().clearSelection();
            closeForm();
            detail.clear();
            if (byPage && !rows.isEmpty()) {
                showTop();
            }
        } else if (!firstShown && !rows.isEmpty() && selected == null) {
            firstShown = true;
            showTop();
        }
    }

    private void showTop() {
        table.getSelectionModel().select(0);
        shownByPage = true; // after the selection's listener, which takes every other selection for the user's
    }

    /** Rows are one line high (a fixed height); the detail shows the whole summary. */
    static String oneLine(String text) {
        return text.indexOf('\n') < 0 && text.indexOf('\r') < 0
                ? text
                : text.strip().replaceAll("\\s*\\R\\s*", " · ");
    }

    private String since(AlertItem i) {
        long now = vm.clock().millis();
        var r = i.row();
        if (r.resolvedAtMillis() != 0) {
            return AlertFormats.time(r.resolvedAtMillis(), now, zone) + " (lasted "
                    + AlertFormats.duration(r.resolvedAtMillis() - r.activeSinceMillis()) + ")";
        }
        return AlertFormats.time(r.activeSinceMillis(), now, zone) + " ("
                + AlertFormats.duration(now - r.activeSinceMillis()) + ")";
    }

    // Row and severity are pseudo-classes, not style classes: when an alert arrives every row below it shows another
    // alert, and a changed style class makes JavaFX look up the styles of the row and each of its cells again (tens of
    // milliseconds for a screenful), where a pseudo-class only switches between styles already looked up.
    private static final PseudoClass ALERT_FIRING = PseudoClass.getPseudoClass("alert-firing");
    private static final PseudoClass ALERT_RESOLVED = PseudoClass.getPseudoClass("alert-resolved");
    private static final List<PseudoClass> ROW_STATES = List.of(ALERT_FIRING, ALERT_RESOLVED);
    private static final Map<String, PseudoClass> SEVERITY_STATES = Map.of(
            "critical", PseudoClass.getPseudoClass("severity-critical"),
            "warning", PseudoClass.getPseudoClass("severity-warning"),
            "info", PseudoClass.getPseudoClass("severity-info"));
    private static final List<PseudoClass> SEVERITY_STATE_LIST = List.copyOf(SEVERITY_STATES.values());

    private static <T> TableCell<T, String> severityCell() {
        return new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? "" : s);
                StyleClasses.setStateOneOf(
                        this, SEVERITY_STATE_LIST, empty || s == null ? null : SEVERITY_STATES.get(s));
            }
        };
    }

    private static <T> TableColumn<T, String> column(String name, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 110));
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(
                d.getValue() == null ? "" : String.valueOf(value.apply(d.getValue()))));
        return c;
    }

    private void buildFleetTable() {
        fleetTable.setId("fleetTable");
        fleetTable.getStyleClass().add("alerts-table");
        fleetTable.setItems(vm.fleet());
        fleetTable.setPlaceholder(new Label("Alertmanager holds no alert (or none passes the filters)."));
        fleetTable.setPrefHeight(170);
        fleetTable.setMinHeight(110);
        fleetTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<FleetItem, String> sev = column("Severity", 70, FleetItem::severity);
        sev.setCellFactory(c -> severityCell());
        fleetTable
                .getColumns()
                .setAll(List.of(
                        sev,
                        column("State", 95, FleetItem::state),
                        column(
                                "Since",
                                90,
                                i -> AlertFormats.time(
                                        i.alert().startsAt().toEpochMilli(),
                                        vm.clock().millis(),
                                        zone)),
                        column("Alert", 150, i -> i.alert().name()),
                        column("Host", 95, FleetItem::host),
                        column(
                                "Acknowledged",
                                150,
                                i -> i.acknowledgement()
                                        .map(a -> a.createdBy() + (a.comment().isEmpty() ? "" : ": " + a.comment()))
                                        .orElse("")),
                        column("Summary", 240, FleetItem::summary)));
        fleetTable.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null) {
                table.getSelectionModel().clearSelection();
                selected = item;
                detailShown = false;
                closeForm();
                detail.showFleet(item, vm.clock().millis());
            }
        });
        fleetTable.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.A && !e.isShortcutDown()) {
                openAcknowledge();
                e.consume();
            } else if (e.getCode() == KeyCode.U && !e.isShortcutDown()) {
                unacknowledge();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                closeForm();
            }
        });
    }

    private void buildSilenceTable() {
        silenceTable.setId("silencesTable");
        silenceTable.getStyleClass().add("alerts-table");
        silenceTable.setItems(vm.silences());
        silenceTable.setPrefHeight(130);
        silenceTable.setMinHeight(90);
        silenceTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        silenceTable
                .getColumns()
                .setAll(List.of(
                        column("Where", 90, SilenceItem::where),
                        column("Matchers", 200, SilenceItem::matchers),
                        column(
                                "Until",
                                110,
                                s -> (s.active() ? "" : "ended ")
                                        + AlertFormats.time(
                                                s.endsMillis(), vm.clock().millis(), zone)),
                        column("By", 90, SilenceItem::createdBy),
                        column("Comment", 200, SilenceItem::comment)));
    }

    // ------------------------------------------------------------------------------------------------ actions

    private Node actionBar() {
        Button ack = new Button("Acknowledge…");
        ack.setId("ackButton");
        ack.setTooltip(new Tooltip("Take it on: nobody else is notified again; asks a comment (A)"));
        ack.setOnAction(e -> openAcknowledge());
        Button unack = new Button("Unacknowledge");
        unack.setId("unackButton");
        unack.setTooltip(new Tooltip("Withdraw the acknowledgement (U)"));
        unack.setOnAction(e -> unacknowledge());
        Button snooze = new Button("Snooze…");
        snooze.setId("snoozeButton");
        snooze.setTooltip(new Tooltip("No notification about it until a time (S)"));
        snooze.setOnAction(e -> openSnooze());
        Button silence = new Button("Silence…");
        silence.setId("silenceButton");
        silence.setTooltip(new Tooltip("Silence every alert matching labels until a time"));
        silence.setOnAction(e -> openSilence());
        HBox bar = new HBox(6, ack, unack, snooze, silence);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setId("actionBar");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> enable(ack, unack, snooze, silence));
        fleetTable
                .getSelectionModel()
                .selectedItemProperty()
                .addListener((o, a, b) -> enable(ack, unack, snooze, silence));
        enable(ack, unack, snooze, silence);
        return bar;
    }

    private void enable(Button ack, Button unack, Button snooze, Button silence) {
        AlertItem local = table.getSelectionModel().getSelectedItem();
        FleetItem fleet = fleetTable.getSelectionModel().getSelectedItem();
        boolean open = local != null && local.status() != AlertItem.Status.RESOLVED;
        ack.setDisable(!(open && !local.row().acknowledged())
                && !(fleet != null && fleet.acknowledgement().isEmpty()));
        unack.setDisable(!(local != null && local.row().acknowledged())
                && !(fleet != null && fleet.acknowledgement().isPresent()));
        snooze.setDisable(!open);
        silence.setDisable(local == null);
    }

    private void select(AlertItem item) {
        boolean same = selected instanceof AlertItem s && s.id() == item.id();
        if (same && item.equals(selected) && detailShown) {
            return;
        }
        detailShown = true;
        selected = item;
        if (!same) {
            closeForm();
        }
        long now = vm.clock().millis();
        detail.show(item, now);
        backend.detail(item.row(), DETAIL_POINTS, (Detail d) -> {
            if (selected instanceof AlertItem s && s.id() == d.alertId()) {
                detail.showDetail(s, d, vm.clock().millis());
            }
        });
    }

    private void outcome(Outcome o) {
        vm.showOutcome(o);
    }

    private void closeForm() {
        form.getChildren().clear();
        form.setVisible(false);
        form.setManaged(false);
    }

    private void openForm(Node... children) {
        form.getChildren().setAll(children);
        form.setVisible(true);
        form.setManaged(true);
    }

    private void openAcknowledge() {
        Optional<String> what = selectedName();
        if (what.isEmpty()) {
            return;
        }
        if (selected instanceof AlertItem i && (i.row().acknowledged() || i.status() == AlertItem.Status.RESOLVED)) {
            vm.showOutcome(
                    i.row().acknowledged()
                            ? "Already acknowledged by " + i.row().ackBy() + "."
                            : "A resolved alert cannot be acknowledged.",
                    true);
            return;
        }
        Label l = new Label("Acknowledge " + what.get() + " as " + backend.operator() + ". Comment (optional):");
        l.setWrapText(true);
        TextField comment = new TextField();
        comment.setId("ackComment");
        comment.setPromptText("e.g. looking into it, node drained");
        Button ok = new Button("Acknowledge");
        ok.setId("ackConfirm");
        ok.setDefaultButton(true);
        Button cancel = new Button("Cancel");
        cancel.setId("formCancel");
        cancel.setOnAction(e -> closeForm());
        Object target = selected;
        Runnable go = () -> {
            closeForm();
            if (target instanceof AlertItem i) {
                backend.acknowledge(i.id(), comment.getText().strip(), this::outcome);
            } else if (target instanceof FleetItem f) {
                backend.acknowledgeFleet(f.alert(), comment.getText().strip(), this::outcome);
            }
            table.requestFocus();
        };
        ok.setOnAction(e -> go.run());
        comment.setOnAction(e -> go.run());
        openForm(l, comment, buttons(ok, cancel));
        comment.requestFocus();
    }

    private void unacknowledge() {
        if (selected instanceof AlertItem i) {
            backend.unacknowledge(i.id(), this::outcome);
        } else if (selected instanceof FleetItem f) {
            backend.unacknowledgeFleet(f.alert(), this::outcome);
        }
    }

    private void openSnooze() {
        if (!(selected instanceof AlertItem item) || item.status() == AlertItem.Status.RESOLVED) {
            return;
        }
        Label l = new Label("Snooze " + item.row().rule() + " (no notification about it) until:");
        l.setWrapText(true);
        HBox picks = new HBox(6);
        for (String pick : Until.QUICK_PICKS) {
            Button b = new Button(pick.startsWith("tomorrow") ? "Tomorrow 09:00" : pick.replace("h", " h"));
            b.setId("snooze-" + pick.replace(" ", "").replace(":", ""));
            b.setOnAction(e -> snooze(item, pick, null));
            picks.getChildren().add(b);
        }
        TextField custom = new TextField();
        custom.setId("snoozeUntil");
        custom.setPromptText("30m, today 18:00, 2026-12-03 09:00");
        custom.setPrefColumnCount(16);
        Label error = new Label();
        error.setId("snoozeError");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        Button ok = new Button("Snooze");
        ok.setId("snoozeConfirm");
        ok.setOnAction(e -> snooze(item, custom.getText(), error));
        custom.setOnAction(e -> snooze(item, custom.getText(), error));
        Button end = new Button("End snooze");
        end.setId("snoozeEnd");
        end.setDisable(!item.row().snoozedAt(vm.clock().millis()));
        end.setOnAction(e -> {
            closeForm();
            backend.snooze(item.id(), Instant.EPOCH, this::outcome);
        });
        Button cancel = new Button("Cancel");
        cancel.setId("formCancel");
        cancel.setOnAction(e -> closeForm());
        HBox customRow = new HBox(6, custom, ok);
        customRow.setAlignment(Pos.CENTER_LEFT);
        openForm(l, picks, customRow, error, buttons(end, cancel));
        picks.getChildren().get(0).requestFocus();
    }

    private void snooze(AlertItem item, String until, Label error) {
        Instant at;
        try {
            at = Until.parse(until, vm.clock().instant(), zone);
        } catch (IllegalArgumentException ex) {
            if (error != null) {
                error.setText(ex.getMessage());
            } else {
                vm.showOutcome(ex.getMessage(), true);
            }
            return;
        }
        closeForm();
        backend.snooze(item.id(), at, this::outcome);
        table.requestFocus();
    }

    private void openSilence() {
        if (!(selected instanceof AlertItem item)) {
            return;
        }
        Label l = new Label("Silence every alert whose labels match (notifications only; the alerts stay listed):");
        l.setWrapText(true);
        TextField matchers = new TextField(item.row().labels());
        matchers.setId("silenceMatchers");
        TextField until = new TextField("4h");
        until.setId("silenceUntil");
        until.setPromptText("4h, tomorrow 09:00, 2026-12-03 09:00");
        until.setPrefColumnCount(12);
        TextField comment = new TextField();
        comment.setId("silenceComment");
        comment.setPromptText("why (maintenance, known issue…)");
        Label error = new Label();
        error.setId("silenceError");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        Button ok = new Button("Silence");
        ok.setId("silenceConfirm");
        ok.setDefaultButton(true);
        ok.setOnAction(e -> {
            Instant at;
            try {
                at = Until.parse(until.getText(), vm.clock().instant(), zone);
            } catch (IllegalArgumentException ex) {
                error.setText(ex.getMessage());
                return;
            }
            error.setText("");
            backend.silence(matchers.getText(), at, comment.getText().strip(), o -> {
                if (o.done()) {
                    closeForm();
                } else {
                    error.setText(o.message());
                }
                outcome(o);
            });
        });
        Button cancel = new Button("Cancel");
        cancel.setId("formCancel");
        cancel.setOnAction(e -> closeForm());
        Label untilLabel = new Label("until");
        untilLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox untilRow = new HBox(6, untilLabel, until, comment);
        untilRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(comment, Priority.ALWAYS);
        openForm(l, matchers, untilRow, error, buttons(ok, cancel));
        matchers.requestFocus();
    }

    private static HBox buttons(Button... b) {
        HBox box = new HBox(6, b);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private Optional<String> selectedName() {
        if (selected instanceof AlertItem i) {
            return Optional.of("alert " + i.id() + " (" + i.row().rule() + ")");
        }
        if (selected instanceof FleetItem f) {
            return Optional.of(f.alert().name() + " in Alertmanager");
        }
        return Optional.empty();
    }
}
