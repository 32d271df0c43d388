package io.gridscope.console.ui.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.rules.RuleProblem;
import io.gridscope.console.app.AlertAccess;
import io.gridscope.console.app.AlertConsole;
import io.gridscope.console.ui.AlertController;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Alerts page over a real alert console and a real history written by the test: an alert acknowledged with a
 * comment (the row shows it, the history has it, the detail lists the action), one snoozed with a quick pick, a
 * snooze time that is not one refused with its reason, the filters, and the rules editor refusing an invalid rule
 * with its line and field and saving a valid one.
 */
class AlertsPageTest {
    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private AlertConsole console;
    private AlertsViewModel vm;
    private List<Long> ids;

    @BeforeEach
    void open() throws Exception {
        Path data = home.resolve("data");
        Path config = home.resolve("config");
        Files.createDirectories(config);
        Files.createDirectories(data);
        ids = AlertFixture.write(data, AlertFixture.fourAlerts(System.currentTimeMillis()));
        console = new AlertConsole(Clock.systemUTC(), "ada");
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            vm = new AlertsViewModel(Clock.systemUTC());
            // test wiring: answers go straight to Platform.runLater (the console uses its FxBatcher)
            AlertController controller = new AlertController(console, Platform::runLater, vm::onBoard);
            AlertsPage page =
                    new AlertsPage(vm, new RulesEditorViewModel(controller), controller, new ShellViewModel());
            stage.setScene(new Scene(page, 1_400, 900));
            stage.show();
            controller.attach(
                    Optional.of(new AlertAccess(config, data, () -> HistoryReader.open(data), Optional.empty())));
        });
        WaitForAsyncUtils.waitFor(
                15, TimeUnit.SECONDS, () -> fx(() -> vm.alerts().size()) == 4);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        console.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private TableView<AlertItem> table() {
        return robot.lookup("#alertsTable").queryAs(TableView.class);
    }

    private AlertItem item(long id) throws Exception {
        return fx(
                () -> vm.alerts().stream().filter(i -> i.id() == id).findFirst().orElseThrow());
    }

    /** Clicks the row of alert {@code id}, as a person does: the table has the focus and the alert is selected. */
    private void clickRow(long id) throws Exception {
        TableRow<?> row = ConsoleWindow.rowWhere(robot, "#alertsTable", i -> i instanceof AlertItem a && a.id() == id);
        robot.clickOn(row);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> {
                    AlertItem s = table().getSelectionModel().getSelectedItem();
                    return s != null && s.id() == id;
                }));
    }

    private AlertRow stored(long id) throws Exception {
        try (Connection c = RecordsConnection.open(home.resolve("data"))) {
            return AlertRecords.byId(c, id).orElseThrow();
        }
    }

    @Test
    void rowStatesAndSeveritiesTakeTheirColoursFromTheStylesheet() throws Exception {
        fx(() -> {
            Scene scene = table().getScene();
            scene.getStylesheets()
                    .add(AlertsPage.class
                            .getResource("/io/gridscope/console/ui/gridscope.css")
                            .toExternalForm());
            table().getSelectionModel().clearSelection(); // a selected row's text is white
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<TableCell<?, ?>> critical = fx(() -> robot.lookup("#alertsTable .table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c
                        && "critical".equals(c.getText())
                        && c.getTableRow().getItem() instanceof AlertItem i
                        && i.status() != AlertItem.Status.RESOLVED) // a resolved row is grey throughout
                .<TableCell<?, ?>>map(n -> (TableCell<?, ?>) n)
                .toList());
        assertThat(critical).isNotEmpty();
        for (TableCell<?, ?> c : critical) {
            assertThat(fx(() -> c.getTextFill())).isEqualTo(Color.web("#cf3b3b"));
        }
        TableRow<?> resolved = fx(() -> robot.lookup("#alertsTable .table-row-cell").queryAll().stream()
                .filter(n -> n instanceof TableRow<?> r
                        && r.getItem() instanceof AlertItem i
                        && i.status() == AlertItem.Status.RESOLVED)
                .map(n -> (TableRow<?>) n)
                .findFirst()
                .orElseThrow());
        assertThat(fx(() -> resolved.lookupAll(".table-cell").stream()
                        .map(n -> ((TableCell<?, ?>) n).getTextFill())
                        .distinct()
                        .toList()))
                .as("a resolved alert's row is grey")
                .containsExactly(Color.web("#7b8494"));
    }

    @Test
    void acknowledgingWithACommentShowsOnTheRowAndReachesTheHistory() throws Exception {
        long highCpu = ids.get(0);
        assertThat(fx(() -> table().getItems().get(0).id()))
                .as("firing critical first")
                .isEqualTo(highCpu);
        clickRow(highCpu);
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> robot.lookup("#detailActions").tryQuery().isPresent());

        robot.type(KeyCode.A);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#ackComment").tryQuery().isPresent());
        robot.write("draining the node");
        robot.type(KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> item(highCpu).status() == AlertItem.Status.ACKNOWLEDGED);
        assertThat(item(highCpu).row().ackBy()).isEqualTo("ada");
        assertThat(item(highCpu).row().ackComment()).isEqualTo("draining the node");
        assertThat(fx(() -> robot.lookup("#alertOutcome").queryAs(Label.class).getText()))
                .startsWith("acknowledged alert " + highCpu);
        AlertRow row = stored(highCpu);
        assertThat(row.ackBy()).isEqualTo("ada");
        assertThat(row.ackComment()).isEqualTo("draining the node");
        // the row now sits with the acknowledged ones, still selected, and its detail lists the action
        assertThat(fx(() -> table().getSelectionModel().getSelectedItem().id())).isEqualTo(highCpu);
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#detailActions .label").queryAllAs(Label.class).stream()
                        .anyMatch(l -> l.getText().contains("ada · acknowledge · draining the node"))));
        assertThat(fx(() -> robot.lookup("#detailAck").queryAs(Label.class).getText()))
                .startsWith("ada at ")
                .endsWith(": draining the node");

        // acknowledging again is refused with its reason; U withdraws it
        robot.type(KeyCode.U);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> item(highCpu).status() == AlertItem.Status.FIRING);
        assertThat(stored(highCpu).acknowledged()).isFalse();
    }

    @Test
    void snoozingWithAQuickPickAndACustomTimeThatIsNotOne() throws Exception {
        long disk = ids.get(1);
        clickRow(disk);
        robot.type(KeyCode.S);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#snoozeUntil").tryQuery().isPresent());

        robot.clickOn("#snoozeUntil").write("someday");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#snoozeError")
                        .queryAs(Label.class)
                        .getText()
                        .contains("is not an end time")));
        assertThat(stored(disk).snoozedUntilMillis()).isZero();

        long before = System.currentTimeMillis();
        robot.clickOn("#snooze-1h");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> item(disk).status() == AlertItem.Status.SNOOZED);
        long until = stored(disk).snoozedUntilMillis();
        assertThat(until)
                .isBetween(
                        before + Duration.ofHours(1).toMillis() - 1_000,
                        System.currentTimeMillis() + Duration.ofHours(1).toMillis());
        assertThat(stored(disk).snoozedBy()).isEqualTo("ada");
        assertThat(robot.lookup("#snoozeUntil").tryQuery())
                .as("the form closed")
                .isEmpty();
        assertThat(fx(() -> vm.needingAttentionProperty().get())).isEqualTo(1);
    }

    @Test
    void filtersBySeverityAndText() throws Exception {
        fx(() -> {
            @SuppressWarnings("unchecked")
            ChoiceBox<String> severity = robot.lookup("#severityFilter").queryAs(ChoiceBox.class);
            severity.setValue("critical");
            return null;
        });
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> table().getItems().size()) == 2);
        assertThat(fx(() -> List.copyOf(table().getItems())))
                .allSatisfy(i -> assertThat(i.severity()).isEqualTo("critical"));
        assertThat(fx(() -> robot.lookup("#alertsHidden").queryAs(Label.class).getText()))
                .isEqualTo("2 hidden by the filters");

        fx(() -> {
            robot.lookup("#severityFilter").queryAs(ChoiceBox.class).setValue("");
            return null;
        });
        robot.clickOn("#textFilter").write("data");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> table().getItems().size()) == 1);
        assertThat(fx(() -> table().getItems().get(0).row().rule())).isEqualTo("DiskFilling");
    }

    @Test
    void theRulesEditorRefusesAnInvalidRuleWithItsLineAndFieldAndSavesAValidOne() throws Exception {
        fx(() -> {
            robot.lookup("#alertsTabs")
                    .queryAs(TabPane.class)
                    .getSelectionModel()
                    .select(1);
            return null;
        });
        TextArea text = robot.lookup("#rulesText").queryAs(TextArea.class);
        Button save = robot.lookup("#rulesSave").queryAs(Button.class);
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#rulesTable")
                                .queryAs(TableView.class)
                                .getItems()
                                .size())
                        > 0);
        String invalid = """
                [[rule]]
                name = "TrainingNodeHot"
                series = 'gpu_temperature_celsius'
                condition = "threshold"
                op = ">"
                value = 80
                severity = "urgent"
                """;
        fx(() -> {
            text.setText(invalid);
            return null;
        });
        @SuppressWarnings("unchecked")
        ListView<RuleProblem> problems = robot.lookup("#rulesProblems").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> fx(() -> !problems.getItems().isEmpty()));
        RuleProblem p = fx(() -> problems.getItems().get(0));
        assertThat(p.line()).isEqualTo(7);
        assertThat(p.field()).isEqualTo("severity");
        assertThat(fx(save::isDisabled))
                .as("Save refused while there is a problem")
                .isTrue();
        assertThat(fx(() -> robot.lookup("#rulesState").queryAs(Label.class).getText()))
                .isEqualTo("1 problem: not saved while there is one.");

        String valid = invalid.replace("\"urgent\"", "\"warning\"");
        fx(() -> {
            text.setText(valid);
            return null;
        });
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> fx(() -> problems.getItems().isEmpty() && !save.isDisabled()));
        fx(() -> {
            save.fire();
            return null;
        });
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#rulesMessage")
                        .queryAs(Label.class)
                        .getText()
                        .startsWith("Saved ")));
        assertThat(Files.readString(home.resolve("config").resolve("alerts.toml")))
                .isEqualTo(valid);
        // the rules in force follow the saved file
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#rulesTable").queryAs(TableView.class).getItems().stream()
                        .anyMatch(r -> ((RuleRow) r).name().equals("TrainingNodeHot"))));
        assertThat(fx(save::isDisabled)).as("nothing left to save").isTrue();
    }
}
