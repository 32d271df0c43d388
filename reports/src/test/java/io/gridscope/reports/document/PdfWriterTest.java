package io.gridscope.reports.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.reports.accounting.Methodology;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * The PDF report read back with PDFBox: its text (title, period, figures, table values, methodology, page numbers),
 * its fonts, page sizes, length for a year of data, and its behaviour on odd text and failing output.
 *
 * <p>With {@code -Dgridscope.pdf.samples=DIR} the documents written here are also saved in DIR, to look at.
 */
class PdfWriterTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Instant FROM = Instant.parse("2026-10-31T23:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-30T23:00:00Z");
    private static final Instant GENERATED = Instant.parse("2026-12-01T07:12:00Z");

    // ---- documents ----

    private static final Column TEAM = Column.text("team", "Team");
    private static final Column IT = Column.kwh("it_kwh", "IT energy");
    private static final Column FACILITY = Column.kwh("facility_kwh", "Facility energy");
    private static final Column CARBON = Column.kg("carbon_kg", "Carbon");
    private static final Column COST = Column.money("total_cost", "Total cost", EUR);
    private static final Column IDLE = Column.percent("idle_share", "Idle share");

    private static Value n(Column c, String v) {
        return c.number(new BigDecimal(v));
    }

    private static Methodology methodology() {
        return new Methodology(List.of(
                new Methodology.Section(
                        "Data",
                        List.of(
                                "Samples every 10 s from 14 hosts; 97.3 % of the period is covered.",
                                "A gap longer than 5 minutes is not filled: its energy is unknown, not zero, and the"
                                        + " figures say how much of the period they cover.")),
                new Methodology.Section(
                        "Carbon",
                        List.of(
                                "Hourly grid intensity for DE from Electricity Maps; kgCO2e = kWh × gCO2e/kWh ÷ 1000.")),
                new Methodology.Section(Methodology.WARNINGS, List.of("No price for site lab-2 before 2026-11-04."))));
    }

    private static Table byTeam() {
        List<List<Value>> rows = List.of(
                List.of(
                        Value.text("vision"),
                        n(IT, "1520.250"),
                        n(FACILITY, "1900.313"),
                        n(CARBON, "412.068"),
                        n(COST, "612.40"),
                        n(IDLE, "12.5")),
                List.of(
                        Value.text("speech"),
                        n(IT, "980.125"),
                        n(FACILITY, "1225.156"),
                        n(CARBON, "265.734"),
                        Value.missing("no price"),
                        n(IDLE, "30.1")),
                List.of(
                        Value.text("platform and shared infrastructure"),
                        n(IT, "749.750"),
                        n(FACILITY, "937.188"),
                        n(CARBON, "134.698"),
                        n(COST, "622.17"),
                        n(IDLE, "4.0")));
        return new Table(
                "By team",
                "Energy, carbon and cost by team",
                "Facility energy is IT energy times the site's PUE.",
                List.of(TEAM, IT, FACILITY, CARBON, COST, IDLE),
                rows,
                Optional.of(List.of(
                        Value.text("total"),
                        n(IT, "3250.125"),
                        n(FACILITY, "4062.657"),
                        n(CARBON, "812.500"),
                        n(COST, "1234.57"),
                        n(IDLE, "15.2"))));
    }

    private static List<String> days(LocalDate first, int count) {
        List<String> d = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            d.add(first.plusDays(i).toString());
        }
        return d;
    }

    /** Cost by day stacked by group; day {@code gap} has no value (a gap, not a zero). */
    private static Chart costByDay(int dayCount, int groups, int gap) {
        List<Chart.Series> series = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<BigDecimal> values = new ArrayList<>();
            for (int d = 0; d < dayCount; d++) {
                values.add(d == gap ? null : BigDecimal.valueOf(10 + (d * 7 + g * 13) % 23 + g * 3L, 0));
            }
            series.add(new Chart.Series("group-" + (char) ('a' + g), values, false));
        }
        return new Chart(
                Chart.Type.STACKED_BARS,
                "cost_by_day",
                "Cost by day and group",
                "EUR",
                days(LocalDate.of(2026, 11, 1), dayCount),
                series,
                Optional.empty());
    }

    private static List<Chart> charts() {
        Chart sites = new Chart(
                Chart.Type.BARS,
                "carbon_by_site",
                "Carbon by site",
                "kgCO2e",
                List.of("frankfurt-1", "frankfurt-2", "lab-2", "stockholm", "paris-research-campus"),
                List.of(new Chart.Series(
                        "carbon",
                        java.util.Arrays.asList(
                                new BigDecimal("412.1"),
                                new BigDecimal("265.7"),
                                null,
                                new BigDecimal("34.2"),
                                new BigDecimal("100.5")),
                        false)),
                Optional.empty());
        List<BigDecimal> spent = new ArrayList<>();
        List<BigDecimal> forecast = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            spent.add(
                    d < 20 && d != 12
                            ? BigDecimal.valueOf(d * 3.1 + 2).setScale(1, java.math.RoundingMode.HALF_UP)
                            : null);
            forecast.add(d >= 19 ? BigDecimal.valueOf(d * 3.4).setScale(1, java.math.RoundingMode.HALF_UP) : null);
        }
        Chart burn = new Chart(
                Chart.Type.LINES,
                "budget_burn",
                "Budget burn: vision",
                "% of budget",
                days(LocalDate.of(2026, 11, 1), 30),
                List.of(new Chart.Series("spent", spent, false), new Chart.Series("forecast", forecast, true)),
                Optional.of(new Chart.Limit("budget", new BigDecimal("100"))));
        return List.of(costByDay(30, 4, 9), sites, burn);
    }

    private static List<KeyFigure> keyFigures() {
        return List.of(
                new KeyFigure("total_cost", "Total cost", COST, n(COST, "1234.57"), "estimated for 12 % of the energy"),
                new KeyFigure("it_kwh", "IT energy", IT, n(IT, "3250.125"), ""),
                new KeyFigure("carbon_kg", "Carbon", CARBON, n(CARBON, "812.500"), "location-based, hourly intensity"),
                new KeyFigure("idle_share", "Idle share of GPU hours", IDLE, n(IDLE, "15.2"), "coverage 97.3 %"),
                new KeyFigure(
                        "idle_cost",
                        "Idle cost",
                        Column.money("idle_cost", "Idle cost", EUR),
                        Value.missing("no price"),
                        ""),
                new KeyFigure(
                        "gpu_hours",
                        "GPU hours",
                        Column.hours("gpu_hours", "GPU hours"),
                        n(Column.hours("gpu_hours", "GPU hours"), "8064.25"),
                        ""));
    }

    private static ReportDocument document(String title, List<Table> tables, List<Chart> charts) {
        return new ReportDocument(
                ReportKind.COST,
                title,
                "November 2026",
                FROM,
                TO,
                ZoneId.of("Europe/Berlin"),
                "grouped by team, in EUR",
                GENERATED,
                List.of("The period ends in the future: figures stop at 2026-11-24 10:00 UTC."),
                keyFigures(),
                tables,
                charts,
                methodology());
    }

    private static ReportDocument sample() {
        Table budgets = new Table(
                "Budgets",
                "Budgets in force",
                "No budget is configured for this scope.",
                List.of(Column.text("budget", "Zebra budget"), Column.money("limit", "Quokka limit", EUR)),
                List.of(),
                Optional.empty());
        return document("Cost and carbon by team", List.of(byTeam(), costTable(6), budgets), charts());
    }

    /** The cost table: a group and nineteen figures, about twenty columns as the real one. */
    private static Table costTable(int groups) {
        List<Column> cols = new ArrayList<>(List.of(Column.text("group", "Group")));
        String[] names = {
            "IT energy", "Facility energy", "GPU energy", "CPU energy", "Other energy", "Carbon", "Carbon GPU",
            "Carbon CPU", "Energy cost", "GPU cost", "CPU cost", "Other cost", "Idle cost", "Total cost"
        };
        for (int i = 0; i < names.length; i++) {
            String key = names[i].toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
            cols.add(
                    names[i].startsWith("Carbon")
                            ? Column.kg(key + "_kg", names[i])
                            : names[i].endsWith("cost")
                                    ? Column.money(key, names[i], EUR)
                                    : Column.kwh(key + "_kwh", names[i]));
        }
        cols.add(Column.percent("idle_share", "Idle share"));
        cols.add(Column.hours("gpu_hours", "GPU hours"));
        cols.add(Column.hours("idle_hours", "Idle GPU hours"));
        cols.add(Column.count("gpus", "GPUs"));
        cols.add(Column.percent("coverage", "Coverage"));
        List<List<Value>> rows = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<Value> r =
                    new ArrayList<>(List.of(Value.text("team-" + (g < 26 ? String.valueOf((char) ('a' + g)) : g))));
            for (int c = 1; c < cols.size(); c++) {
                Column col = cols.get(c);
                r.add(col.number(new BigDecimal(String.valueOf(1000L * (g + 1) + c * 37 + 0.123456))));
            }
            rows.add(r);
        }
        List<Value> total = new ArrayList<>(List.of(Value.text("total")));
        for (int c = 1; c < cols.size(); c++) {
            total.add(cols.get(c).number(new BigDecimal("987654.321")));
        }
        return new Table("Costs", "Cost breakdown by group", "", cols, rows, Optional.of(total));
    }

    /**
     * A year: a by-day table of 365 days × 10 groups, a 365-day chart stacked by nine groups, the cost table of 120
     * groups (both tables longer than the PDF shows, the cost table also too wide for a page).
     */
    private static ReportDocument year() {
        Column day = Column.day("day", "Day");
        Column group = Column.text("group", "Group");
        List<List<Value>> rows = new ArrayList<>();
        LocalDate first = LocalDate.of(2026, 1, 1);
        for (int d = 0; d < 365; d++) {
            for (int g = 0; g < 10; g++) {
                rows.add(List.of(
                        new Value.Day(first.plusDays(d)),
                        Value.text("group-" + g),
                        n(IT, "12.345"),
                        n(CARBON, "3.210"),
                        n(COST, "4.56")));
            }
        }
        Table byDay = new Table(
                "By day",
                "Energy, carbon and cost by day and group",
                "",
                List.of(day, group, IT, CARBON, COST),
                rows,
                Optional.of(List.of(
                        Value.missing(""),
                        Value.text("total"),
                        n(IT, "45059.250"),
                        n(CARBON, "11716.500"),
                        n(COST, "16644.00"))));
        Chart chart = costByDay(365, 9, 40);
        Chart yearChart = new Chart(
                chart.type(),
                chart.id(),
                chart.title(),
                chart.unit(),
                days(first, 365),
                chart.series(),
                Optional.empty());
        return new ReportDocument(
                ReportKind.COST,
                "Cost and carbon by group",
                "2026",
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                ZoneId.of("UTC"),
                "grouped by group, in EUR",
                GENERATED,
                List.of(),
                keyFigures(),
                List.of(byTeam(), byDay, costTable(120)),
                List.of(yearChart),
                methodology());
    }

    // ---- writing and reading ----

    private static byte[] pdf(ReportDocument doc, Paper paper, String sample) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfWriter.write(doc, paper, out);
        byte[] bytes = out.toByteArray();
        String dir = System.getProperty("gridscope.pdf.samples", "");
        if (!dir.isBlank()) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, sample + ".pdf"), bytes);
        }
        return bytes;
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    private static String text(byte[] pdf, int page) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            PDFTextStripper s = new PDFTextStripper();
            s.setStartPage(page);
            s.setEndPage(page);
            return s.getText(d);
        }
    }

    private static int pages(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return d.getNumberOfPages();
        }
    }

    // ---- tests ----

    @Test
    void theTextHoldsTitlePeriodFiguresTablesMethodologyAndPageNumbers() throws IOException {
        ReportDocument doc = sample();
        String text = text(pdf(doc, Paper.A4, "sample-a4"));

        assertThat(text).contains("Cost and carbon by team", "November 2026", "Europe/Berlin");
        assertThat(text).contains("2026-10-31 23:00 UTC", "2026-11-30 23:00 UTC", "Generated 2026-12-01 07:12 UTC");
        assertThat(text).contains("grouped by team, in EUR");
        assertThat(text).contains("The period ends in the future");
        for (KeyFigure k : doc.keyFigures()) {
            assertThat(text).contains(k.label());
            if (!(k.value() instanceof Value.Missing)) {
                assertThat(text).contains(k.value().plain());
            }
        }
        assertThat(text).contains("No value: no price");
        for (List<Value> r : doc.primary().rows()) {
            for (Value v : r) {
                if (!(v instanceof Value.Missing)) {
                    assertThat(text).contains(v.plain());
                }
            }
        }
        for (Value v : doc.primary().total().orElseThrow()) {
            assertThat(text).contains(v.plain());
        }
        assertThat(text).contains("IT energy (kWh)", "— no value: no price");
        for (Methodology.Section s : doc.methodology().sections()) {
            assertThat(text).contains(s.title());
        }
        assertThat(text.replaceAll("\\s+", " "))
                .contains("Samples every 10 s from 14 hosts; 97.3 % of the period is covered.")
                .contains("A gap longer than 5 minutes is not filled: its energy is unknown, not zero, and the figures"
                        + " say how much of the period they cover.");
        assertThat(text).contains("Cost by day and group", "Carbon by site", "Budget burn: vision");
        assertThat(text).contains("page 1 of ");
        int count = pages(pdf(doc, Paper.A4, "sample-a4"));
        assertThat(text).contains("page " + count + " of " + count);
    }

    @Test
    void everyFontOnEveryPageIsEmbeddedAndNoneIsAStandardFont() throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf(year(), Paper.A4, "year-a4"))) {
            int fonts = 0;
            for (PDPage page : d.getPages()) {
                PDResources r = page.getResources();
                for (COSName name : r.getFontNames()) {
                    PDFont f = r.getFont(name);
                    assertThat(f.isEmbedded()).as(f.getName()).isTrue();
                    assertThat(f.isStandard14()).as(f.getName()).isFalse();
                    assertThat(f.getName()).contains("DejaVuSans");
                    fonts++;
                }
            }
            assertThat(fonts).isGreaterThanOrEqualTo(d.getNumberOfPages());
        }
    }

    @Test
    void a4AndLetterPagesHaveTheirSizes() throws IOException {
        try (PDDocument a4 = Loader.loadPDF(pdf(sample(), Paper.A4, "sample-a4"));
                PDDocument letter = Loader.loadPDF(pdf(sample(), Paper.LETTER, "sample-letter"))) {
            PDRectangle a = a4.getPage(0).getMediaBox();
            PDRectangle l = letter.getPage(0).getMediaBox();
            assertThat(a.getWidth()).isCloseTo(595.28f, org.assertj.core.data.Offset.offset(0.01f));
            assertThat(a.getHeight()).isCloseTo(841.89f, org.assertj.core.data.Offset.offset(0.01f));
            assertThat(l.getWidth()).isEqualTo(612f);
            assertThat(l.getHeight()).isEqualTo(792f);
            for (PDPage p : letter.getPages()) {
                PDRectangle b = p.getMediaBox();
                assertThat(List.of(Math.min(b.getWidth(), b.getHeight()), Math.max(b.getWidth(), b.getHeight())))
                        .containsExactly(612f, 792f);
            }
        }
    }

    @Test
    void aYearOfDataStaysShortAndSaysWhichRowsAreLeftOut() throws IOException {
        byte[] pdf = pdf(year(), Paper.A4, "year-a4");
        pdf(year(), Paper.LETTER, "year-letter");
        assertThat(pages(pdf)).isLessThanOrEqualTo(25);
        String text = text(pdf);
        assertThat(text).contains("… and " + (3650 - PdfTables.ROW_CAP) + " more rows in the XLSX and JSON exports");
        assertThat(text).contains("… and " + (120 - PdfTables.ROW_CAP) + " more rows in the XLSX and JSON exports");
        assertThat(text).contains("The PDF shows at most 80 rows of a table: here the first 80 of 3650");
        // The total of the whole table is still shown after the rows left out.
        assertThat(text).contains("45059.250", "16644.00");
        // A year of days is labelled by month, not by day.
        assertThat(text).contains("Jan 2026", "Jun", "Dec").doesNotContain("14 Jan");
    }

    @Test
    void aWideTableTurnsThePageShrinksAndSplitsKeepingEveryValue() throws IOException {
        Table costs = costTable(12);
        byte[] pdf = pdf(document("Wide", List.of(costs), List.of()), Paper.A4, "wide-a4");
        String text = text(pdf);
        for (List<Value> r : costs.rows()) {
            for (Value v : r) {
                assertThat(text).contains(v.plain());
            }
        }
        assertThat(text)
                .contains(
                        "987654.321", "Cost breakdown by group (part 1 of 2)", "Cost breakdown by group (part 2 of 2)");
        assertThat(text).contains("each repeating the first column (Group)");
        try (PDDocument d = Loader.loadPDF(pdf)) {
            PDRectangle last = d.getPage(d.getNumberOfPages() - 2).getMediaBox();
            assertThat(last.getWidth()).isGreaterThan(last.getHeight());
        }
        // Each part repeats the group column: every group name appears once per part.
        assertThat(occurrences(text, "team-k")).isEqualTo(2);
    }

    @Test
    void aLongTableRepeatsItsHeaderOnEveryPage() throws IOException {
        Table costs = costTable(6);
        List<List<Value>> rows = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            rows.add(byTeam().rows().get(i % 3));
        }
        Table tall = new Table("Tall", "Many teams", "", byTeam().columns(), rows, byTeam().total());
        byte[] pdf = pdf(document("Tall", List.of(tall, costs), List.of()), Paper.LETTER, "tall-letter");
        int withHeader = 0;
        for (int page = 1; page <= pages(pdf); page++) {
            String t = text(pdf, page);
            if (t.contains("vision")) {
                assertThat(t).contains("Facility", "Carbon");
                withHeader++;
            }
        }
        assertThat(withHeader).isGreaterThanOrEqualTo(2);
        assertThat(text(pdf)).contains("Many teams (continued)");
    }

    @Test
    void anEmptyTablePrintsItsDescriptionInsteadOfAHeader() throws IOException {
        String text = text(pdf(sample(), Paper.A4, "sample-a4"));
        assertThat(text).contains("Budgets in force", "No budget is configured for this scope.");
        assertThat(text).doesNotContain("Zebra budget").doesNotContain("Quokka limit");
    }

    @Test
    void theDocumentInformationNamesReportPeriodAndCreator() throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf(sample(), Paper.A4, "sample-a4"))) {
            var info = d.getDocumentInformation();
            assertThat(info.getTitle()).isEqualTo("Cost and carbon by team");
            assertThat(info.getSubject()).isEqualTo("November 2026");
            assertThat(info.getCreator()).isEqualTo("Gridscope");
            Calendar created = info.getCreationDate();
            assertThat(created.toInstant()).isEqualTo(GENERATED);
        }
    }

    @Test
    void textTheFontCannotShowIsReplacedNotAnError() throws IOException {
        String odd = "Kosten 漢字 \uD83D\uDE00 bell\u0007 tab\there zero\u200Bwidth";
        ReportDocument doc = new ReportDocument(
                ReportKind.COST,
                "Report " + odd,
                "Q4 " + odd,
                FROM,
                TO,
                ZoneId.of("UTC"),
                odd,
                GENERATED,
                List.of(odd),
                List.of(new KeyFigure("k", odd, IT, n(IT, "1.000"), odd)),
                List.of(new Table(
                        "Odd",
                        odd,
                        odd,
                        List.of(TEAM, IT),
                        List.of(List.of(Value.text(odd), n(IT, "2.000"))),
                        Optional.empty())),
                List.of(new Chart(
                        Chart.Type.STACKED_BARS,
                        "odd",
                        odd,
                        odd,
                        List.of(odd, "b"),
                        List.of(new Chart.Series(odd, java.util.Arrays.asList(BigDecimal.ONE, null), true)),
                        Optional.of(new Chart.Limit(odd, BigDecimal.TEN)))),
                new Methodology(List.of(new Methodology.Section(odd, List.of(odd)))));
        String text = text(pdf(doc, Paper.A4, "odd-a4"));
        assertThat(text).contains("Report Kosten", "tab here", "bell").doesNotContain("\u0007");
    }

    @Test
    void aFailingOutputStreamRaisesIOException() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> PdfWriter.write(sample(), Paper.A4, failing))
                .isInstanceOf(IOException.class)
                .hasStackTraceContaining("disk full");
    }

    @Test
    void theOutputStreamIsLeftOpenThroughTheDocumentFormat() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        DocumentFormat.PDF.write(sample(), Paper.LETTER, bytes);
        assertThat(closed[0]).isFalse();
        assertThat(new String(bytes.toByteArray(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
    }

    @Test
    void chartAxesUseRoundSteps() {
        PdfCharts.Scale s = PdfCharts.Scale.of(0, 1234.57);
        assertThat(s.step()).isEqualTo(250);
        assertThat(s.hi()).isEqualTo(1250);
        assertThat(s.ticks()).hasSize(6);
        assertThat(s.label(750)).isEqualTo("750");
        // A year of stacked days topping at 310: 0 to 350 in steps of 50, not 0 to 400.
        assertThat(PdfCharts.Scale.of(0, 310).hi()).isEqualTo(350);
        PdfCharts.Scale small = PdfCharts.Scale.of(-0.3, 0.9);
        assertThat(small.step()).isEqualTo(0.2);
        assertThat(small.lo()).isCloseTo(-0.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(small.label(small.lo())).isEqualTo("-0.4");
        assertThat(small.label(small.ticks().get(2))).isEqualTo("0.0");
        assertThat(PdfCharts.Scale.of(0, 0).hi()).isEqualTo(1);
    }

    @Test
    void chartsOfManyCategoriesAYearOfLinesNoDataAndManySeriesAreDrawn() throws IOException {
        List<String> gpus = new ArrayList<>();
        List<BigDecimal> hours = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            gpus.add("gpu-node-" + (i / 8) + ".cluster.example/" + (i % 8));
            hours.add(i % 13 == 5 ? null : BigDecimal.valueOf(100 + (i * 37) % 500));
        }
        Chart many = new Chart(
                Chart.Type.BARS,
                "idle_by_gpu",
                "Idle hours by GPU",
                "h",
                gpus,
                List.of(new Chart.Series("idle", hours, false)),
                Optional.empty());
        List<BigDecimal> spent = new ArrayList<>();
        List<BigDecimal> forecast = new ArrayList<>();
        for (int d = 0; d < 365; d++) {
            spent.add(d <= 200 ? BigDecimal.valueOf(d * 0.4) : null);
            forecast.add(d >= 200 ? BigDecimal.valueOf(d * 0.43) : null);
        }
        Chart burn = new Chart(
                Chart.Type.LINES,
                "burn",
                "Budget burn over a year",
                "% of budget",
                days(LocalDate.of(2026, 1, 1), 365),
                List.of(new Chart.Series("spent", spent, false), new Chart.Series("forecast", forecast, true)),
                Optional.of(new Chart.Limit("budget", new BigDecimal("150"))));
        Chart none = new Chart(
                Chart.Type.STACKED_BARS,
                "none",
                "Cost by day (no data)",
                "EUR",
                List.of(),
                List.of(),
                Optional.empty());
        Chart twelve = costByDay(14, 12, -1);
        byte[] pdf =
                pdf(document("Charts", List.of(byTeam()), List.of(many, burn, none, twelve)), Paper.A4, "charts-a4");
        String text = text(pdf);
        assertThat(text)
                .contains("Idle hours by GPU", "Budget burn over a year", "Cost by day (no data)", "No data to chart.")
                .contains("budget: 150 % of budget", "group-l");
    }

    private static int occurrences(String text, String word) {
        Matcher m = Pattern.compile(Pattern.quote(word)).matcher(text);
        int c = 0;
        while (m.find()) {
            c++;
        }
        return c;
    }
}
