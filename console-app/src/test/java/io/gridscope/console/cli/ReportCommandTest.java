package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.reports.accounting.AccountingFixture;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gridscope report} on the hand-computed fixture (see {@code AccountingFixtureTest} in the reports module
 * for how every figure is worked out): the command reproduces them to the cent and to the gram in every format.
 */
class ReportCommandTest {
    @TempDir
    static Path tmp;

    static Path data;
    static Path config;

    @BeforeAll
    static void fixture() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        AccountingFixture.write(data);
        config = Files.writeString(tmp.resolve("accounting.toml"), AccountingFixture.CONFIG);
    }

    static CliTest.Result report(String... extra) {
        String[] base = {
            "report",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-04",
            "--data-dir",
            data.toString(),
            "--config",
            config.toString()
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTest.run(args);
    }

    @Test
    void csvByTeamHasEveryFigureToTheCentAndTheGram() throws Exception {
        CliTest.Result r = report("--group-by", "team", "--format", "csv");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setCommentMarker('#')
                .get()
                .parse(new StringReader(r.out()))
                .stream()
                .collect(Collectors.toMap(c -> c.get("group"), c -> c));
        assertThat(rows.keySet()).containsExactlyInAnyOrder("research", "platform", "(idle)", "nlp", "vision", "total");
        assertThat(rows.get("research").get("total")).isEqualTo("39.39");
        assertThat(rows.get("research").get("electricity")).isEqualTo("3.39");
        assertThat(rows.get("research").get("operational_kgco2e")).isEqualTo("4.032");
        assertThat(rows.get("research").get("embodied_kgco2e")).isEqualTo("0.360");
        assertThat(rows.get("research").get("budget_status")).isEqualTo("on track");
        assertThat(rows.get("platform").get("total")).isEqualTo("8.63");
        assertThat(rows.get("(idle)").get("total")).isEqualTo("4.11");
        assertThat(rows.get("(idle)").get("idle_share_percent")).isEqualTo("100.0");
        assertThat(rows.get("nlp").get("total")).isEqualTo("21.34");
        assertThat(rows.get("nlp").get("energy_basis")).isEqualTo("estimated");
        assertThat(rows.get("vision").get("total")).isEqualTo("138.15");
        assertThat(rows.get("vision").get("cloud")).isEqualTo("131.04");
        assertThat(rows.get("vision").get("operational_kgco2e")).isEqualTo("9.708");
        assertThat(rows.get("vision").get("budget_status")).isEqualTo("over");
        assertThat(rows.get("total").get("total")).isEqualTo("211.63");
        assertThat(rows.get("total").get("it_kwh")).isEqualTo("42.640");
        assertThat(rows.get("total").get("facility_kwh")).isEqualTo("53.936");
        assertThat(rows.get("total").get("currency")).isEqualTo("EUR");
        assertThat(r.out()).contains("# Cost: exchange rate 1 USD = 0.90 EUR").contains("# Data: measurements from");
    }

    @Test
    void tableAndJsonCarryTheSameFiguresAndTheMethod() throws Exception {
        CliTest.Result table = report("--group-by", "gpu");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("GPU-a1 (NVIDIA H100 80GB HBM3) on fra-1")
                .contains("52.14 EUR")
                .contains("131.04 EUR")
                .contains("Carbon")
                .contains("fixed value for site fra");
        Path out = tmp.resolve("by-site.json");
        CliTest.Result json = report("--group-by", "site", "--format", "json", "-o", out.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        String text = Files.readString(out);
        assertThat(text)
                .contains("\"group\" : \"fra\"")
                .contains("\"total\" : \"80.59\"")
                .contains("\"Warnings\"");
        assertThat(json.err()).contains("report: wrote " + out);
    }

    @Test
    void drillDownAndAnotherCurrency() {
        CliTest.Result r = report("--group-by", "gpu", "--only", "team=vision", "--format", "csv", "--currency", "USD");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // 144 USD of cloud; bob's share of GPU-a2 converted with the inverse of the USD→EUR rates
        assertThat(r.out()).contains("GPU-b1 on cloud-1,").contains(",144.00,USD,");
    }

    @Test
    void noExchangeRateIsAClearErrorNotASilentConversion() {
        CliTest.Result r = report("--currency", "GBP");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("no exchange rate from").contains("GBP").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badArgumentsAndABadFileAreOneLineErrors() throws Exception {
        CliTest.Result by = report("--group-by", "planet");
        assertThat(by.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(by.err()).contains("group by team, project, user, host, gpu or site; got planet");
        Path bad = Files.writeString(
                tmp.resolve("bad.toml"),
                "currency = \"EUX\"\n[[budget]]\nteam = \"x\"\n"
                        + "period = \"month\"\namount = \"-5\"\ncurrency = \"EUR\"\n");
        CliTest.Result file = CliTest.run(
                "report",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-04",
                "--data-dir",
                data.toString(),
                "--config",
                bad.toString());
        assertThat(file.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(file.err())
                .contains(bad + ":1: currency: unknown currency 'EUX'")
                .contains(bad + ":5: budget.amount: cannot be negative, got -5");
    }
}
