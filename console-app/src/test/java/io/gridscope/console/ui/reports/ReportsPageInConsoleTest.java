package io.gridscope.console.ui.reports;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AccountingFixture;
import io.gridscope.console.app.AccountingIntensity;
import io.gridscope.console.ui.AccountingWindow;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.console.ui.RecordingBackend;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.document.ReportBuilder;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.ReportSpec;
import io.gridscope.reports.document.ReportingPeriod;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Reports page in the real console window on the real data path (history and accounting file written by the
 * test): Ctrl+0 opens it, and a preview shows what the accounting computes over that history, read on the reports'
 * thread while the FX thread never calls the backend.
 */
class ReportsPageInConsoleTest {
    @TempDir
    Path home;

    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    private static ReportDocument expected(Path home, String toml, ReportSpec spec) throws Exception {
        AccountingConfig c = AccountingFile.parse(toml, Path.of("accounting.toml"), Currency.getInstance("EUR"));
        try (HistoryReader reader = HistoryReader.open(home.resolve("data"))) {
            AccountingEngine engine = new AccountingEngine(
                    c, new HistoryUsageSource(reader), AccountingIntensity.lookupFor(c, reader), Clock.systemUTC());
            return new ReportBuilder(engine, Optional.empty(), Clock.systemUTC()).build(spec, p -> {});
        }
    }

    @Test
    void ctrl0OpensTheReportsWhosePreviewHoldsTheAccountingsFigures() throws Exception {
        String toml = AccountingFixture.accountingToml();
        AccountingWindow.write(home, toml);
        // what the accounting computes, read before the console opens (and writes) the history
        ReportDocument doc = expected(
                home,
                toml,
                new ReportSpec(
                        ReportKind.COST,
                        ReportingPeriod.days(AccountingWindow.FIRST, AccountingWindow.LAST, ZoneOffset.UTC),
                        GroupBy.TEAM,
                        Currency.getInstance("EUR")));
        window = AccountingWindow.open(home, "OVERVIEW");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.visible("#page-reports"));
        assertThat(fx(() -> window.app().viewModel().shell().pageProperty().get()))
                .isEqualTo(Page.REPORTS);
        assertThat(fx(() ->
                        robot.lookup("#nav-reports").queryAs(ToggleButton.class).isSelected()))
                .isTrue();

        fx(() -> {
            robot.lookup("#reportsPeriodCustom").queryAs(ButtonBase.class).fire();
            robot.lookup("#reportsFrom").queryAs(DatePicker.class).setValue(AccountingWindow.FIRST);
            robot.lookup("#reportsTo").queryAs(DatePicker.class).setValue(AccountingWindow.LAST);
            robot.lookup("#reportsGroupBy").<ChoiceBox<GroupBy>>query().setValue(GroupBy.TEAM);
            robot.lookup("#reportsPreview").queryAs(ButtonBase.class).fire();
            return null;
        });
        String total = doc.keyFigures().getFirst().value().plain() + " EUR";
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#figure-total_cost")
                                .tryQuery()
                                .map(n -> ((Label) n).getText())
                                .orElse(""))
                        .equals(total));
        @SuppressWarnings("unchecked")
        List<List<String>> rows = fx(() -> ((TableView<DocumentTable.Row>)
                        robot.lookup("#reportTable-by-team").queryAs(TableView.class))
                .getItems().stream()
                        .map(r -> r.values().stream().map(DocumentTexts::cell).toList())
                        .toList());
        assertThat(rows)
                .as("every row and the total as the export writes them")
                .isEqualTo(java.util.stream.Stream.concat(doc.primary().rows().stream(), doc.primary().total().stream())
                        .map(r -> r.stream().map(DocumentTexts::cell).toList())
                        .toList());
        assertThat(rows).extracting(List::getFirst).contains(AccountingFixture.NLP, AccountingFixture.VISION);

        assertThat(window.backend().calls).noneMatch(RecordingBackend.Call::onFxThread);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT9).release(KeyCode.DIGIT9, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.visible("#page-settings"));
    }
}
