package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.rules.RuleProblem;
import io.gridscope.console.app.AlertConsole.Board;
import io.gridscope.console.fx.StyleClasses;
import java.time.ZoneId;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The rules file in a text area, its problems beside it ({@code file:line: field: message}; a click jumps to the
 * line), checked a moment after the typing stops; Save, refused while there is a problem; the rules in force with
 * their pack, severity, condition and health; and the preview of the selected rule over the last 24 h.
 */
final class RulesEditor extends VBox {
    /** How long after the last keystroke the text is checked. */
    static final Duration CHECK_DELAY = Duration.millis(400);

    private final RulesEditorViewModel vm;
    private final TextArea text = new TextArea();

    RulesEditor(RulesEditorViewModel vm, ReadOnlyObjectProperty<Board> board, ZoneId zone) {
        super(8);
        this.vm = vm;
        setPadding(new Insets(8, 0, 0, 0));
        text.setId("rulesText");
        text.getStyleClass().add("raw-file");
        text.setPrefRowCount(18);
        text.setPrefColumnCount(70);
        text.textProperty().bindBidirectional(vm.textProperty());
        PauseTransition pause = new PauseTransition(CHECK_DELAY);
        pause.setOnFinished(e -> vm.validate());
        text.textProperty().addListener((o, a, b) -> pause.playFromStart());

        Label problemsTitle = new Label("Problems");
        problemsTitle.getStyleClass().add("subsection-title");
        ListView<RuleProblem> problems = new ListView<>(vm.problems());
        problems.setId("rulesProblems");
        problems.setPlaceholder(new Label("No problem."));
        problems.setPrefWidth(340);
        problems.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(RuleProblem p, boolean empty) {
                super.updateItem(p, empty);
                setWrapText(true);
                setPrefWidth(0);
                if (empty || p == null) {
                    setText(null);
                    setOnMouseClicked(null);
                    StyleClasses.setOneOf(this, PROBLEM_CLASSES, null);
                } else {
                    setText(p.file().getFileName() + ":" + p.line() + ": "
                            + (p.field().isEmpty() ? "" : p.field() + ": ") + p.message());
                    StyleClasses.setOneOf(this, PROBLEM_CLASSES, "rule-problem");
                    setOnMouseClicked(e -> goToLine(p.line()));
                }
            }
        });
        problems.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> {
            if (p != null) {
                goToLine(p.line());
            }
        });
        Button save = new Button("Save");
        save.setId("rulesSave");
        save.setDefaultButton(false);
        save.disableProperty().bind(vm.canSaveProperty().not());
        save.setTooltip(new Tooltip("Saves alerts.toml (the previous version as alerts.toml.bak, the change in the"
                + " audit log); the evaluating process picks it up within seconds. Refused while there is a problem."));
        save.setOnAction(e -> vm.save());
        Button reload = new Button("Revert");
        reload.setId("rulesRevert");
        reload.setTooltip(new Tooltip("Reads the file again, dropping what was typed"));
        reload.setOnAction(e -> vm.reload());
        Label message = new Label();
        message.setId("rulesMessage");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        vm.messageFailedProperty().addListener((o, a, f) -> style(message, f));
        Label state = new Label();
        state.setId("rulesState");
        state.getStyleClass().add("muted");
        state.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.problems().isEmpty()
                                ? vm.canSaveProperty().get() ? "Checked: no problem. Not saved yet." : ""
                                : vm.problems().size() + (vm.problems().size() == 1 ? " problem" : " problems")
                                        + ": not saved while there is one.",
                        vm.problems(),
                        vm.canSaveProperty()));
        HBox buttons = new HBox(8, save, reload);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox side = new VBox(6, problemsTitle, problems, state, buttons, message);
        VBox.setVgrow(problems, Priority.ALWAYS);
        side.setMinWidth(260);
        SplitPane editor = new SplitPane(text, side);
        editor.setId("rulesEditorSplit");
        editor.setDividerPositions(0.66);
        editor.setPrefHeight(330);
        editor.setMinHeight(220);

        Label inForce = new Label("Rules in force");
        inForce.getStyleClass().add("subsection-title");
        TableView<RuleRow> rules = rulesTable();
        Button preview = new Button("Preview last 24 h");
        preview.setId("rulePreview");
        preview.disableProperty()
                .bind(rules.getSelectionModel().selectedItemProperty().isNull().or(vm.previewRunningProperty()));
        preview.setTooltip(new Tooltip("What the selected rule would have done over the last 24 hours of stored"
                + " history: when it would have fired, for how long, the peak value"));
        preview.setOnAction(e -> {
            RuleRow r = rules.getSelectionModel().getSelectedItem();
            if (r != null) {
                vm.preview(r.rule(), zone);
            }
        });
        Label previewText = new Label();
        previewText.setId("rulePreviewResult");
        previewText.setWrapText(true);
        previewText.getStyleClass().add("methodology-line");
        previewText.textProperty().bind(vm.previewProperty());
        HBox rulesHead = new HBox(10, inForce, preview);
        rulesHead.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(rules, Priority.ALWAYS);
        getChildren().addAll(editor, rulesHead, rules, previewText);
        board.addListener((o, a, b) -> vm.onBoard(b));
        vm.onBoard(board.get());
    }

    private static void style(Label l, boolean failed) {
        l.getStyleClass().removeAll("alert-outcome-ok", "alert-outcome-failed");
        l.getStyleClass().add(failed ? "alert-outcome-failed" : "alert-outcome-ok");
    }

    private TableView<RuleRow> rulesTable() {
        TableView<RuleRow> t = new TableView<>(vm.rules());
        t.setId("rulesTable");
        t.getStyleClass().add("alerts-table");
        t.setPrefHeight(260);
        t.setMinHeight(150);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RuleRow, String> sev =
                col("Severity", 75, r -> r.rule().severity().label());
        sev.setCellFactory(c -> styled("severity-"));
        TableColumn<RuleRow, String> health = col("Health", 190, RuleRow::healthText);
        health.setCellFactory(c -> styled("health-"));
        t.getColumns()
                .setAll(List.of(
                        col("Rule", 190, RuleRow::name),
                        col("Pack", 80, RuleRow::pack),
                        sev,
                        health,
                        col(
                                "Condition",
                                420,
                                r -> r.rule().condition().describe()
                                        + (r.rule().forDuration().isZero()
                                                ? ""
                                                : ", for "
                                                        + AlertFormats.duration(r.rule()
                                                                .forDuration()
                                                                .toMillis())))));
        return t;
    }

    private static TableColumn<RuleRow, String> col(
            String name, double width, java.util.function.Function<RuleRow, String> f) {
        TableColumn<RuleRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue() == null ? "" : f.apply(d.getValue())));
        return c;
    }

    /** A cell styled by its first word: "severity-critical", "health-no_data". */
    private static TableCell<RuleRow, String> styled(String prefix) {
        return new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? "" : s);
                String wanted = null;
                if (!empty && s != null && !s.isEmpty()) {
                    String word = s.split("[: ]", 2)[0];
                    wanted = prefix + (s.startsWith("no data") ? "no_data" : word);
                }
                StyleClasses.setOneOf(this, prefix, wanted);
            }
        };
    }

    private static final List<String> PROBLEM_CLASSES = List.of("rule-problem");

    /** Puts the caret at the start of 1-based {@code line} and shows it. */
    private void goToLine(int line) {
        String t = text.getText();
        int pos = 0;
        for (int i = 1; i < line && pos >= 0; i++) {
            pos = t.indexOf('\n', pos);
            if (pos >= 0) {
                pos++;
            }
        }
        int start = Math.max(0, Math.min(pos < 0 ? t.length() : pos, t.length()));
        int end = t.indexOf('\n', start);
        text.requestFocus();
        text.selectRange(start, end < 0 ? t.length() : end);
    }
}
