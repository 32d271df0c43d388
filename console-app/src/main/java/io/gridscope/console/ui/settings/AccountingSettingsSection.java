package io.gridscope.console.ui.settings;

import io.gridscope.console.ui.format.Forms;
import io.gridscope.console.ui.settings.AccountingSettingsViewModel.EntryForm;
import io.gridscope.console.ui.settings.AccountingSettingsViewModel.Field;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Settings → Accounting: the form (top-level settings, sites, flat electricity prices), each field with the reason
 * it is refused right under it, and the raw file with its problems by line. Node ids: {@code accounting-<key>} for
 * the top-level fields, {@code accounting-site-<n>-<key>} and {@code accounting-price-<n>-<key>} for the entries,
 * each with {@code -error} for its message; {@code accountingSave}, {@code accountingOutcome}, {@code
 * accountingSaveError}; {@code accountingRaw}, {@code accountingRawProblems}.
 */
public final class AccountingSettingsSection extends VBox {
    private static final List<Column> SITE_COLUMNS = List.of(
            new Column("id", "Id", 7, "The site's id, used by electricity prices"),
            new Column("name", "Name", 9, "Shown in reports (optional)"),
            new Column("hosts", "Hosts", 14, "Host names or patterns (* and ?), comma-separated"),
            new Column("pue", "PUE", 4, "Facility energy ÷ IT energy, at least 1.0"),
            new Column("zone", "Grid zone", 5, "A zone of the intensity tables: country code, US-CA, SE1 …"),
            new Column("intensity", "Intensity", 5, "A fixed grid intensity in gCO2e/kWh (optional)"),
            new Column(
                    AccountingSettingsViewModel.TOKEN_FILE,
                    "Token file",
                    14,
                    "Absolute path of the file that holds the Electricity Maps token; the token itself is never"
                            + " shown or saved here"));
    private static final List<Column> PRICE_COLUMNS = List.of(
            new Column("site", "Site", 7, "The id of the site this price is for"),
            new Column("currency", "Currency", 4, "ISO 4217 code, e.g. EUR"),
            new Column("from", "From", 9, "The day it applies from, e.g. 2026-01-01"),
            new Column("to", "To", 9, "The day it stops applying (optional; open-ended when empty)"),
            new Column("price_per_kwh", "Price per kWh", 6, "A flat price per kWh in the currency"));

    private record Column(String key, String title, int columns, String tip) {}

    private final AccountingSettingsViewModel vm;
    private final GridPane siteGrid = new GridPane(8, 2);
    private final GridPane priceGrid = new GridPane(8, 2);

    public AccountingSettingsSection(AccountingSettingsViewModel vm) {
        super(10);
        this.vm = vm;
        setId("accountingSettings");
        getStyleClass().add("accounting-settings");
        Label title = new Label("Accounting");
        title.getStyleClass().add("section-title");
        Label file = new Label();
        file.getStyleClass().add("muted");
        file.setWrapText(true);
        file.setMinHeight(Region.USE_PREF_SIZE);
        file.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.filePathProperty().get().isEmpty()
                                ? ""
                                : "The file " + vm.filePathProperty().get() + ". Reports use it at once once saved;"
                                        + " the previous version is kept as accounting.toml.bak and every change is"
                                        + " recorded with who made it. Hardware, cloud, allocation rules and budgets"
                                        + " are edited in the raw file below.",
                        vm.filePathProperty()));
        Label formError = banner("accountingFormError", "notice");
        formError.textProperty().bind(vm.formErrorProperty());
        Label notice = banner("accountingNotice", "notice");
        notice.textProperty().bind(vm.fileNoticeProperty());

        GridPane top = new GridPane(12, 4);
        rootRow(top, 0, "Currency", "currency", 5, "The currency reports are in (ISO 4217, e.g. EUR)");
        rootRow(top, 1, "Time zone", "timezone", 14, "Whose calendar makes days and months, e.g. Europe/Berlin");
        rootRow(
                top,
                2,
                "Idle threshold",
                "idle_threshold",
                5,
                "GPU utilisation (0..1) under which GPU time is idle: 0.05 = 5 %");
        CheckBox share = new CheckBox("Share idle cost among the groups (in proportion to their cost)");
        share.setId("accounting-share_idle");
        share.selectedProperty().bindBidirectional(vm.shareIdleProperty());
        Label shareError = error(vm.shareIdleField(), "accounting-share_idle-error");
        top.addRow(3, new Label("Idle time"), share, shareError);

        VBox form = new VBox(
                10,
                top,
                heading("Sites", "accountingAddSite", vm::addSite),
                siteGrid,
                heading("Electricity prices (flat)", "accountingAddPrice", vm::addPrice),
                priceGrid);
        form.disableProperty().bind(vm.editableProperty().not());
        vm.sites().addListener((ListChangeListener<EntryForm>)
                c -> entries(siteGrid, vm.sites(), SITE_COLUMNS, "site", vm::removeSite));
        vm.prices().addListener((ListChangeListener<EntryForm>)
                c -> entries(priceGrid, vm.prices(), PRICE_COLUMNS, "price", vm::removePrice));
        entries(siteGrid, vm.sites(), SITE_COLUMNS, "site", vm::removeSite);
        entries(priceGrid, vm.prices(), PRICE_COLUMNS, "price", vm::removePrice);

        Label other = banner("accountingOtherProblems", "field-error");
        other.textProperty().bind(vm.otherProblemsProperty());
        Button save = new Button("Save accounting");
        save.setId("accountingSave");
        save.disableProperty().bind(vm.editableProperty().not().or(vm.busyProperty()));
        save.setOnAction(e -> vm.save());
        Button revert = new Button("Revert");
        revert.setId("accountingRevert");
        revert.setTooltip(new Tooltip("Read the file again, dropping the edits made here"));
        revert.setOnAction(e -> vm.revert());
        Label outcome = new Label();
        outcome.setId("accountingOutcome");
        outcome.getStyleClass().add("muted");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.outcomeProperty());
        Label saveError = new Label();
        saveError.setId("accountingSaveError");
        saveError.getStyleClass().add("field-error");
        saveError.setWrapText(true);
        saveError.textProperty().bind(vm.saveErrorProperty());
        HBox actions = new HBox(12, save, revert, new VBox(2, outcome, saveError));
        actions.setAlignment(Pos.CENTER_LEFT);

        getChildren().addAll(title, file, formError, notice, form, other, actions, rawPane());
    }

    private static Label banner(String id, String style) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static Node heading(String text, String id, Runnable add) {
        Label l = new Label(text);
        l.getStyleClass().add("subsection-title");
        Button b = new Button("Add");
        b.setId(id);
        b.setOnAction(e -> add.run());
        HBox h = new HBox(10, l, b);
        h.setAlignment(Pos.CENTER_LEFT);
        h.setPadding(new Insets(6, 0, 0, 0));
        return h;
    }

    private void rootRow(GridPane grid, int row, String label, String key, int columns, String tip) {
        Field f = vm.rootField(key);
        TextField field = field("accounting-" + key, columns, tip, f);
        grid.addRow(row, new Label(label), field, error(f, "accounting-" + key + "-error"));
    }

    private static TextField field(String id, int columns, String tip, Field f) {
        TextField t = Forms.field(id, "", columns);
        t.setMaxWidth(Region.USE_PREF_SIZE);
        t.textProperty().bindBidirectional(f.valueProperty());
        t.setTooltip(new Tooltip(tip));
        Runnable mark = () -> {
            t.getStyleClass().remove("field-invalid");
            if (!f.errorProperty().get().isEmpty()) {
                t.getStyleClass().add("field-invalid");
            }
        };
        f.errorProperty().addListener((o, a, b) -> mark.run());
        mark.run();
        return t;
    }

    private static Label error(Field f, String id) {
        Label l = Forms.error(id);
        l.setWrapText(true);
        l.setMaxWidth(260);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.textProperty().bind(f.errorProperty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** One row of fields per entry, each field's error under it, the entry's own error under the row. */
    private static void entries(
            GridPane grid,
            ObservableList<EntryForm> list,
            List<Column> columns,
            String kind,
            Consumer<EntryForm> remove) {
        grid.getChildren().clear();
        if (list.isEmpty()) {
            Label none = new Label("None yet.");
            none.getStyleClass().add("muted");
            grid.add(none, 0, 0);
            return;
        }
        for (int c = 0; c < columns.size(); c++) {
            Label h = new Label(columns.get(c).title());
            h.getStyleClass().add("overview-header");
            grid.add(h, c, 0);
        }
        int row = 1;
        for (int i = 0; i < list.size(); i++) {
            EntryForm e = list.get(i);
            String prefix = "accounting-" + kind + "-" + i + "-";
            for (int c = 0; c < columns.size(); c++) {
                Column col = columns.get(c);
                Field f = e.field(col.key());
                TextField t = field(prefix + col.key(), col.columns(), col.tip(), f);
                if (col.key().equals("price_per_kwh") && e.timeOfUse()) {
                    t.setPromptText("time of use");
                    t.setTooltip(new Tooltip("This price is set by time-of-use bands: edit them in the raw file"));
                }
                Label err = error(f, prefix + col.key() + "-error");
                err.setMaxWidth(Math.max(140, col.columns() * 11));
                grid.add(t, c, row);
                grid.add(err, c, row + 1);
                GridPane.setValignment(err, VPos.TOP);
            }
            Button rm = new Button("Remove");
            rm.setId(prefix + "remove");
            rm.setOnAction(x -> remove.accept(e));
            grid.add(rm, columns.size(), row);
            Label entryError = Forms.error(prefix + "error");
            entryError.setWrapText(true);
            entryError.textProperty().bind(e.errorProperty());
            entryError.visibleProperty().bind(entryError.textProperty().isNotEmpty());
            entryError.managedProperty().bind(entryError.visibleProperty());
            grid.add(entryError, 0, row + 2, columns.size() + 1, 1);
            row += 3;
        }
    }

    private Node rawPane() {
        TextArea raw = new TextArea();
        raw.setId("accountingRaw");
        raw.getStyleClass().add("raw-file");
        raw.setPrefRowCount(18);
        raw.textProperty().bindBidirectional(vm.rawProperty());
        ListView<String> problems = new ListView<>(vm.rawProblems());
        problems.setId("accountingRawProblems");
        problems.setPrefHeight(110);
        problems.setPlaceholder(new Label("No problems."));
        problems.getStyleClass().add("raw-problems");
        problems.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> goToLine(raw, p));
        Button check = new Button("Check");
        check.setId("accountingRawCheck");
        check.setOnAction(e -> vm.checkRaw());
        Button save = new Button("Save file");
        save.setId("accountingRawSave");
        save.setOnAction(e -> vm.saveRaw());
        Label outcome = new Label();
        outcome.setId("accountingRawOutcome");
        outcome.getStyleClass().add("muted");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.rawOutcomeProperty());
        HBox buttons = new HBox(10, check, save, outcome);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("Select a problem to go to its line.");
        hint.getStyleClass().add("muted");
        VBox box = new VBox(6, raw, hint, problems, buttons);
        TitledPane pane = new TitledPane("accounting.toml as text, with its problems by line", box);
        pane.setId("accountingRawPane");
        pane.setExpanded(false);
        return pane;
    }

    /** Moves the caret to the line a problem names ("line 12 · …"). */
    private static void goToLine(TextArea area, String problem) {
        if (problem == null || !problem.startsWith("line ")) {
            return;
        }
        try {
            int line = Integer.parseInt(problem.substring(5, problem.indexOf(' ', 5)));
            String text = area.getText();
            int at = 0;
            for (int l = 1; l < line && at >= 0; l++) {
                at = text.indexOf('\n', at);
                at = at < 0 ? -1 : at + 1;
            }
            if (at >= 0) {
                area.positionCaret(at);
                area.requestFocus();
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException notALine) {
            // a problem without a line number: nothing to go to
        }
    }
}
