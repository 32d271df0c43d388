package io.gridscope.reports.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.reports.accounting.GroupBy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-computed fixture's figures (AccountingFixtureTest works each out) read back from every format: CSV
 * parsed, XLSX through POI (typed numeric cells showing the same figure), PDF through PDFBox text extraction, JSON
 * parsed. The figures come from one document, so they must be identical, to the cent and the gram.
 */
class FiguresAgreeAcrossFormatsTest {
    @TempDir
    static Path dir;

    static DocumentFixture fixture;
    static ReportDocument doc;

    /** team → total cost, IT kWh, operational kgCO2e, as worked out by hand. */
    static final Map<String, List<String>> BY_HAND = Map.of(
            "research", List.of("39.39", "9.600", "4.032"),
            "platform", List.of("8.63", "1.600", "0.672"),
            "(idle)", List.of("4.11", "0.240", "0.101"),
            "nlp", List.of("21.34", "9.000", "3.780"),
            "vision", List.of("138.15", "22.200", "9.708"),
            "total", List.of("211.63", "42.640", "18.293"));

    @BeforeAll
    static void build() throws Exception {
        fixture = DocumentFixture.open(dir, Optional.empty());
        doc = fixture.cost(GroupBy.TEAM);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    static byte[] write(DocumentFormat f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.write(doc, Paper.A4, out);
        return out.toByteArray();
    }

    @Test
    void theDocumentItself() {
        BY_HAND.forEach((team, figures) -> {
            assertThat(DocumentFixture.cell(doc.primary(), team, "total_cost")).isEqualTo(figures.get(0));
            assertThat(DocumentFixture.cell(doc.primary(), team, "it_kwh")).isEqualTo(figures.get(1));
            assertThat(DocumentFixture.cell(doc.primary(), team, "operational_kgco2e"))
                    .isEqualTo(figures.get(2));
        });
    }

    @Test
    void csv() throws Exception {
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setCommentMarker('#')
                .get()
                .parse(new StringReader(new String(write(DocumentFormat.CSV), StandardCharsets.UTF_8)))
                .getRecords();
        Map<String, CSVRecord> byTeam = new HashMap<>();
        rows.forEach(r -> byTeam.put(r.get("group"), r));
        BY_HAND.forEach((team, figures) -> {
            assertThat(byTeam.get(team).get("total_cost")).isEqualTo(figures.get(0));
            assertThat(byTeam.get(team).get("it_kwh")).isEqualTo(figures.get(1));
            assertThat(byTeam.get(team).get("operational_kgco2e")).isEqualTo(figures.get(2));
        });
    }

    @Test
    void xlsxCellsAreNumbersShowingTheSameFigures() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(write(DocumentFormat.XLSX)))) {
            Sheet sheet = wb.getSheet("By team");
            DataFormatter shown = new DataFormatter(java.util.Locale.ROOT);
            int header = -1;
            Map<String, Integer> col = new HashMap<>();
            for (Row r : sheet) {
                for (var c : r) {
                    if (c.getCellType() == CellType.STRING
                            && c.getStringCellValue().equals("Total cost (EUR)")) {
                        header = r.getRowNum();
                    }
                }
                if (header >= 0) {
                    break;
                }
            }
            assertThat(header).as("the header row").isNotNegative();
            for (var c : sheet.getRow(header)) {
                col.put(c.getStringCellValue(), c.getColumnIndex());
            }
            Map<String, Row> byTeam = new HashMap<>();
            for (int i = header + 1; i <= sheet.getLastRowNum(); i++) {
                Row r = sheet.getRow(i);
                if (r != null && r.getCell(0) != null && r.getCell(0).getCellType() == CellType.STRING) {
                    byTeam.put(r.getCell(0).getStringCellValue().strip(), r);
                }
            }
            BY_HAND.forEach((team, figures) -> {
                Row r = byTeam.get(team);
                assertThat(r).as(team).isNotNull();
                var cost = r.getCell(col.get("Total cost (EUR)"));
                assertThat(cost.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(new java.math.BigDecimal(Double.toString(cost.getNumericCellValue())))
                        .isEqualByComparingTo(figures.get(0));
                assertThat(shown.formatCellValue(cost)).contains(figures.get(0));
                var kwh = r.getCell(col.get("IT energy (kWh)"));
                assertThat(shown.formatCellValue(kwh)).contains(figures.get(1));
                var kg = r.getCell(col.get("Operational carbon (kgCO2e)"));
                assertThat(shown.formatCellValue(kg)).contains(figures.get(2));
            });
            assertThat(wb.getSheet("Methodology")).isNotNull();
        }
    }

    @Test
    void pdfTextHoldsTheFiguresAndTheMethod() throws Exception {
        String text;
        try (var pdf = Loader.loadPDF(write(DocumentFormat.PDF))) {
            text = new PDFTextStripper().getText(pdf);
        }
        BY_HAND.forEach((team, figures) -> assertThat(text).contains(figures.get(0), figures.get(1), figures.get(2)));
        assertThat(text)
                .contains("Cost and carbon by team")
                .contains("Reading this report")
                .contains("exchange rate 1 USD = 0.90 EUR");
    }

    @Test
    void json() throws Exception {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(write(DocumentFormat.JSON));
        Map<String, com.fasterxml.jackson.databind.JsonNode> byTeam = new HashMap<>();
        tree.at("/tables/0/rows").forEach(r -> byTeam.put(r.get("group").asText(), r));
        byTeam.put("total", tree.at("/tables/0/total"));
        BY_HAND.forEach((team, figures) -> {
            assertThat(byTeam.get(team).get("total_cost").asText()).isEqualTo(figures.get(0));
            assertThat(byTeam.get(team).get("it_kwh").asText()).isEqualTo(figures.get(1));
            assertThat(byTeam.get(team).get("operational_kgco2e").asText()).isEqualTo(figures.get(2));
        });
    }
}
