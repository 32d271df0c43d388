package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.console.app.AccountingDocument.Entry;
import io.gridscope.console.app.AccountingDocument.Field;
import io.gridscope.console.app.AccountingDocument.Form;
import io.gridscope.console.app.AccountingDocument.Rendered;
import io.gridscope.console.app.AccountingDocument.Section;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The accounting file as the Settings form reads and writes it. */
class AccountingDocumentTest {
    private static final Path FILE = Path.of("/config/accounting.toml");

    private static AccountingConfig config(String text) throws ConfigException {
        return AccountingFile.parse(text, FILE, Currency.getInstance("USD"));
    }

    @Test
    void theFormReadsTheTopLevelTheSitesAndThePrices() {
        Form f = AccountingDocument.parse(AccountingFixture.accountingToml()).form();
        assertThat(f.root())
                .containsEntry("currency", "EUR")
                .containsEntry("timezone", "UTC")
                .containsEntry("idle_threshold", "0.05")
                .containsEntry("share_idle", "false");
        assertThat(f.sites()).extracting(e -> e.get("id")).containsExactly("fra", "sto");
        assertThat(f.sites().getFirst().get("hosts")).isEqualTo("gpu-node-1");
        assertThat(f.sites().getFirst().get("intensity")).isEqualTo("380");
        assertThat(f.prices()).extracting(e -> e.get("price_per_kwh")).containsExactly("0.30", "0.12");
    }

    @Test
    void writingTheFormBackUnchangedKeepsEveryOtherSectionAndTheSameConfiguration() throws Exception {
        String text = AccountingFixture.accountingToml();
        AccountingDocument d = AccountingDocument.parse(text);
        Rendered r = d.render(d.form());
        AccountingConfig before = config(text);
        AccountingConfig after = config(r.text());
        assertThat(after.currency()).isEqualTo(before.currency());
        assertThat(after.sites()).hasSize(2);
        assertThat(after.hardware()).hasSameSizeAs(before.hardware());
        assertThat(after.allocation()).hasSameSizeAs(before.allocation());
        assertThat(after.budgets()).hasSameSizeAs(before.budgets());
        assertThat(r.text()).contains("# Gridscope accounting (test fixture)").contains("[[budget]]\nteam = \"nlp\"");
        assertThat(r.text())
                .as("the fixture is written the way the form writes it")
                .isEqualTo(text);
    }

    @Test
    void aNewSiteGoesAfterTheLastSiteAndARemovedPriceIsDropped() throws Exception {
        AccountingDocument d = AccountingDocument.parse(AccountingFixture.accountingToml());
        Form f = d.form();
        List<Entry> sites = new ArrayList<>(f.sites());
        sites.add(new Entry(Map.of("id", "ams", "hosts", "gpu-node-3, gpu-node-4", "pue", "1.2"), List.of(), -1));
        List<Entry> prices = new ArrayList<>(f.prices());
        prices.removeLast();
        Rendered r = d.render(new Form(f.root(), sites, prices));
        AccountingConfig c = config(r.text());
        assertThat(c.sites()).extracting(s -> s.id()).containsExactly("fra", "sto", "ams");
        assertThat(c.sites().get(2).hostPatterns()).containsExactly("gpu-node-3", "gpu-node-4");
        assertThat(c.electricity()).extracting(e -> e.site()).containsExactly("fra");
        assertThat(r.text().indexOf("id = \"ams\"")).isLessThan(r.text().indexOf("[[electricity]]"));
    }

    @Test
    void aProblemIsShownAtTheFieldOfItsLine() {
        AccountingDocument d = AccountingDocument.parse(AccountingFixture.accountingToml());
        Form f = d.form();
        List<Entry> sites = new ArrayList<>(f.sites());
        Map<String, String> sto = new LinkedHashMap<>(sites.get(1).values());
        sto.put("pue", "0.8");
        sites.set(1, new Entry(sto, sites.get(1).otherLines(), sites.get(1).origin()));
        Map<String, String> root = new LinkedHashMap<>(f.root());
        root.put("idle_threshold", "lots");
        Rendered r = d.render(new Form(root, sites, f.prices()));

        List<ConfigException.Problem> problems = org.junit.jupiter.api.Assertions.assertThrows(
                        ConfigException.class, () -> config(r.text()))
                .problems();

        assertThat(problems)
                .extracting(p -> AccountingDocument.locate(p, r).orElseThrow())
                .containsExactlyInAnyOrder(
                        new Field(Section.ROOT, 0, "idle_threshold"), new Field(Section.SITE, 1, "pue"));
    }

    @Test
    void aMissingKeyIsShownAtItsFieldInTheEntry() {
        AccountingDocument d = AccountingDocument.parse("currency = \"EUR\"\n");
        Form f = d.form();
        Rendered r = d.render(
                new Form(f.root(), List.of(new Entry(Map.of("id", "x", "pue", "1.1"), List.of(), -1)), List.of()));
        ConfigException e =
                org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> config(r.text()));
        assertThat(e.problems())
                .extracting(p -> AccountingDocument.locate(p, r).orElseThrow())
                .contains(new Field(Section.SITE, 0, "hosts"));
    }

    @Test
    void aNumberThatIsNotOneIsWrittenSoThatTheValidationNamesIt() {
        assertThat(AccountingDocument.encode("pue", "1.25")).isEqualTo("1.25");
        assertThat(AccountingDocument.encode("pue", "1,25")).isEqualTo("\"1,25\"");
        assertThat(AccountingDocument.encode("hosts", "a, b*,")).isEqualTo("[\"a\", \"b*\"]");
        assertThat(AccountingDocument.encode("name", "say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    }

    @Test
    void keysTheFormDoesNotShowStayInTheirEntry() throws Exception {
        String text = """
                currency = "EUR"

                [[site]]
                id = "fra"
                hosts = [
                  "gpu-node-1",  # the big one
                  "gpu-node-2",
                ]
                timezone = "Europe/Berlin"
                intensity_unit = "kg/MWh"
                intensity = 380

                [[electricity]]
                site = "fra"
                currency = "EUR"
                from = "2026-01-01"
                time_of_use = ["00:00-07:00=0.20", "07:00-24:00=0.30"]
                """;
        AccountingDocument d = AccountingDocument.parse(text);
        Form f = d.form();
        assertThat(f.sites().getFirst().get("hosts")).isEqualTo("gpu-node-1, gpu-node-2");
        assertThat(f.prices().getFirst().timeOfUse()).isTrue();
        AccountingConfig c = config(d.render(f).text());
        assertThat(c.sites().getFirst().timeZone()).hasToString("Europe/Berlin");
        assertThat(c.sites().getFirst().intensityFixedGramsPerKwh())
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("380"));
        assertThat(c.electricity().getFirst().bands()).hasSize(2);
    }

    @Test
    void aTextTheFormCannotReadSaysWhere() {
        assertThatThrownBy(() -> AccountingDocument.parse("currency = \"EUR\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void theFilesOwnProblemsAreFoundAtTheirFieldsToo() {
        String text = AccountingFixture.accountingToml().replace("pue = 1.1", "pue = 0.9");
        AccountingDocument d = AccountingDocument.parse(text);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> config(text));
        assertThat(e.problems())
                .extracting(p -> AccountingDocument.locate(p, d.source()).orElseThrow())
                .containsExactly(new Field(Section.SITE, 1, "pue"));
        assertThat(d.source().text()).isEqualTo(text);
    }
}
