package io.gridscope.console.ui.settings;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AccountingFixture;
import io.gridscope.console.app.HistoryAccountingAudit;
import io.gridscope.console.ui.AccountingWindow;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.reports.config.AccountingFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Settings → Accounting on the real data path: refused values beside their fields, a save, the raw file. */
class AccountingSettingsTest {
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

    private Path file() {
        return AccountingWindow.configDir(home).resolve(AccountingFile.FILE_NAME);
    }

    /** The accounting entries of the history's audit log, newest first. */
    private List<AuditEntry> audit() {
        try (HistoryReader r = HistoryReader.open(home.resolve("data"))) {
            return r.audit(HistoryAccountingAudit.SUBJECT, 100);
        }
    }

    private String text(String id) throws Exception {
        return fx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    private String field(String id) throws Exception {
        return fx(() -> robot.lookup(id).queryAs(TextField.class).getText());
    }

    private void openWithTheFixture() throws Exception {
        AccountingWindow.write(home, AccountingFixture.accountingToml());
        window = AccountingWindow.open(home, "SETTINGS");
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> robot.lookup("#accounting-site-1-id").tryQuery().isPresent()
                        && field("#accounting-site-1-id").equals("sto"));
    }

    @Test
    void anInvalidValueIsRefusedBesideItsFieldAndNothingIsSaved() throws Exception {
        openWithTheFixture();
        assertThat(field("#accounting-currency")).isEqualTo("EUR");
        assertThat(field("#accounting-site-0-pue")).isEqualTo("1.4");
        assertThat(field("#accounting-price-1-price_per_kwh")).isEqualTo("0.12");
        byte[] before = Files.readAllBytes(file());

        window.set("#accounting-site-0-pue", "0.8");
        window.set("#accounting-currency", "EURO");
        window.fire("#accountingSave");

        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> text("#accounting-site-0-pue-error").contains("at least 1.0"));
        assertThat(text("#accounting-currency-error")).contains("unknown currency 'EURO'");
        assertThat(text("#accounting-site-1-pue-error")).isEmpty();
        assertThat(text("#accountingSaveError")).startsWith("Not saved: 2 problems");
        assertThat(fx(() -> robot.lookup("#accounting-site-0-pue")
                        .queryAs(TextField.class)
                        .getStyleClass()))
                .contains("field-invalid");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(file().resolveSibling("accounting.toml.bak")).doesNotExist();
        assertThat(audit()).isEmpty();

        // a token pasted where its file's path belongs is refused without being shown
        window.set("#accounting-site-0-pue", "1.4");
        window.set("#accounting-currency", "EUR");
        window.set("#accounting-site-0-electricitymaps_token_file", "em-token-5f2b9c");
        window.fire("#accountingSave");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> text("#accounting-site-0-electricitymaps_token_file-error")
                        .contains("absolute path"));
        assertThat(text("#accounting-site-0-electricitymaps_token_file-error")).doesNotContain("em-token-5f2b9c");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void aValidSaveWritesTheFileKeepsTheOldOneAndRecordsTheChange() throws Exception {
        openWithTheFixture();
        String before = Files.readString(file());

        window.set("#accounting-price-0-price_per_kwh", "0.32");
        window.fire("#accountingAddSite");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#accounting-site-2-id").tryQuery().isPresent());
        window.set("#accounting-site-2-id", "ams");
        window.set("#accounting-site-2-hosts", "gpu-node-3, gpu-node-4");
        window.set("#accounting-site-2-pue", "1.25");
        window.set("#accounting-site-2-electricitymaps_token_file", "/etc/gridscope/em-token");
        window.fire("#accountingSave");

        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> text("#accountingOutcome").startsWith("Saved "));
        assertThat(text("#accountingSaveError")).isEmpty();
        String after = Files.readString(file());
        assertThat(after)
                .contains("price_per_kwh = 0.32")
                .contains("[[site]]\nid = \"ams\"\nhosts = [\"gpu-node-3\", \"gpu-node-4\"]\npue = 1.25\n"
                        + "electricitymaps_token_file = \"/etc/gridscope/em-token\"")
                .contains("[[budget]]\nteam = \"nlp\"");
        assertThat(Files.readString(file().resolveSibling("accounting.toml.bak")))
                .isEqualTo(before);
        List<AuditEntry> audit = audit();
        assertThat(audit).hasSize(1);
        assertThat(audit.getFirst().osUser()).isEqualTo(System.getProperty("user.name"));
        assertThat(audit.getFirst().before()).isEqualTo(before);
        assertThat(audit.getFirst().after()).isEqualTo(after);
        assertThat(text("#accountingOutcome")).contains("the history's audit log");
        // the form now shows the file as saved
        assertThat(field("#accounting-site-2-pue")).isEqualTo("1.25");
    }

    @Test
    void theRawFileShowsItsProblemsByLineWhileTheFormIsKept() throws Exception {
        String broken = AccountingFixture.accountingToml().replace("pue = 1.1", "pue = 0.9");
        int line = List.of(broken.split("\n")).indexOf("pue = 0.9") + 1;
        AccountingWindow.write(home, broken);
        window = AccountingWindow.open(home, "SETTINGS");

        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#accountingRawProblems")
                                .queryAs(ListView.class)
                                .getItems()
                                .size())
                        == 1);
        assertThat(fx(() -> robot.lookup("#accountingRawProblems")
                        .queryAs(ListView.class)
                        .getItems()
                        .getFirst()))
                .isEqualTo(
                        "line " + line + " · site.pue: a PUE is at least 1.0 (facility energy ÷ IT energy), got 0.9");
        assertThat(text("#accountingNotice")).startsWith("The file has 1 problem");
        assertThat(field("#accounting-site-1-pue")).isEqualTo("0.9");
        assertThat(text("#accounting-site-1-pue-error"))
                .as("beside its field too")
                .contains("at least 1.0");

        // fixed as text and saved from there
        fx(() -> {
            robot.lookup("#accountingRaw")
                    .queryAs(javafx.scene.control.TextArea.class)
                    .setText(AccountingFixture.accountingToml());
            return null;
        });
        window.fire("#accountingRawSave");
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> text("#accountingRawOutcome").startsWith("Saved "));
        assertThat(Files.readString(file())).isEqualTo(AccountingFixture.accountingToml());
        assertThat(field("#accounting-site-1-pue")).isEqualTo("1.1");
        assertThat(audit()).hasSize(1);
    }
}
