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
        assertThat(rows.get("research").get("total_cost")).isEqualTo("39.39");
        assertThat(rows.get("research").get("electricity")).isEqualTo("3.39");
        assertThat(rows.get("research").get("operational_kgco2e")).isEqualTo("4.032");
        assertThat(rows.get("research").get("embodied_kgco2e")).isEqualTo("0.360");
        assertThat(rows.get("research").get("budget_status")).isEqualTo("on track");
        assertThat(rows.get("platform").get("total_cost")).isEqualTo("8.63");
        assertThat(rows.get("(idle)").get("total_cost")).isEqualTo("4.11");
        assertThat(rows.get("(idle)").get("idle_share_percent")).isEqualTo("100.0");
        assertThat(rows.get("nlp").get("total_cost")).isEqualTo("21.34");
        assertThat(rows.get("nlp").get("energy_basis")).isEqualTo("estimated");
        assertThat(rows.get("vision").get("total_cost")).isEqualTo("138.15");
        assertThat(rows.get("vision").get("cloud")).isEqualTo("131.04");
        assertThat(rows.get("vision").get("operational_kgco2e")).isEqualTo("9.708");
        assertThat(rows.get("vision").get("budget_status")).isEqualTo("over");
        assertThat(rows.get("total").get("total_cost")).isEqualTo("211.63");
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
                .contains("52.14")
                .contains("131.04")
                .contains("Total cost (EUR)")
                .contains("Carbon")
                .contains("fixed value for site fra");
        Path out = tmp.resolve("by-site.json");
        CliTest.Result json = report("--group-by", "site", "--format", "json", "-o", out.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        String text = Files.readString(out);
        assertThat(text)
                .contains("\"group\" : \"fra\"")
                .contains("\"total_cost\" : \"80.59\"")
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

    static CliTest.Result run(String... args) {
        String[] base = {"--data-dir", data.toString(), "--config", config.toString()};
        String[] all = new String[args.length + base.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(base, 0, all, args.length, base.length);
        return CliTest.run(all);
    }

    @Test
    void aMonthPeriodAndAnOutputNameTemplate() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("templates"));
        CliTest.Result r = run(
                "report",
                "--period",
                "2026-11",
                "--format",
                "csv",
                "-o",
                dir.resolve("{kind}-{group}-{period}.csv").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path file = dir.resolve("cost-team-2026-11.csv");
        assertThat(file).exists();
        // all of November: the fixture's two days, and the cloud instance's price for every hour of the month
        assertThat(Files.readString(file))
                .contains("# Cost and carbon by team — November 2026")
                .contains("\ntotal,");
        assertThat(r.err()).contains("report: wrote " + file);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file is left").hasSize(1);
        }
    }

    @Test
    void aPeriodWithoutDataIsAnErrorAndWritesNothing() throws Exception {
        Path out = tmp.resolve("october.csv");
        CliTest.Result r = run("report", "--period", "2026-10", "--format", "csv", "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.NO_DATA);
        assertThat(r.err().strip().lines())
                .singleElement()
                .asString()
                .contains("No data")
                .contains("nothing written");
        assertThat(out).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".october"));
        }
    }

    @Test
    void badRequestsAreOneLineErrors() throws Exception {
        CliTest.Result future = run("report", "--period", "2099-01");
        assertThat(future.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(future.err()).contains("starts in the future");
        CliTest.Result pdf = run("report", "--period", "2026-11", "--format", "pdf");
        assertThat(pdf.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(pdf.err()).contains("binary file").contains("-o FILE");
        CliTest.Result focus = run(
                "report",
                "--period",
                "2026-11",
                "--kind",
                "oncall",
                "--format",
                "focus",
                "-o",
                tmp.resolve("x.csv").toString());
        assertThat(focus.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(focus.err()).contains("--kind cost");
        CliTest.Result both = run("report", "--period", "2026-11", "--from", "2026-11-01");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        CliTest.Result none = run("report");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--period 2026-11");
        CliTest.Result period = run("report", "--period", "November");
        assertThat(period.err()).contains("is not a month (2026-11)");
        CliTest.Result kind = run("report", "--period", "2026-11", "--kind", "weather");
        assertThat(kind.err()).contains("report kind cost, utilisation, budgets or oncall; got weather");
        CliTest.Result placeholder = run(
                "report",
                "--period",
                "2026-11",
                "-o",
                tmp.resolve("{month}.csv").toString());
        assertThat(placeholder.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(placeholder.err()).contains("unknown placeholder {month}");
        for (CliTest.Result x : new CliTest.Result[] {future, pdf, focus, both, none, period, kind, placeholder}) {
            assertThat(x.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnwritableOutputIsAnIoErrorBeforeAnyWork() throws Exception {
        CliTest.Result missing = run(
                "report",
                "--period",
                "2026-11",
                "--format",
                "csv",
                "-o",
                tmp.resolve("nope/x.csv").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(missing.err()).contains("no such directory");
        Path ro = Files.createDirectories(tmp.resolve("read-only"));
        ro.toFile().setWritable(false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    Files.isWritable(ro), "running as root: every directory is writable");
            CliTest.Result r = run(
                    "report",
                    "--period",
                    "2026-11",
                    "--format",
                    "csv",
                    "-o",
                    ro.resolve("x.csv").toString());
            assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
            assertThat(r.err()).contains("not writable");
        } finally {
            ro.toFile().setWritable(true);
        }
    }

    @Test
    void theOtherKindsFromTheCommandLine() throws Exception {
        CliTest.Result util =
                run("report", "--from", "2026-11-02", "--to", "2026-11-04", "--kind", "utilisation", "--format", "csv");
        assertThat(util.exitCode()).as(util.err()).isZero();
        assertThat(util.out()).startsWith("gpu_uuid,model,host,period_hours,").contains("total,,,144.00,");
        CliTest.Result budgets = run("report", "--from", "2026-11-02", "--to", "2026-11-04", "--kind", "budgets");
        assertThat(budgets.exitCode()).as(budgets.err()).isZero();
        assertThat(budgets.out()).contains("team vision").contains("202.95").contains("over");
        CliTest.Result oncall =
                run("report", "--from", "2026-11-02", "--to", "2026-11-04", "--kind", "oncall", "--format", "json");
        assertThat(oncall.exitCode()).as(oncall.err()).isZero();
        assertThat(oncall.out()).contains("\"kind\" : \"oncall\"").contains("No alert fired");
    }

    @Test
    void sameDataSameFiguresRunAfterRun() throws Exception {
        CliTest.Result a = report("--format", "csv");
        CliTest.Result b = report("--format", "csv");
        assertThat(a.exitCode()).isZero();
        java.util.function.Function<String, String> figures =
                s -> s.lines().filter(l -> !l.startsWith("# generated")).collect(Collectors.joining("\n"));
        assertThat(figures.apply(a.out())).isEqualTo(figures.apply(b.out()));
    }

    @Test
    void focusFromTheCommandLine() throws Exception {
        Path out = tmp.resolve("focus-{period}.csv");
        CliTest.Result r = report(
                "--format", "focus", "--focus-period", "hour", "--organisation", "Example Labs", "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path file = tmp.resolve("focus-2026-11-02_2026-11-03.csv");
        assertThat(r.err()).contains("report: wrote " + file).contains("FOCUS rows");
        var records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(Files.newBufferedReader(file))
                .getRecords();
        assertThat(records).isNotEmpty();
        assertThat(records).allSatisfy(c -> {
            assertThat(c.get("ProviderName")).isEqualTo("Example Labs");
            assertThat(c.get("BillingCurrency")).isEqualTo("EUR");
        });
        java.math.BigDecimal effective = records.stream()
                .map(c -> new java.math.BigDecimal(c.get("EffectiveCost")))
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        assertThat(effective.setScale(2, java.math.RoundingMode.HALF_EVEN)).isEqualByComparingTo("211.63");
    }
}
