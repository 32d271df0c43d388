package io.gridscope.reports.document;

import io.gridscope.reports.accounting.Methodology;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.CreationHelper;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * XLSX through Apache POI's streaming workbook: a Summary sheet (title, period, notices, key figures), one sheet per
 * table named by its id, and a Methodology sheet.
 *
 * <p>Memory stays bounded whatever a table's length: rows go through a window of {@value #ROW_WINDOW} rows and then
 * to gzip-compressed temporary files, deleted when the workbook is written or the writing fails. Strings are written
 * inline (no shared-strings table grows in memory); cell styles are made once per workbook.
 *
 * <p>Every number is a numeric cell whose format shows exactly the document's value: as many decimals as the column's
 * scale and the unit in the format ({@code #,##0.00 "EUR"}); percentages are stored as fractions (12.5 % as 0.125) so
 * that they compute, days and instants are date cells (instants in UTC, which the header says). A gap is an empty
 * cell, never a zero, and carries its reason as a cell comment; above each table a line counts the gaps by reason, so
 * the reasons are visible on paper too, and past {@value #MAX_COMMENTS} gaps in a sheet (comments are held in memory
 * until the end) only that line keeps them. A number Excel cannot hold exactly (more than 15 significant digits) and a
 * day outside Excel's calendar are written as text rather than shown altered.
 */
final class XlsxWriter {
    /** Rows held in memory per sheet before they go to the temporary file. */
    static final int ROW_WINDOW = 100;

    /** Gaps per sheet that get a comment; the gap line above the table counts all of them. */
    static final int MAX_COMMENTS = 2_000;

    /** Excel shows and keeps 15 significant digits. */
    private static final int EXCEL_DIGITS = 15;

    private static final int MAX_TEXT = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
    private static final int MAX_ROWS = SpreadsheetVersion.EXCEL2007.getMaxRows();

    /** Rows of a table sheet before the header: title, description, gap line, a blank row. */
    private static final int MAX_LEAD_ROWS = 4;

    private static final int SAMPLE_ROWS = 1_000;
    /** Reasons named in a sheet's gap line; the others are counted together. */
    private static final int MAX_REASONS = 20;

    /** Fits a portrait A4 page also where a font wider than Calibri is used (LibreOffice without Carlito). */
    private static final int METHODOLOGY_WIDTH = 68;
    /**
     * A table sheet no wider than this (in characters) is printed shrunk to the page's width, at half size or more
     * (a landscape A4 page holds about 140).
     */
    private static final int FIT_WIDTH = 280;

    private static final int SUMMARY_NOTE_WIDTH = 50;
    /** Header characters on one line: a longer header wraps rather than widening its column. */
    private static final int HEADER_WRAP = 24;
    /**
     * Letters of the default font in a column one digit wide, counted low: Calibri's letters are narrower than its
     * digits, DejaVu's (where LibreOffice has no Carlito) about as wide.
     */
    private static final double LETTERS_PER_DIGIT = 1.2;
    /** The height of a line of the default font (Calibri 11). */
    private static final float LINE_POINTS = 15f;

    private static final String SUMMARY = "Summary";
    private static final String METHODOLOGY = "Methodology";

    private XlsxWriter() {}

    static void write(ReportDocument doc, OutputStream out) throws IOException {
        for (Table t : doc.tables()) {
            int rows = MAX_LEAD_ROWS + 1 + t.rows().size() + (t.total().isPresent() ? 1 : 0);
            if (rows > MAX_ROWS) {
                throw new IllegalArgumentException(
                        "table " + t.id() + " has " + t.rows().size()
                                + " rows; an XLSX sheet holds at most " + (MAX_ROWS - MAX_LEAD_ROWS - 2)
                                + " (write it as CSV, or report a shorter period)");
            }
        }
        SXSSFWorkbook wb = new SXSSFWorkbook(null, ROW_WINDOW, true, false);
        // POI's default (Zip64 as needed) writes Zip64 data descriptors without the Zip64 field in the local
        // headers when the output is a stream: readers that stream the archive (java.util.zip.ZipInputStream and
        // others) then misread every entry's size. Plain Zip is read by all; an entry past 4 GiB (far more than a
        // sheet of 1,048,576 rows of a report's width) fails with an IOException instead.
        wb.setZip64Mode(Zip64Mode.Never);
        try {
            wb.getXSSFWorkbook().getProperties().getCoreProperties().setTitle(doc.title() + " — " + doc.periodLabel());
            wb.getXSSFWorkbook().getProperties().getCoreProperties().setCreator("Gridscope");
            new XlsxWriter.Book(wb).write(doc);
            Watched watched = new Watched(out);
            try {
                wb.write(watched);
            } catch (IOException e) {
                // POI finishes the archive in a finally block, whose own failure ("unclosed entries") then hides
                // the stream's: the stream's comes first.
                IOException first = watched.failure;
                if (first != null && first != e) {
                    first.addSuppressed(e);
                    throw first;
                }
                throw e;
            }
        } finally {
            wb.dispose();
            wb.close();
        }
    }

    /** The caller's stream, never closed here, remembering the first failure it raised. */
    private static final class Watched extends FilterOutputStream {
        IOException failure;

        Watched(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private IOException failed(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }

    /** One workbook being written: its styles, made once each. */
    private static final class Book {
        private final SXSSFWorkbook wb;
        private final DataFormat formats;
        private final CreationHelper helper;
        private final Map<String, CellStyle> styles = new HashMap<>();
        private final CellStyle title;
        private final CellStyle subtitle;
        private final CellStyle note;
        private final CellStyle label;
        private final CellStyle header;
        private final CellStyle headerRight;
        private final CellStyle headerText;
        private final CellStyle headerCentre;
        private final CellStyle noticeText;
        private final CellStyle top;
        private final CellStyle unit;
        private final CellStyle notice;
        private final CellStyle wrapped;
        private final Font bold;

        Book(SXSSFWorkbook wb) {
            this.wb = wb;
            this.formats = wb.createDataFormat();
            this.helper = wb.getCreationHelper();

            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            title = wb.createCellStyle();
            title.setFont(big);

            Font bold = wb.createFont();
            bold.setBold(true);
            subtitle = wb.createCellStyle();
            subtitle.setFont(bold);
            label = wb.createCellStyle();
            label.setFont(bold);
            label.setVerticalAlignment(VerticalAlignment.TOP);

            Font italic = wb.createFont();
            italic.setItalic(true);
            note = wb.createCellStyle();
            note.setFont(italic);

            header = wb.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            header.setWrapText(true);
            header.setVerticalAlignment(VerticalAlignment.TOP);

            headerRight = wb.createCellStyle();
            headerRight.cloneStyleFrom(header);
            headerRight.setAlignment(HorizontalAlignment.RIGHT);

            headerText = wb.createCellStyle();
            headerText.cloneStyleFrom(header);
            headerText.setAlignment(HorizontalAlignment.LEFT);
            headerText.setIndention((short) 1);

            headerCentre = wb.createCellStyle();
            headerCentre.cloneStyleFrom(header);
            headerCentre.setAlignment(HorizontalAlignment.CENTER);

            unit = wb.createCellStyle();
            unit.setAlignment(HorizontalAlignment.CENTER);
            unit.setVerticalAlignment(VerticalAlignment.TOP);

            top = wb.createCellStyle();
            top.setVerticalAlignment(VerticalAlignment.TOP);

            Font red = wb.createFont();
            red.setBold(true);
            red.setColor(IndexedColors.DARK_RED.getIndex());
            notice = wb.createCellStyle();
            notice.setFont(red);
            notice.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
            notice.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            notice.setVerticalAlignment(VerticalAlignment.TOP);
            noticeText = wb.createCellStyle();
            noticeText.cloneStyleFrom(notice);
            noticeText.setWrapText(true);

            wrapped = wb.createCellStyle();
            wrapped.setWrapText(true);
            wrapped.setVerticalAlignment(VerticalAlignment.TOP);
            wrapped.setIndention((short) 1);

            this.bold = bold;
        }

        void write(ReportDocument doc) {
            Set<String> taken = new HashSet<>();
            List<String> tableSheets = new ArrayList<>();
            for (Table t : doc.tables()) {
                tableSheets.add(SheetNames.unique(t.id(), taken));
            }
            summary(doc, wb.createSheet(SheetNames.unique(SUMMARY, taken)));
            for (int i = 0; i < doc.tables().size(); i++) {
                table(doc.tables().get(i), wb.createSheet(tableSheets.get(i)));
            }
            methodology(doc, wb.createSheet(SheetNames.unique(METHODOLOGY, taken)));
            wb.setActiveSheet(0);
        }

        // --- Summary ---

        private void summary(ReportDocument doc, SXSSFSheet sh) {
            int labelWidth = "Period to (UTC, exclusive)".length();
            int valueWidth = "yyyy-mm-dd hh:mm:ss".length();
            for (KeyFigure k : doc.keyFigures()) {
                labelWidth = Math.max(labelWidth, k.label().length());
                valueWidth = Math.max(valueWidth, Widths.shown(k.column(), k.value()));
            }
            int[] widths = {Math.min(labelWidth + 2, 50), Math.min(valueWidth + 4, 40), 10, SUMMARY_NOTE_WIDTH};
            for (int c = 0; c < widths.length; c++) {
                sh.setColumnWidth(c, Widths.chars(widths[c]));
            }

            int r = 0;
            Row titleRow = sh.createRow(r++);
            titleRow.setHeightInPoints(20);
            text(titleRow, 0, doc.title(), title);
            text(sh.createRow(r++), 0, doc.periodLabel(), subtitle);
            r++;
            r = field(sh, r, "Period from (UTC)", doc.from());
            r = field(sh, r, "Period to (UTC, exclusive)", doc.to());
            r = field(sh, r, "Time zone", doc.zone().getId());
            r = field(sh, r, "Scope", doc.scope());
            r = field(sh, r, "Generated at (UTC)", doc.generatedAt());
            if (!doc.notices().isEmpty()) {
                r++;
                for (String n : doc.notices()) {
                    // across Value, Unit and Note, wrapped: the whole notice highlighted, however long
                    Row row = sh.createRow(r);
                    text(row, 0, "NOTICE", notice);
                    text(row, 1, n, noticeText);
                    for (int c = 2; c <= 3; c++) {
                        row.createCell(c).setCellStyle(noticeText);
                    }
                    sh.addMergedRegion(new CellRangeAddress(r, r, 1, 3));
                    fitHeight(row, n, widths[1] + widths[2] + widths[3]);
                    r++;
                }
            }
            if (!doc.keyFigures().isEmpty()) {
                r++;
                Row head = sh.createRow(r++);
                text(head, 0, "Key figure", header);
                text(head, 1, "Value", headerRight);
                text(head, 2, "Unit", headerCentre);
                text(head, 3, "Note", header);
                for (KeyFigure k : doc.keyFigures()) {
                    Row row = sh.createRow(r++);
                    text(row, 0, k.label(), top);
                    Cell v = value(row, 1, k.column(), k.value(), false, hasMillis(k.value()));
                    text(row, 2, k.column().unit(), unit);
                    String why = k.value() instanceof Value.Missing m ? "no value: " + m.why() : "";
                    String noteText = why.isEmpty() || k.note().isEmpty() ? why + k.note() : why + "; " + k.note();
                    text(row, 3, noteText, wrapped);
                    fitHeight(row, noteText, widths[3]);
                    if (k.value() instanceof Value.Missing m) {
                        comment(sh, v, m.why());
                    }
                }
            }
            printed(sh, true);
        }

        private int field(SXSSFSheet sh, int r, String name, Object v) {
            Row row = sh.createRow(r);
            text(row, 0, name, label);
            switch (v) {
                case Instant i -> {
                    Cell cell = value(row, 1, Column.time("at", name), new Value.Time(i), false, hasMillis(i));
                    String format = cell.getCellStyle().getDataFormatString();
                    cell.setCellStyle(style(format, false, HorizontalAlignment.LEFT));
                }
                default -> text(row, 1, v.toString(), null);
            }
            return r + 1;
        }

        // --- Tables ---

        private void table(Table t, SXSSFSheet sh) {
            List<Column> cols = t.columns();
            boolean[] millis = new boolean[cols.size()];
            Map<String, Integer> gaps = new LinkedHashMap<>();
            int gapCount = scan(t, millis, gaps);
            int[] widths = new int[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                widths[c] = Widths.column(t, c, header(cols.get(c)), millis[c]);
                sh.setColumnWidth(c, Widths.chars(widths[c]));
            }

            int r = 0;
            Row titleRow = sh.createRow(r++);
            titleRow.setHeightInPoints(20);
            text(titleRow, 0, t.title(), title);
            if (!t.description().isEmpty()) {
                text(sh.createRow(r++), 0, t.description(), note);
            }
            if (gapCount > 0) {
                text(sh.createRow(r++), 0, gapLine(gaps, gapCount), note);
            }
            r++;
            int headerRow = r;
            Row head = sh.createRow(r++);
            int headLines = 1;
            for (int c = 0; c < cols.size(); c++) {
                String h = header(cols.get(c));
                text(head, c, h, cols.get(c).kind() == Column.Kind.TEXT ? headerText : headerRight);
                headLines = Math.max(headLines, Widths.lines(h, Widths.headerLine(widths[c])));
            }
            if (headLines > 1) {
                head.setHeightInPoints(headLines * LINE_POINTS);
            }
            sh.createFreezePane(0, headerRow + 1);
            sh.setRepeatingRows(new CellRangeAddress(headerRow, headerRow, -1, -1));
            if (!t.isEmpty() && !cols.isEmpty()) {
                sh.setAutoFilter(
                        new CellRangeAddress(headerRow, headerRow + t.rows().size(), 0, cols.size() - 1));
            }
            int comments = 0;
            for (List<Value> values : t.rows()) {
                Row row = sh.createRow(r++);
                comments = cells(sh, row, cols, values, false, millis, comments);
            }
            if (t.isEmpty()) {
                text(sh.createRow(r++), 0, "(no rows)", note);
            }
            if (t.total().isPresent()) {
                Row row = sh.createRow(r++);
                cells(sh, row, cols, t.total().get(), true, millis, comments);
            }
            if (Arrays.stream(widths).sum() <= FIT_WIDTH) {
                printed(sh, true);
            } else {
                PrintSetup ps = sh.getPrintSetup();
                ps.setPaperSize(PrintSetup.A4_PAPERSIZE);
                ps.setLandscape(true);
                // shrunk to one page wide it could not be read: printed across pages at three quarters of its
                // size, each page starting with the first column
                ps.setScale((short) 75);
                sh.setRepeatingColumns(new CellRangeAddress(-1, -1, 0, 0));
            }
        }

        /** Which TIME columns need milliseconds, and the gaps by reason; returns the number of gaps. */
        private static int scan(Table t, boolean[] millis, Map<String, Integer> gaps) {
            int count = 0;
            for (List<Value> row : t.rows()) {
                count += scan(row, millis, gaps);
            }
            if (t.total().isPresent()) {
                count += scan(t.total().get(), millis, gaps);
            }
            return count;
        }

        private static int scan(List<Value> row, boolean[] millis, Map<String, Integer> gaps) {
            int count = 0;
            for (int c = 0; c < row.size(); c++) {
                Value v = row.get(c);
                if (v instanceof Value.Missing m) {
                    count++;
                    if (gaps.containsKey(m.why()) || gaps.size() < MAX_REASONS) {
                        gaps.merge(m.why(), 1, Integer::sum);
                    }
                } else if (hasMillis(v)) {
                    millis[c] = true;
                }
            }
            return count;
        }

        private static String gapLine(Map<String, Integer> gaps, int all) {
            NumberFormat n = NumberFormat.getIntegerInstance(Locale.ROOT);
            int count = all;
            StringBuilder sb = new StringBuilder("Empty cells are gaps, not zeros (");
            sb.append(n.format(all)).append(all == 1 ? " cell" : " cells").append("): ");
            int listed = 0;
            for (Map.Entry<String, Integer> e : gaps.entrySet()) {
                sb.append(listed++ == 0 ? "" : "; ").append(e.getKey().isEmpty() ? "no reason given" : e.getKey());
                sb.append(" (").append(n.format(e.getValue())).append(')');
                count -= e.getValue();
            }
            if (count > 0) {
                sb.append("; other reasons (").append(n.format(count)).append(')');
            }
            if (all <= MAX_COMMENTS) {
                sb.append(". Each empty cell's comment says why.");
            } else {
                sb.append(". The first ").append(n.format(MAX_COMMENTS)).append(" empty cells' comments say why.");
            }
            return sb.toString();
        }

        private int cells(
                SXSSFSheet sh,
                Row row,
                List<Column> cols,
                List<Value> values,
                boolean total,
                boolean[] millis,
                int comments) {
            for (int c = 0; c < cols.size(); c++) {
                Value v = values.get(c);
                Cell cell = value(row, c, cols.get(c), v, total, millis[c]);
                if (v instanceof Value.Missing m && comments < MAX_COMMENTS) {
                    comment(sh, cell, m.why());
                    comments++;
                }
            }
            return comments;
        }

        /** The header as people read it; instants are written in UTC, so their header says so. */
        static String header(Column c) {
            return c.kind() == Column.Kind.TIME ? c.label() + " (UTC)" : c.header();
        }

        // --- Methodology ---

        private void methodology(ReportDocument doc, SXSSFSheet sh) {
            int r = 0;
            Row titleRow = sh.createRow(r++);
            titleRow.setHeightInPoints(20);
            text(titleRow, 0, "Methodology", title);
            text(sh.createRow(r++), 0, doc.title() + " — " + doc.periodLabel(), note);
            List<Methodology.Section> sections = doc.methodology().sections();
            if (sections.isEmpty()) {
                r++;
                text(sh.createRow(r++), 0, "(no methodology given)", note);
            }
            for (Methodology.Section s : sections) {
                r++;
                text(sh.createRow(r++), 0, s.title(), subtitle);
                for (String line : s.lines()) {
                    Row row = sh.createRow(r++);
                    text(row, 0, line, wrapped);
                    fitHeight(row, line, METHODOLOGY_WIDTH);
                }
            }
            sh.setColumnWidth(0, Widths.chars(METHODOLOGY_WIDTH));
            printed(sh, false);
        }

        /**
         * Readers need not grow a row to its wrapped text (LibreOffice keeps the default height), so a row whose text
         * wraps is given the lines it takes in a column {@code width} characters wide.
         */
        private static void fitHeight(Row row, String text, int width) {
            int lines = Widths.lines(text, width * LETTERS_PER_DIGIT);
            if (lines > 1) {
                row.setHeightInPoints(Math.min(409, lines * LINE_POINTS));
            }
        }

        /** Printed on A4, shrunk to the page's width where wider. */
        private static void printed(Sheet sh, boolean landscape) {
            PrintSetup ps = sh.getPrintSetup();
            ps.setPaperSize(PrintSetup.A4_PAPERSIZE);
            ps.setLandscape(landscape);
            ps.setFitWidth((short) 1);
            ps.setFitHeight((short) 0);
            sh.setFitToPage(true);
        }

        // --- Cells ---

        private static void text(Row row, int c, String s, CellStyle style) {
            Cell cell = row.createCell(c);
            cell.setCellValue(s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT - 1) + "…" : s);
            if (style != null) {
                cell.setCellStyle(style);
            }
        }

        /** One value, typed and formatted as its column says; a gap is a blank cell in the column's style. */
        private Cell value(Row row, int c, Column col, Value v, boolean bold, boolean millis) {
            Cell cell = row.createCell(c);
            switch (v) {
                case Value.Text t -> {
                    cell.setCellValue(
                            t.text().length() > MAX_TEXT ? t.text().substring(0, MAX_TEXT - 1) + "…" : t.text());
                    cell.setCellStyle(style(null, bold, null));
                }
                case Value.Number n -> {
                    BigDecimal stored =
                            col.kind() == Column.Kind.PERCENT ? n.number().movePointLeft(2) : n.number();
                    if (n.number().stripTrailingZeros().precision() > EXCEL_DIGITS) {
                        cell.setCellValue(DocumentText.figure(col, v));
                        cell.setCellStyle(style(null, bold, HorizontalAlignment.RIGHT));
                    } else {
                        cell.setCellValue(stored.doubleValue());
                        cell.setCellStyle(style(Formats.number(col, n.number()), bold, null));
                    }
                }
                case Value.Day d -> {
                    if (Formats.excelDay(d.day())) {
                        cell.setCellValue(d.day());
                        cell.setCellStyle(style(Formats.DAY, bold, null));
                    } else {
                        cell.setCellValue(d.day().toString());
                        cell.setCellStyle(style(null, bold, HorizontalAlignment.RIGHT));
                    }
                }
                case Value.Time t -> {
                    LocalDateTime utc = LocalDateTime.ofInstant(t.instant(), ZoneOffset.UTC);
                    if (Formats.excelDay(utc.toLocalDate())) {
                        cell.setCellValue(utc);
                        cell.setCellStyle(style(millis ? Formats.TIME_MILLIS : Formats.TIME, bold, null));
                    } else {
                        cell.setCellValue(t.instant().toString());
                        cell.setCellStyle(style(null, bold, HorizontalAlignment.RIGHT));
                    }
                }
                case Value.Missing m -> {
                    cell.setBlank();
                    cell.setCellStyle(style(Formats.blank(col), bold, null));
                }
            }
            return cell;
        }

        /**
         * The style of a value cell; {@code align} null for the default: numbers right, and text left, indented so
         * that it does not run into a number of the column before.
         */
        private CellStyle style(String format, boolean bold, HorizontalAlignment align) {
            String key = format + "|" + bold + "|" + align;
            CellStyle s = styles.get(key);
            if (s == null) {
                s = wb.createCellStyle();
                if (format != null) {
                    s.setDataFormat(formats.getFormat(format));
                }
                if (bold) {
                    s.setFont(this.bold);
                    s.setBorderTop(BorderStyle.THIN);
                }
                if (align != null) {
                    s.setAlignment(align);
                } else if (format == null) {
                    s.setAlignment(HorizontalAlignment.LEFT);
                    s.setIndention((short) 1);
                }
                styles.put(key, s);
            }
            return s;
        }

        private void comment(Sheet sh, Cell cell, String why) {
            ClientAnchor anchor = helper.createClientAnchor();
            anchor.setCol1(cell.getColumnIndex() + 1);
            anchor.setCol2(cell.getColumnIndex() + 4);
            anchor.setRow1(cell.getRowIndex());
            anchor.setRow2(cell.getRowIndex() + 3);
            Comment comment = sh.createDrawingPatriarch().createCellComment(anchor);
            comment.setString(helper.createRichTextString(why.isEmpty() ? "no value" : why));
            comment.setAuthor("Gridscope");
            comment.setAddress(cell.getRowIndex(), cell.getColumnIndex());
            cell.setCellComment(comment);
        }

        private static boolean hasMillis(Value v) {
            return v instanceof Value.Time t && hasMillis(t.instant());
        }

        private static boolean hasMillis(Instant i) {
            return i.getNano() != 0;
        }
    }

    /** Number formats: as many decimals as the column's scale, the unit as literal text. */
    static final class Formats {
        static final String DAY = "yyyy-mm-dd";
        static final String TIME = "yyyy-mm-dd hh:mm:ss";
        static final String TIME_MILLIS = "yyyy-mm-dd hh:mm:ss.000";

        private static final LocalDate FIRST = LocalDate.of(1900, 1, 1);
        private static final LocalDate LAST = LocalDate.of(9999, 12, 31);

        private Formats() {}

        /**
         * {@code #,##0.00 "EUR"}, {@code 0.0%}, {@code #,##0}: the column's scale, or more where a value (a key figure
         * built by hand) has more decimals, so that the value shown is always the value.
         */
        static String number(Column c, BigDecimal n) {
            int digits = Math.max(
                    c.numeric() ? c.scale() : 0,
                    Math.max(0, n.stripTrailingZeros().scale()));
            String decimals = digits == 0 ? "" : "." + "0".repeat(digits);
            if (c.kind() == Column.Kind.PERCENT) {
                return "0" + decimals + "%";
            }
            String unit = c.numeric() ? c.unit().replace("\"", "") : "";
            return "#,##0" + decimals + (unit.isEmpty() ? "" : " \"" + unit + "\"");
        }

        /** A gap's cell keeps its column's format, so that a value typed in later shows as the others. */
        static String blank(Column c) {
            return switch (c.kind()) {
                case TEXT -> null;
                case DAY -> DAY;
                case TIME -> TIME;
                default -> number(c, BigDecimal.ZERO);
            };
        }

        static boolean excelDay(LocalDate d) {
            return !d.isBefore(FIRST) && !d.isAfter(LAST);
        }
    }

    /** Column widths from the header, the kind and the first rows of the document (never from the sheet). */
    static final class Widths {
        private Widths() {}

        /** Excel's unit: 1/256 of a character, at most 255 characters. */
        static int chars(int n) {
            return Math.min(255, Math.max(1, n)) * 256;
        }

        static int column(Table t, int c, String header, boolean millis) {
            Column col = t.columns().get(c);
            int least = switch (col.kind()) {
                case TEXT -> 10;
                case MONEY, ENERGY_KWH, CARBON_KG -> 12 + col.unit().length();
                case PERCENT -> 8;
                case HOURS, MINUTES -> 10 + col.unit().length();
                case COUNT -> 8;
                case DAY -> 11;
                case TIME -> millis ? 24 : 20;
            };
            int widest = 0;
            int n = 0;
            for (List<Value> row : t.rows()) {
                if (n++ == SAMPLE_ROWS) {
                    break;
                }
                widest = Math.max(widest, shown(col, row.get(c)));
            }
            if (t.total().isPresent()) {
                widest = Math.max(widest, shown(col, t.total().get().get(c)));
            }
            int head = headerWidth(Math.min(header.length(), HEADER_WRAP));
            int indent = col.kind() == Column.Kind.TEXT ? 1 : 0;
            return Math.min(60, Math.max(least, Math.max(head, widest + 2 + indent)));
        }

        /**
         * The width a header of {@code length} characters takes on one line: a bold letter counted as a digit, the
         * filter button as three and a text column's indent as one. A header past {@value #HEADER_WRAP} characters
         * wraps instead (its row is made high enough).
         */
        static int headerWidth(int length) {
            return length + 4;
        }

        /** How many characters of a header fit on one line of a column {@code width} characters wide. */
        static int headerLine(int width) {
            return Math.max(1, width - 4);
        }

        /** The lines {@code text} takes wrapped at word boundaries, {@code perLine} characters to a line. */
        static int lines(String text, double perLine) {
            int lines = 0;
            for (String paragraph : text.split("\n", -1)) {
                int n = 1;
                double used = -1;
                for (String word : paragraph.split(" ")) {
                    if (used >= 0 && used + 1 + word.length() > perLine) {
                        n++;
                        used = -1;
                    }
                    used += 1 + word.length();
                    for (; used > perLine; used -= perLine) {
                        n++; // a word longer than a line is broken
                    }
                }
                lines += n;
            }
            return lines;
        }

        /** About how many characters a value takes as shown. */
        static int shown(Column c, Value v) {
            return switch (v) {
                case Value.Text t -> t.text().length();
                case Value.Number n -> {
                    BigDecimal x = n.number().abs();
                    int integer = Math.max(1, x.precision() - x.scale());
                    int groups = (integer - 1) / 3;
                    int frac = Math.max(0, x.scale());
                    int sign = n.number().signum() < 0 ? 1 : 0;
                    int unit = c.unit().isEmpty() ? 0 : c.unit().length() + 1;
                    yield sign + integer + groups + (frac > 0 ? frac + 1 : 0) + unit;
                }
                case Value.Day d -> 10;
                case Value.Time t -> t.instant().getNano() != 0 ? 23 : 19;
                case Value.Missing m -> 0;
            };
        }
    }

    /** Sheet names: a table's id where Excel allows it, unique without regard to case. */
    static final class SheetNames {
        private SheetNames() {}

        static String unique(String wanted, Set<String> taken) {
            String base = wanted.replaceAll("^'+|'+$", "");
            if (base.isEmpty()) {
                base = "Sheet";
            }
            String name = base;
            for (int n = 2; !free(name, taken); n++) {
                String suffix = " (" + n + ")";
                name = base.substring(0, Math.min(base.length(), 31 - suffix.length())) + suffix;
            }
            taken.add(name.toLowerCase(Locale.ROOT));
            return name;
        }

        /** "History" is reserved by Excel. */
        private static boolean free(String name, Set<String> taken) {
            String k = name.toLowerCase(Locale.ROOT);
            return !taken.contains(k) && !k.equals("history");
        }
    }
}
