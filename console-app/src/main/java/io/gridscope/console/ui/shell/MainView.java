package io.gridscope.console.ui.shell;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.console.ui.format.Formats;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.controlsfx.control.StatusBar;

/**
 * The console's shell: header with the global time range, sidebar of pages, the current page, and the status bar
 * naming every collector and its state; at the sidebar's foot, the About box. Shortcuts: Ctrl+1…9 pages, Alt+1…6
 * ranges, Ctrl+T theme, F1 About. The pages themselves come from outside, one factory per {@link Page}: the shell
 * knows no page.
 */
public final class MainView extends BorderPane {
    private static final DateTimeFormatter CUSTOM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final ShellViewModel shell;
    private final HBox collectorItems = new HBox(14);
    private final Map<String, StatusItem> statusItems = new HashMap<>();
    private final Map<Page, Supplier<? extends Region>> pageFactories;
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    private final StackPane center = new StackPane();
    private final AboutDetails about;
    private AboutDialog aboutDialog;

    /**
     * @param pages builds each page's content; called on a page's first visit (the window shows sooner, and unseen
     *              pages cost nothing)
     */
    public MainView(ShellViewModel shell, Map<Page, Supplier<? extends Region>> pages) {
        this(shell, pages, AboutDetails.of(AboutDetails.UNKNOWN, io.gridscope.console.app.AppPaths.fromEnvironment()));
    }

    /**
     * @param pages builds each page's content; called on a page's first visit (the window shows sooner, and unseen
     *              pages cost nothing)
     * @param about what the About box shows
     */
    public MainView(ShellViewModel shell, Map<Page, Supplier<? extends Region>> pages, AboutDetails about) {
        this.shell = shell;
        this.about = about;
        this.pageFactories = new EnumMap<>(pages);
        for (Page p : Page.values()) {
            if (!pageFactories.containsKey(p)) {
                throw new IllegalArgumentException("no view for page " + p);
            }
        }
        getStyleClass().add("main-view");
        setTop(header());
        setLeft(sidebar());
        VBox body = new VBox(errorBanner(), center);
        VBox.setVgrow(center, Priority.ALWAYS);
        setCenter(body);
        setBottom(statusBar());
        showPage(shell.pageProperty().get());
        shell.pageProperty().addListener((o, a, p) -> showPage(p));
        installShortcuts();
    }

    private void showPage(Page p) {
        Node page = pages.computeIfAbsent(p, k -> {
            Node n = scrolling(pageFactories.get(k).get());
            n.setId("page-" + k.name().toLowerCase(Locale.ROOT));
            return n;
        });
        center.getChildren().setAll(page);
    }

    private void installShortcuts() {
        sceneProperty().addListener((o, old, scene) -> {
            if (scene == null) {
                return;
            }
            for (Page p : Page.values()) {
                scene.getAccelerators()
                        .put(
                                new KeyCodeCombination(
                                        KeyCode.valueOf("DIGIT" + p.shortcutDigit()), KeyCombination.SHORTCUT_DOWN),
                                () -> shell.pageProperty().set(p));
            }
            for (int i = 0; i < TimeRange.PRESETS.size(); i++) {
                TimeRange r = TimeRange.PRESETS.get(i);
                scene.getAccelerators()
                        .put(
                                new KeyCodeCombination(KeyCode.valueOf("DIGIT" + (i + 1)), KeyCombination.ALT_DOWN),
                                () -> shell.rangeProperty().set(r));
            }
            scene.getAccelerators()
                    .put(
                            new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN),
                            () -> shell.darkProperty().set(!shell.darkProperty().get()));
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), this::showAbout);
        });
    }

    /** Opens the About box over this window (F1, or the sidebar's About entry); brings it forward if open. */
    public void showAbout() {
        if (aboutDialog != null && aboutDialog.stage().isShowing()) {
            aboutDialog.stage().toFront();
            return;
        }
        aboutDialog = new AboutDialog(
                about,
                AppIcons.packaged(),
                getScene() == null ? null : getScene().getWindow());
        aboutDialog.show();
    }

    private Region header() {
        Label title = new Label("Gridscope");
        title.getStyleClass().add("app-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label host = new Label();
        host.getStyleClass().add("host-name");
        host.textProperty().bind(Bindings.concat("Local host · ", shell.localHostProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(16, title, host, hostSelector(host), spacer, rangeBar()) {
            @Override
            protected void layoutChildren() {
                // narrower than the whole header (window resized, or the Host selector appeared): the presets go
                // into a menu, then the custom range too
                fitHeader(this, getWidth());
                super.layoutChildren();
            }
        };
        row.setAlignment(Pos.CENTER_LEFT);
        row.setId("headerRow");
        row.setMinWidth(0); // given the window's width, whatever its content asks: fitHeader makes the content fit
        row.widthProperty().addListener((o, a, w) -> fitHeader(row, w.doubleValue()));
        customError.setId("customError");
        customError.getStyleClass().add("field-error");
        customError.setWrapText(true);
        customError.visibleProperty().bind(customError.textProperty().isNotEmpty());
        customError.managedProperty().bind(customError.visibleProperty());
        customError.setMaxWidth(Double.MAX_VALUE);
        customError.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(2, row, customError);
        box.setId("header");
        box.getStyleClass().add("header");
        return box;
    }

    /** 0: every preset a button and the custom range in the bar; 1: presets in a menu; 2: custom range in one too. */
    private int headerLevel = -1;

    private void fitHeader(HBox row, double width) {
        int level = 0;
        while (level < 2 && headerWidth(row, level) > width) {
            level++;
        }
        setHeaderLevel(level);
    }

    /**
     * The header's width at {@code level}, from its parts' preferred widths (not from the row's own, which is
     * cached while it is laid out).
     */
    private double headerWidth(HBox row, int level) {
        double w = row.snappedLeftInset() + row.snappedRightInset();
        int count = 0;
        for (Node n : row.getChildren()) {
            if (n.isManaged() && n != rangeBar) {
                w += n.prefWidth(-1);
                count++;
            }
        }
        List<Node> bar = level == 0
                ? List.of(rangeCaption, presetButtons, customFields, zoneLabel)
                : level == 1
                        ? List.of(rangeCaption, presetMenu, customFields, zoneLabel)
                        : List.of(rangeCaption, presetMenu, customMenu, zoneLabel);
        double barWidth = rangeBar.snappedLeftInset()
                + rangeBar.snappedRightInset()
                + rangeBar.getSpacing() * bar.size()
                + customInBar.snappedLeftInset();
        for (Node n : bar) {
            barWidth += n.prefWidth(-1);
        }
        return w + barWidth + row.getSpacing() * count;
    }

    private void setHeaderLevel(int level) {
        if (level == headerLevel) {
            return;
        }
        headerLevel = level;
        presetButtons.setVisible(level == 0);
        presetButtons.setManaged(level == 0);
        presetMenu.setVisible(level > 0);
        presetMenu.setManaged(level > 0);
        if (level == 2) {
            customInBar.getChildren().clear();
            customItem.setContent(customFields);
        } else {
            customItem.setContent(null);
            customInBar.getChildren().setAll(customFields);
        }
        customMenu.setVisible(level == 2);
        customMenu.setManaged(level == 2);
    }

    /**
     * A host in the selector: its name (the source's id for a scraped exporter) and, in the list, the instance
     * beside it; the button shows the name alone, to keep the header narrow.
     */
    private final class HostCell extends javafx.scene.control.ListCell<String> {
        private final boolean inList;

        HostCell(boolean inList) {
            this.inList = inList;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            String name = empty || item == null ? "" : shell.displayName(item);
            setText(
                    empty || item == null
                            ? ""
                            : item.equals(shell.localHostProperty().get())
                                    ? name + "  (this machine)"
                                    : name.equals(item) || !inList ? name : name + "  " + item);
            setTooltip(
                    empty || item == null || name.equals(item)
                            ? null
                            : new Tooltip(name + ": host=\"" + item + "\" (the exporter's instance)"));
        }

        /**
         * Shows {@code host} under the name it has now. The combo box shows a value that is not (yet) among its items
         * by its plain text, so the button is redrawn by hand whenever the names or the items change.
         */
        void redraw(String host) {
            updateItem(host, host == null);
        }
    }

    /** Shown instead of {@code localLabel} once a second host is known (from a Prometheus source). */
    private Node hostSelector(Label localLabel) {
        ComboBox<String> box = new ComboBox<>();
        box.setId("hostSelector");
        box.getStyleClass().add("host-selector");
        box.setTooltip(new Tooltip("The host every page shows: this machine, or one known from a Prometheus "
                + "exporter or server source"));
        // the list names each host and, for one shown by its source's id, the instance; the button the name only
        javafx.util.Callback<javafx.scene.control.ListView<String>, javafx.scene.control.ListCell<String>> cells =
                lv -> new HostCell(true);
        box.setCellFactory(cells);
        HostCell button = new HostCell(false);
        box.setButtonCell(button);
        Runnable sync = () -> {
            if (!box.getItems().equals(shell.hosts())) {
                box.getItems().setAll(shell.hosts());
            }
            box.setValue(shell.hostProperty().get());
            button.redraw(box.getValue());
        };
        shell.hosts().addListener((ListChangeListener<String>) c -> sync.run());
        // a new name for a listed host: redraw the cells that show it, the button's included
        shell.hostNames().addListener((javafx.collections.MapChangeListener<String, String>) c -> {
            box.setCellFactory(null);
            box.setCellFactory(cells);
            button.redraw(box.getValue());
        });
        shell.hostProperty().addListener((o, a, h) -> {
            box.setValue(h);
            button.redraw(h);
        });
        box.valueProperty().addListener((o, a, h) -> {
            if (h != null && !h.isEmpty()) {
                shell.hostProperty().set(h);
            }
        });
        sync.run();
        Label caption = new Label("Host");
        caption.getStyleClass().add("range-caption");
        HBox selector = new HBox(6, caption, box);
        selector.setAlignment(Pos.CENTER_LEFT);
        selector.visibleProperty().bind(Bindings.size(shell.hosts()).greaterThan(1));
        selector.managedProperty().bind(selector.visibleProperty());
        localLabel.visibleProperty().bind(selector.visibleProperty().not());
        localLabel.managedProperty().bind(localLabel.visibleProperty());
        return selector;
    }

    private final Label customError = new Label();
    private final HBox presetButtons = new HBox(2);
    private final ComboBox<TimeRange> presetMenu = new ComboBox<>();
    private final HBox customFields = new HBox(2);
    private final HBox customInBar = new HBox();
    private final javafx.scene.control.CustomMenuItem customItem = new javafx.scene.control.CustomMenuItem();
    private final javafx.scene.control.MenuButton customMenu = new javafx.scene.control.MenuButton("Custom…");

    private final HBox rangeBar = new HBox(2);
    private final Label rangeCaption = new Label("Last");
    private final Label zoneLabel = new Label();

    private Region rangeBar() {
        ToggleGroup group = new ToggleGroup();
        HBox bar = rangeBar;
        bar.setId("rangeBar");
        bar.getStyleClass().add("range-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        Label live = rangeCaption;
        live.getStyleClass().add("range-caption");
        live.setMinWidth(Region.USE_PREF_SIZE);
        presetButtons.setAlignment(Pos.CENTER_LEFT);
        for (int i = 0; i < TimeRange.PRESETS.size(); i++) {
            TimeRange r = TimeRange.PRESETS.get(i);
            ToggleButton b = new ToggleButton(r.label());
            b.setId("range-" + r.label().replace(" ", ""));
            b.setToggleGroup(group);
            b.setUserData(r);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setOnAction(e -> customError.setText("")); // also when this range is shown already
            b.setTooltip(new Tooltip("Show the last " + r.label() + ", following live (Alt+" + (i + 1) + ")"));
            presetButtons.getChildren().add(b);
        }
        presetMenu.setId("rangeMenu");
        presetMenu.getItems().setAll(TimeRange.PRESETS);
        presetMenu.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(TimeRange r) {
                return r == null ? "" : r.isLive() ? r.label() : "custom";
            }

            @Override
            public TimeRange fromString(String s) {
                return null;
            }
        });
        presetMenu.setTooltip(new Tooltip("Show the last …, following live (Alt+1…" + TimeRange.PRESETS.size() + ")"));
        presetMenu.valueProperty().addListener((o, a, r) -> {
            if (r != null && r.isLive()) {
                shell.rangeProperty().set(r);
            }
        });
        TextField from = new TextField();
        TextField to = new TextField();
        from.setId("customFrom");
        to.setId("customTo");
        from.setPromptText("yyyy-MM-dd HH:mm");
        to.setPromptText("yyyy-MM-dd HH:mm");
        from.setPrefColumnCount(9);
        to.setPrefColumnCount(9);
        Button apply = new Button("Apply");
        apply.setId("customApply");
        apply.setMinWidth(Region.USE_PREF_SIZE);
        ZoneId zone = ZoneId.systemDefault();
        apply.setOnAction(e -> {
            try {
                Instant f = LocalDateTime.parse(from.getText().strip(), CUSTOM)
                        .atZone(zone)
                        .toInstant();
                Instant t = LocalDateTime.parse(to.getText().strip(), CUSTOM)
                        .atZone(zone)
                        .toInstant();
                shell.rangeProperty().set(TimeRange.fixed(f, t));
                customError.setText("");
            } catch (DateTimeParseException ex) {
                customError.setText("Custom range: use yyyy-MM-dd HH:mm");
            } catch (IllegalArgumentException ex) {
                customError.setText("Custom range: " + ex.getMessage());
            }
        });
        Tooltip.install(from, new Tooltip("Custom range start, in " + zone.getId()));
        Tooltip.install(to, new Tooltip("Custom range end, in " + zone.getId()));
        Label custom = new Label("From");
        custom.getStyleClass().add("range-caption");
        custom.setMinWidth(Region.USE_PREF_SIZE);
        Label dash = new Label("to");
        dash.getStyleClass().add("range-caption");
        dash.setMinWidth(Region.USE_PREF_SIZE);
        customFields.setAlignment(Pos.CENTER_LEFT);
        customFields.getChildren().addAll(custom, from, dash, to, apply);
        customInBar.setAlignment(Pos.CENTER_LEFT);
        customInBar.setPadding(new Insets(0, 0, 0, 12));
        customItem.setHideOnClick(false);
        customMenu.setId("customMenu");
        customMenu.getItems().add(customItem);
        customMenu.setMinWidth(Region.USE_PREF_SIZE);
        zoneLabel.setText(zoneName(zone));
        zoneLabel.setId("zoneLabel");
        zoneLabel.getStyleClass().add("range-caption");
        zoneLabel.setMinWidth(Region.USE_PREF_SIZE);
        zoneLabel.setPadding(new Insets(0, 0, 0, 8));
        zoneLabel.setTooltip(new Tooltip("Every time shown is in " + zone.getId()));
        bar.getChildren().addAll(live, presetButtons, presetMenu, customInBar, customMenu, zoneLabel);
        setHeaderLevel(0);
        Runnable select = () -> {
            TimeRange r = shell.rangeProperty().get();
            group.getToggles().forEach(t -> t.setSelected(r.equals(t.getUserData())));
            presetMenu.setValue(r);
            if (!r.isLive()) {
                from.setText(CUSTOM.format(r.from().atZone(zone)));
                to.setText(CUSTOM.format(r.to().atZone(zone)));
            }
        };
        group.selectedToggleProperty().addListener((o, a, t) -> {
            if (t != null) {
                shell.rangeProperty().set((TimeRange) t.getUserData());
            } else if (shell.rangeProperty().get().isLive()) {
                select.run(); // a live range cannot be "deselected": keep its button down
            }
        });
        shell.rangeProperty().addListener((o, a, r) -> {
            customError.setText(""); // an error was about the range typed before; another range is shown now
            select.run();
        });
        select.run();
        return bar;
    }

    /** "UTC", or the zone's abbreviation now ("CEST"), for the range bar. */
    static String zoneName(ZoneId zone) {
        return zone.normalized().equals(java.time.ZoneOffset.UTC)
                ? "UTC"
                : DateTimeFormatter.ofPattern("zzz", Locale.ROOT).format(java.time.ZonedDateTime.now(zone));
    }

    private Region sidebar() {
        ToggleGroup group = new ToggleGroup();
        VBox side = new VBox(2);
        side.getStyleClass().add("sidebar");
        side.setPadding(new Insets(10, 8, 10, 8));
        for (Page p : Page.values()) {
            ToggleButton b = new ToggleButton(p.title());
            b.setId("nav-" + p.name().toLowerCase(Locale.ROOT));
            b.getStyleClass().add("nav-button");
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinWidth(Region.USE_PREF_SIZE); // the sidebar is as wide as its longest page name
            b.setToggleGroup(group);
            b.setUserData(p);
            b.setTooltip(new Tooltip(p.description() + " (Ctrl+" + p.shortcutDigit() + ")"));
            b.setSelected(shell.pageProperty().get() == p);
            b.setGraphic(badge(p));
            b.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
            b.setGraphicTextGap(8);
            side.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                a.setSelected(true); // one page is always selected
            } else {
                shell.pageProperty().set((Page) t.getUserData());
            }
        });
        shell.pageProperty()
                .addListener((o, a, p) -> group.getToggles().forEach(t -> t.setSelected(t.getUserData() == p)));
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        Button aboutButton = new Button("About " + AboutDetails.NAME);
        aboutButton.setId("aboutButton");
        aboutButton.getStyleClass().addAll("nav-button", "about-button");
        aboutButton.setMaxWidth(Double.MAX_VALUE);
        aboutButton.setMinWidth(Region.USE_PREF_SIZE);
        aboutButton.setTooltip(new Tooltip("Version, Java and JavaFX, where the files are (F1)"));
        aboutButton.setOnAction(e -> showAbout());
        side.getChildren().addAll(spacer, aboutButton);
        side.setPrefWidth(190);
        side.setMinWidth(Region.USE_PREF_SIZE);
        return side;
    }

    /** The count beside a page's name (firing alerts nobody has taken on), hidden while there is none. */
    private Label badge(Page p) {
        Label badge = new Label();
        badge.setId("badge-" + p.name().toLowerCase(Locale.ROOT));
        badge.getStyleClass().add("nav-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        Runnable show = () -> {
            Integer n = shell.badges().get(p);
            badge.setText(n == null ? "" : Integer.toString(n));
            badge.setVisible(n != null);
        };
        shell.badges().addListener((javafx.collections.MapChangeListener<Page, Integer>) c -> {
            if (c.getKey() == p) {
                show.run();
            }
        });
        show.run();
        return badge;
    }

    private Node errorBanner() {
        Label error = new Label();
        error.setId("errorBanner");
        error.getStyleClass().add("error-banner");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(shell.errorProperty());
        error.visibleProperty().bind(shell.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox.setMargin(error, new Insets(10, 16, 0, 16));
        return error;
    }

    private Region statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.textProperty().bind(shell.historyStatusProperty());
        collectorItems.setAlignment(Pos.CENTER_RIGHT);
        shell.statuses().addListener((ListChangeListener<CollectorStatus>) c -> renderStatuses());
        bar.getRightItems().add(collectorItems);
        return bar;
    }

    /**
     * Shows every collector's status in the status bar. Statuses arrive with every collection pass, so each
     * collector keeps its label, dot and tooltip, and only what changed is set: new nodes every pass would make
     * every pulse style and lay out the status bar afresh (and a {@link Tooltip} is a window to build).
     */
    private void renderStatuses() {
        List<Node> shown = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (CollectorStatus s : shell.statuses()) {
            ids.add(s.collectorId());
            StatusItem item = statusItems.computeIfAbsent(s.collectorId(), StatusItem::new);
            item.show(s);
            shown.add(item.label);
        }
        statusItems.keySet().retainAll(ids);
        if (!collectorItems.getChildren().equals(shown)) {
            collectorItems.getChildren().setAll(shown);
        }
    }

    /** One collector in the status bar: a dot coloured by its state, its name, details in the tooltip. */
    private static final class StatusItem {
        private final Circle dot = new Circle(5);
        private final Label label = new Label("", dot);
        private final Tooltip tooltip = new Tooltip();
        private String stateClass = "";

        StatusItem(String collectorId) {
            dot.getStyleClass().add("state-dot");
            label.setMinWidth(Region.USE_PREF_SIZE);
            label.setId("status-" + collectorId);
            label.getStyleClass().add("collector-status");
            Tooltip.install(label, tooltip);
        }

        void show(CollectorStatus s) {
            String state = s.state().name().toLowerCase(Locale.ROOT);
            String cls = "state-" + state;
            if (!cls.equals(stateClass)) {
                dot.getStyleClass().remove(stateClass);
                dot.getStyleClass().add(cls);
                stateClass = cls;
            }
            // compact: the name alone when all is well, the state when not; details in the tooltip
            label.setText(s.state() == CollectorState.OK ? shortName(s) : shortName(s) + ": " + state);
            String details = Formats.describe(s);
            label.setUserData(details);
            tooltip.setText(s.displayName() + " (" + s.collectorId() + "): " + details);
        }
    }

    /** A Prometheus source by its name alone ("rack7-node"), a local collector by its display name. */
    static String shortName(CollectorStatus s) {
        String id = s.collectorId();
        int colon = id.indexOf(':');
        return colon > 0 ? id.substring(colon + 1) : s.displayName();
    }

    static ScrollPane scrolling(Region content) {
        ScrollPane sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        sp.setFitToHeight(true);
        sp.getStyleClass().add("page-scroll");
        sp.skinProperty().addListener((obs, old, skin) -> uncacheViewport(sp));
        return sp;
    }

    /**
     * The skin caches its viewport as one bitmap of the page, to scroll it cheaply. A page with live figures changes
     * every second, so the bitmap is drawn again anyway, and in software rendering it is a page-sized array on the
     * Java heap (3.4 MiB for the GPUs page at 1360 x 900).
     */
    static void uncacheViewport(ScrollPane sp) {
        if (sp.getSkin() != null && sp.lookup(".viewport") instanceof Node viewport) {
            viewport.setCache(false);
        }
    }
}
