package io.gridscope.reports.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.reports.accounting.Methodology;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellAddress;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xssf.usermodel.XSSFName;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxWriterTest {
    static final Currency EUR = Currency.getInstance("EUR");
    static final Currency JPY = Currency.getInstance("JPY");
    static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant GENERATED = Instant.parse("2026-12-01T08:15:02Z");

    static final Column TEAM = Column.text("team", "Team");
    static final Column COST = Column.money("total_cost", "Cost", EUR);
    static final Column COST_JPY = Column.money("cost_jpy", "Cost", JPY);
    static final Column KWH = Column.kwh("it_kwh", "IT energy");
    static final Column KG = Column.kg("carbon_kg", "Carbon");
    static final Column SHARE = Column.percent("share_pct", "Share");
    static final Column HOURS = Column.hours("gpu_hours", "GPU hours");
    static final Column MINUTES = Column.minutes("ack_minutes", "Time to acknowledge");
    static final Column JOBS = Column.count("jobs", "Jobs");
    static final Column DAY = Column.day("day", "Day");
    static final Column AT = Column.time("first_seen", "First seen");

    static final List<Column> ALL = List.of(TEAM, COST, COST_JPY, KWH, KG, SHARE, HOURS, MINUTES, JOBS, DAY, AT);

    /** Summary rows: title, period label, blank, five fields, blank, two notices, blank, key figures' header. */
    static final int KEY_FIGURES_HEADER = 13;

    /** Table sheets: title, description, gap line, blank, header. */
    static final int HEADER_ROW = 4;

    @TempDir
    Path poiTemp;

    @BeforeEach
    void poiTempFilesHere() {
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy(poiTemp.toFile()));
    }

    @AfterEach
    void poiTempFilesBack() {
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy());
    }

    static Value n(Column c, String v) {
        return c.number(new BigDecimal(v));
    }

    static List<Value> row(
            String team,
            String eur,
            String jpy,
            String kwh,
            String kg,
            String pct,
            String h,
            String min,
            String jobs,
            LocalDate day,
            Instant at) {
        return List.of(
                Value.text(team),
                n(COST, eur),
                n(COST_JPY, jpy),
                n(KWH, kwh),
                n(KG, kg),
                n(SHARE, pct),
                n(HOURS, h),
                n(MINUTES, min),
                n(JOBS, jobs),
                new Value.Day(day),
                new Value.Time(at));
    }

    static Table byTeam() {
        List<List<Value>> rows = List.of(
                row(
                        "vision",
                        "211.63",
                        "12346",
                        "1234.567",
                        "98.765",
                        "12.5",
                        "36.25",
                        "7.5",
                        "1234",
                        LocalDate.of(2026, 11, 3),
                        Instant.parse("2026-11-03T14:05:09Z")),
                List.of(
                        Value.text("speech"),
                        Value.missing("no price"),
                        n(COST_JPY, "0"),
                        n(KWH, "0.5"),
                        n(KG, "0.1"),
                        n(SHARE, "87.5"),
                        n(HOURS, "1"),
                        n(MINUTES, "0"),
                        n(JOBS, "2"),
                        new Value.Day(LocalDate.of(2026, 11, 30)),
                        new Value.Time(Instant.parse("2026-11-30T23:59:59Z"))));
        List<Value> total = List.of(
                Value.text("total"),
                n(COST, "211.63"),
                n(COST_JPY, "12346"),
                n(KWH, "1235.067"),
                n(KG, "98.865"),
                n(SHARE, "100"),
                n(HOURS, "37.25"),
                n(MINUTES, "7.5"),
                n(JOBS, "1236"),
                Value.missing("not a day"),
                Value.missing("not a time"));
        return new Table(
                "By team",
                "Cost and carbon by team",
                "Each team's share of the energy, priced at the hour it was used.",
                ALL,
                rows,
                Optional.of(total));
    }

    static Table empty() {
        return new Table(
                "Idle waste",
                "Idle GPUs holding memory",
                "No GPU sat idle while holding memory in the period.",
                List.of(Column.text("gpu", "GPU"), Column.hours("idle_hours", "Idle hours"), COST),
                List.of(),
                Optional.empty());
    }

    static ReportDocument document(List<Table> tables) {
        return new ReportDocument(
                ReportKind.COST,
                "Cost and carbon by team",
                "November 2026",
                FROM,
                TO,
                ZoneId.of("Europe/Berlin"),
                "grouped by team, in EUR",
                GENERATED,
                List.of("Energy prices are missing for 2 days.", "The period is cut at now."),
                List.of(
                        new KeyFigure("total_cost", "Total cost", COST, n(COST, "1234.57"), "estimated for 12 % of it"),
                        new KeyFigure("total_cost_jpy", "Total cost in yen", COST_JPY, n(COST_JPY, "201234"), ""),
                        new KeyFigure("coverage", "Coverage", SHARE, n(SHARE, "97.3"), ""),
                        new KeyFigure("carbon", "Carbon", KG, Value.missing("no grid intensity"), "")),
                tables,
                List.of(),
                new Methodology(List.of(
                        new Methodology.Section(
                                "Energy", List.of("IT energy is the GPUs' measured power over time.", "PUE 1.4.")),
                        new Methodology.Section(Methodology.WARNINGS, List.of("2 days have no price.")))));
    }

    static ReportDocument document() {
        return document(List.of(byTeam(), empty()));
    }

    static byte[] xlsx(ReportDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxWriter.write(doc, out);
        return out.toByteArray();
    }

    static XSSFWorkbook read(byte[] bytes) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(bytes));
    }

    static String shown(Cell c) {
        return new DataFormatter(Locale.ROOT).formatCellValue(c);
    }

    static List<String> sheetNames(XSSFWorkbook wb) {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        return names;
    }

    void noTempFilesLeft() throws IOException {
        try (Stream<Path> files = Files.walk(poiTemp)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void summaryFirstThenOneSheetPerTableInOrderThenMethodology() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            assertThat(sheetNames(wb)).containsExactly("Summary", "By team", "Idle waste", "Methodology");
            assertThat(wb.getActiveSheetIndex()).isZero();
        }
        noTempFilesLeft();
    }

    @Test
    void theFormatWritesXlsxAndLeavesTheStreamOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        DocumentFormat.XLSX.write(document(), Paper.A4, bytes);
        assertThat(closed[0]).isFalse();
        try (XSSFWorkbook wb = read(bytes.toByteArray())) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(4);
        }
    }

    @Test
    void summaryHoldsThePeriodNoticesAndKeyFigures() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            XSSFSheet s = wb.getSheet("Summary");
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Cost and carbon by team");
            assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("November 2026");

            assertThat(s.getRow(3).getCell(0).getStringCellValue()).isEqualTo("Period from (UTC)");
            assertThat(utc(s.getRow(3).getCell(1))).isEqualTo(FROM);
            assertThat(shown(s.getRow(3).getCell(1))).isEqualTo("2026-11-01 00:00:00");
            assertThat(utc(s.getRow(4).getCell(1))).isEqualTo(TO);
            assertThat(s.getRow(5).getCell(1).getStringCellValue()).isEqualTo("Europe/Berlin");
            assertThat(s.getRow(6).getCell(1).getStringCellValue()).isEqualTo("grouped by team, in EUR");
            assertThat(s.getRow(7).getCell(0).getStringCellValue()).isEqualTo("Generated at (UTC)");
            assertThat(shown(s.getRow(7).getCell(1))).isEqualTo("2026-12-01 08:15:02");

            Row notice = s.getRow(9);
            assertThat(notice.getCell(0).getStringCellValue()).isEqualTo("NOTICE");
            assertThat(notice.getCell(1).getStringCellValue()).isEqualTo("Energy prices are missing for 2 days.");
            assertThat(wb.getFontAt(notice.getCell(1).getCellStyle().getFontIndex())
                            .getBold())
                    .isTrue();
            assertThat(notice.getCell(1).getCellStyle().getFillPattern()).isEqualTo(FillPatternType.SOLID_FOREGROUND);
            assertThat(s.getMergedRegions())
                    .extracting(CellRangeAddress::formatAsString)
                    .contains("B10:D10", "B11:D11");
            assertThat(s.getRow(10).getCell(1).getStringCellValue()).isEqualTo("The period is cut at now.");

            Row head = s.getRow(KEY_FIGURES_HEADER - 1);
            assertThat(List.of(head.getCell(0), head.getCell(1), head.getCell(2), head.getCell(3)).stream()
                            .map(Cell::getStringCellValue))
                    .containsExactly("Key figure", "Value", "Unit", "Note");
            Row cost = s.getRow(KEY_FIGURES_HEADER);
            assertThat(cost.getCell(0).getStringCellValue()).isEqualTo("Total cost");
            assertThat(cost.getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(cost.getCell(1).getNumericCellValue()).isEqualTo(1234.57);
            assertThat(cost.getCell(1).getCellStyle().getDataFormatString()).isEqualTo("#,##0.00 \"EUR\"");
            assertThat(shown(cost.getCell(1))).isEqualTo("1,234.57 EUR");
            assertThat(cost.getCell(2).getStringCellValue()).isEqualTo("EUR");
            assertThat(cost.getCell(3).getStringCellValue()).isEqualTo("estimated for 12 % of it");

            Row yen = s.getRow(KEY_FIGURES_HEADER + 1);
            assertThat(yen.getCell(1).getNumericCellValue()).isEqualTo(201234.0);
            assertThat(shown(yen.getCell(1))).isEqualTo("201,234 JPY");

            Row coverage = s.getRow(KEY_FIGURES_HEADER + 2);
            assertThat(coverage.getCell(1).getNumericCellValue()).isEqualTo(0.973);
            assertThat(shown(coverage.getCell(1))).isEqualTo("97.3%");

            Row carbon = s.getRow(KEY_FIGURES_HEADER + 3);
            assertThat(carbon.getCell(1).getCellType()).isEqualTo(CellType.BLANK);
            assertThat(carbon.getCell(1).getCellComment().getString().getString())
                    .isEqualTo("no grid intensity");
            assertThat(carbon.getCell(3).getStringCellValue()).isEqualTo("no value: no grid intensity");
        }
    }

    @Test
    void aTableSheetHasItsTitleDescriptionAndAHeaderThatSaysTheUnits() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            XSSFSheet s = wb.getSheet("By team");
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Cost and carbon by team");
            assertThat(s.getRow(1).getCell(0).getStringCellValue())
                    .isEqualTo("Each team's share of the energy, priced at the hour it was used.");
            List<String> header = new ArrayList<>();
            s.getRow(HEADER_ROW).forEach(c -> header.add(c.getStringCellValue()));
            assertThat(header)
                    .containsExactly(
                            "Team",
                            "Cost (EUR)",
                            "Cost (JPY)",
                            "IT energy (kWh)",
                            "Carbon (kgCO2e)",
                            "Share (%)",
                            "GPU hours (h)",
                            "Time to acknowledge (min)",
                            "Jobs",
                            "Day",
                            "First seen (UTC)");
            Cell h = s.getRow(HEADER_ROW).getCell(0);
            assertThat(wb.getFontAt(h.getCellStyle().getFontIndex()).getBold()).isTrue();
            assertThat(h.getCellStyle().getFillPattern()).isEqualTo(FillPatternType.SOLID_FOREGROUND);
            assertThat(s.getRow(HEADER_ROW).getCell(1).getCellStyle().getAlignment())
                    .as("a number's header stands over its numbers")
                    .isEqualTo(HorizontalAlignment.RIGHT);
        }
    }

    @Test
    void numbersAreNumericCellsShowingExactlyTheDocumentsValueWithTheUnit() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            Row r = wb.getSheet("By team").getRow(HEADER_ROW + 1);
            assertNumber(r.getCell(1), 211.63, "#,##0.00 \"EUR\"", "211.63 EUR");
            assertNumber(r.getCell(2), 12346, "#,##0 \"JPY\"", "12,346 JPY");
            assertNumber(r.getCell(3), 1234.567, "#,##0.000 \"kWh\"", "1,234.567 kWh");
            assertNumber(r.getCell(4), 98.765, "#,##0.000 \"kgCO2e\"", "98.765 kgCO2e");
            assertNumber(r.getCell(5), 0.125, "0.0%", "12.5%");
            assertNumber(r.getCell(6), 36.25, "#,##0.00 \"h\"", "36.25 h");
            assertNumber(r.getCell(7), 7.5, "#,##0.0 \"min\"", "7.5 min");
            assertNumber(r.getCell(8), 1234, "#,##0", "1,234");

            Row second = wb.getSheet("By team").getRow(HEADER_ROW + 2);
            assertNumber(second.getCell(2), 0, "#,##0 \"JPY\"", "0 JPY");
            assertNumber(second.getCell(3), 0.5, "#,##0.000 \"kWh\"", "0.500 kWh");
            assertNumber(second.getCell(5), 0.875, "0.0%", "87.5%");
            assertNumber(second.getCell(7), 0, "#,##0.0 \"min\"", "0.0 min");
        }
    }

    static void assertNumber(Cell c, double value, String format, String shown) {
        assertThat(c.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(c.getNumericCellValue()).isEqualTo(value);
        assertThat(c.getCellStyle().getDataFormatString()).isEqualTo(format);
        assertThat(shown(c)).isEqualTo(shown);
    }

    @Test
    void daysAndInstantsAreDateCellsInUtcAndTextIsText() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            Row r = wb.getSheet("By team").getRow(HEADER_ROW + 1);
            assertThat(r.getCell(0).getCellType()).isEqualTo(CellType.STRING);
            assertThat(r.getCell(0).getStringCellValue()).isEqualTo("vision");

            Cell day = r.getCell(9);
            assertThat(day.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(day)).isTrue();
            assertThat(day.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd");
            assertThat(day.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 3));
            assertThat(shown(day)).isEqualTo("2026-11-03");

            Cell at = r.getCell(10);
            assertThat(at.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(at)).isTrue();
            assertThat(at.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
            assertThat(utc(at)).isEqualTo(Instant.parse("2026-11-03T14:05:09Z"));
            assertThat(shown(at)).isEqualTo("2026-11-03 14:05:09");

            Cell lastSecond = wb.getSheet("By team").getRow(HEADER_ROW + 2).getCell(10);
            assertThat(shown(lastSecond)).isEqualTo("2026-11-30 23:59:59");
        }
    }

    @Test
    void instantsWithMillisecondsShowThem() throws IOException {
        Column at = Column.time("at", "At");
        Instant i = Instant.parse("2026-11-03T14:05:09.123Z");
        Table t = new Table(
                "Alerts",
                "Alerts",
                "",
                List.of(at),
                List.of(List.of(new Value.Time(i)), List.of(new Value.Time(Instant.parse("2026-11-03T00:00:00Z")))),
                Optional.empty());
        try (XSSFWorkbook wb = read(xlsx(document(List.of(t))))) {
            XSSFSheet s = wb.getSheet("Alerts");
            int header = 2; // title, blank, header: no description, no gaps
            assertThat(s.getRow(header).getCell(0).getStringCellValue()).isEqualTo("At (UTC)");
            Cell c = s.getRow(header + 1).getCell(0);
            assertThat(c.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss.000");
            assertThat(utc(c)).isEqualTo(i);
            assertThat(shown(c)).isEqualTo("2026-11-03 14:05:09.123");
            assertThat(shown(s.getRow(header + 2).getCell(0))).isEqualTo("2026-11-03 00:00:00.000");
        }
    }

    static Instant utc(Cell c) {
        LocalDateTime t = c.getLocalDateTimeCellValue();
        return t.toInstant(ZoneOffset.UTC);
    }

    @Test
    void aGapIsABlankCellWithItsReasonAsACommentAndCountedAboveTheTable() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            XSSFSheet s = wb.getSheet("By team");
            XSSFCell gap = s.getRow(HEADER_ROW + 2).getCell(1);
            assertThat(gap.getCellType()).isEqualTo(CellType.BLANK);
            assertThat(shown(gap)).isEmpty();
            assertThat(gap.getCellStyle().getDataFormatString()).isEqualTo("#,##0.00 \"EUR\"");
            XSSFComment comment = s.getCellComment(new CellAddress(HEADER_ROW + 2, 1));
            assertThat(comment).isNotNull();
            assertThat(comment.getString().getString()).isEqualTo("no price");
            assertThat(gap.getCellComment().getString().getString()).isEqualTo("no price");
            assertThat(s.getRow(2).getCell(0).getStringCellValue())
                    .isEqualTo("Empty cells are gaps, not zeros (3 cells): no price (1); not a day (1); not a time (1)."
                            + " Each empty cell's comment says why.");
            assertThat(s.getCellComments()).hasSize(3);
        }
    }

    @Test
    void theHeaderIsFrozenAndFilteredAndTheBoldTotalRowIsOutsideTheFilter() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            XSSFSheet s = wb.getSheet("By team");
            PaneInformation pane = s.getPaneInformation();
            assertThat(pane).isNotNull();
            assertThat(pane.isFreezePane()).isTrue();
            assertThat((int) pane.getHorizontalSplitPosition()).isEqualTo(HEADER_ROW + 1);
            assertThat((int) pane.getVerticalSplitPosition()).isZero();

            // header row 5 and the two data rows 6-7 (1-based), columns A-K; the total in row 8 is outside
            assertThat(s.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A5:K7");
            List<XSSFName> filter = wb.getNames(XSSFName.BUILTIN_FILTER_DB);
            assertThat(filter).singleElement().satisfies(name -> {
                assertThat(name.getSheetIndex()).isEqualTo(wb.getSheetIndex(s));
                assertThat(name.getRefersToFormula()).isEqualTo("'By team'!$A$5:$K$7");
            });

            Row total = s.getRow(HEADER_ROW + 3);
            assertThat(total.getCell(0).getStringCellValue()).isEqualTo("total");
            for (Cell c : total) {
                assertThat(wb.getFontAt(c.getCellStyle().getFontIndex()).getBold())
                        .as("total cell %s bold", c.getAddress())
                        .isTrue();
            }
            assertNumber(total.getCell(1), 211.63, "#,##0.00 \"EUR\"", "211.63 EUR");
            assertNumber(total.getCell(5), 1.0, "0.0%", "100.0%");
            assertThat(total.getCell(9).getCellType()).isEqualTo(CellType.BLANK);
            assertThat(s.getLastRowNum()).isEqualTo(HEADER_ROW + 3);
        }
    }

    @Test
    void columnsAreWideEnoughForTheirHeaderAndValues() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            XSSFSheet s = wb.getSheet("By team");
            for (int c = 0; c < ALL.size(); c++) {
                String header = s.getRow(HEADER_ROW).getCell(c).getStringCellValue();
                assertThat(s.getColumnWidth(c) / 256)
                        .as("column %s", header)
                        .isGreaterThanOrEqualTo(header.length() + 2)
                        .isLessThanOrEqualTo(60);
            }
            assertThat(s.getColumnWidth(10) / 256).isGreaterThanOrEqualTo(19); // yyyy-mm-dd hh:mm:ss
        }
    }

    @Test
    void aTableIsPrintedOnePageWideUnlessThatWouldMakeItTooSmallToRead() throws IOException {
        List<Column> many = new ArrayList<>(List.of(TEAM));
        List<Value> row = new ArrayList<>(List.of(Value.text("vision")));
        for (int i = 0; i < 25; i++) {
            Column c = Column.money("cost_" + i, "Cost of item number " + i, EUR);
            many.add(c);
            row.add(n(c, "1.00"));
        }
        Table wide = new Table("Wide", "Wide", "", many, List.of(row), Optional.empty());
        try (XSSFWorkbook wb = read(xlsx(document(List.of(byTeam(), wide))))) {
            XSSFSheet narrow = wb.getSheet("By team");
            assertThat(narrow.getFitToPage()).isTrue();
            assertThat(narrow.getPrintSetup().getFitWidth()).isEqualTo((short) 1);
            assertThat(narrow.getPrintSetup().getFitHeight()).isZero();
            assertThat(narrow.getPrintSetup().getLandscape()).isTrue();
            assertThat(narrow.getRepeatingRows()).isEqualTo(CellRangeAddress.valueOf("5:5"));

            XSSFSheet s = wb.getSheet("Wide");
            assertThat(s.getFitToPage()).isFalse();
            assertThat(s.getPrintSetup().getScale()).isEqualTo((short) 75);
            assertThat(s.getRepeatingColumns()).isEqualTo(CellRangeAddress.valueOf("A:A"));
        }
    }

    @Test
    void anEmptyTableHasItsHeaderAndSaysSoWithoutAFilter() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            XSSFSheet s = wb.getSheet("Idle waste");
            assertThat(s.getRow(1).getCell(0).getStringCellValue())
                    .isEqualTo("No GPU sat idle while holding memory in the period.");
            int header = 3; // title, description, blank
            assertThat(s.getRow(header).getCell(1).getStringCellValue()).isEqualTo("Idle hours (h)");
            assertThat(s.getRow(header + 1).getCell(0).getStringCellValue()).isEqualTo("(no rows)");
            assertThat(s.getCTWorksheet().isSetAutoFilter()).isFalse();
            assertThat(s.getPaneInformation().isFreezePane()).isTrue();
        }
    }

    @Test
    void theMethodologySheetComesLastWithBoldSectionTitlesAndWrappedLines() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document()))) {
            XSSFSheet s = wb.getSheetAt(wb.getNumberOfSheets() - 1);
            assertThat(s.getSheetName()).isEqualTo("Methodology");
            List<String> text = new ArrayList<>();
            s.forEach(r -> r.forEach(c -> text.add(c.getStringCellValue())));
            assertThat(text)
                    .containsSubsequence(
                            "Energy",
                            "IT energy is the GPUs' measured power over time.",
                            "PUE 1.4.",
                            "Warnings",
                            "2 days have no price.");
            for (Row r : s) {
                Cell c = r.getCell(0);
                if (c.getStringCellValue().equals("Energy")
                        || c.getStringCellValue().equals("Warnings")) {
                    assertThat(wb.getFontAt(c.getCellStyle().getFontIndex()).getBold())
                            .isTrue();
                }
                if (c.getStringCellValue().equals("PUE 1.4.")) {
                    assertThat(c.getCellStyle().getWrapText()).isTrue();
                }
            }
            assertThat(s.getColumnWidth(0) / 256).isBetween(60, 90);
        }
    }

    @Test
    void stylesAreMadeOncePerWorkbookNotPerCell() throws IOException {
        try (XSSFWorkbook wb = read(xlsx(document(List.of(byTeam(), byTeam2(), empty()))))) {
            assertThat(wb.getNumCellStyles()).isLessThan(40);
        }
    }

    static Table byTeam2() {
        Table t = byTeam();
        return new Table("By team again", t.title(), t.description(), t.columns(), t.rows(), t.total());
    }

    @Test
    void sheetNamesStayUniqueWhateverTheTablesAreCalled() throws IOException {
        Table summary = new Table("summary", "A table called summary", "", List.of(TEAM), List.of(), Optional.empty());
        Table history =
                new Table("History", "Excel reserves this name", "", List.of(TEAM), List.of(), Optional.empty());
        try (XSSFWorkbook wb = read(xlsx(document(List.of(summary, history))))) {
            assertThat(sheetNames(wb)).containsExactly("Summary (2)", "summary", "History (2)", "Methodology");
        }
    }

    @Test
    void aNumberExcelCannotHoldExactlyIsWrittenAsText() throws IOException {
        Table t = new Table(
                "Big", "Big", "", List.of(COST), List.of(List.of(n(COST, "123456789012345678.91"))), Optional.empty());
        try (XSSFWorkbook wb = read(xlsx(document(List.of(t))))) {
            Cell c = wb.getSheet("Big").getRow(3).getCell(0);
            assertThat(c.getCellType()).isEqualTo(CellType.STRING);
            assertThat(c.getStringCellValue()).isEqualTo("123456789012345678.91 EUR");
        }
    }

    @Test
    void pastTheCommentLimitTheGapLineStillCountsEveryGap() throws IOException {
        Column price = COST;
        List<List<Value>> rows = new ArrayList<>();
        int n = XlsxWriter.MAX_COMMENTS + 50;
        for (int i = 0; i < n; i++) {
            rows.add(List.of(Value.text("h" + i), Value.missing("no price")));
        }
        Table t = new Table("Gaps", "Gaps", "", List.of(TEAM, price), rows, Optional.empty());
        try (XSSFWorkbook wb = read(xlsx(document(List.of(t))))) {
            XSSFSheet s = wb.getSheet("Gaps");
            assertThat(s.getCellComments()).hasSize(XlsxWriter.MAX_COMMENTS);
            assertThat(s.getRow(1).getCell(0).getStringCellValue())
                    .isEqualTo("Empty cells are gaps, not zeros (2,050 cells): no price (2,050)."
                            + " The first 2,000 empty cells' comments say why.");
        }
        noTempFilesLeft();
    }

    @Test
    void aTableOfThreeHundredThousandRowsStreamsThrough() throws Exception {
        int n = 300_000;
        List<List<Value>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(List.of(
                    Value.text("host-" + (i % 1000)),
                    COST.number(BigDecimal.valueOf(i, 2)),
                    JOBS.number(BigDecimal.valueOf(i))));
        }
        Table t = new Table(
                "By hour",
                "Every hour",
                "",
                List.of(TEAM, COST, JOBS),
                rows,
                Optional.of(List.of(Value.text("total"), n(COST, "1"), n(JOBS, "1"))));
        byte[] bytes = xlsx(document(List.of(t)));
        noTempFilesLeft();

        // Read back as a stream (a DOM of 300,000 rows would not fit the test's heap): sheet2 is "By hour".
        long[] rowsAndLast = sheetRows(bytes, "xl/worksheets/sheet2.xml");
        // title, (a blank row, not written), header, the rows, the total
        assertThat(rowsAndLast[0]).isEqualTo(1 + 1 + n + 1);
        assertThat(rowsAndLast[1]).isEqualTo(3 + n + 1); // the total's row number
    }

    /** The number of {@code <row>} elements of a sheet and the last one's 1-based number. */
    static long[] sheetRows(byte[] xlsx, String entry) throws Exception {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(entry)) {
                    return countRows(zip);
                }
            }
        }
        throw new AssertionError("no " + entry);
    }

    static long[] countRows(InputStream in) throws Exception {
        XMLStreamReader x = XMLInputFactory.newFactory().createXMLStreamReader(in);
        long count = 0;
        long last = 0;
        while (x.hasNext()) {
            if (x.next() == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("row")) {
                count++;
                last = Long.parseLong(x.getAttributeValue(null, "r"));
            }
        }
        return new long[] {count, last};
    }

    @Test
    void anIOExceptionFromTheStreamPropagatesAndTheTemporaryFilesGo() throws IOException {
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
        assertThatThrownBy(() -> XlsxWriter.write(document(), failing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("disk full");
        noTempFilesLeft();
    }
}
