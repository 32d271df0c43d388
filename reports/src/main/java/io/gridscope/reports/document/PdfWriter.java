package io.gridscope.reports.document;

import io.gridscope.reports.accounting.Methodology;
import io.gridscope.reports.document.PdfPages.Rgb;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * PDF through Apache PDFBox: title, period, key figures, charts, tables, methodology; fonts embedded.
 *
 * <p>Page 1 holds the title, the period (as named, from–to in UTC, the time zone days are counted in), the scope,
 * when the figures were computed, the notices in a box and the key figures as a grid; then come the charts (vector
 * graphics), every table (see {@link PdfTables} for wide and long tables) and the methodology. Every page has a
 * footer with the report, its period and "page N of M". The text is set in DejaVu Sans, embedded as a subset (the
 * font and its licence are resources of this module): no reader needs a font of its own.
 */
final class PdfWriter {
    private PdfWriter() {}

    private static final Rgb NOTICE_FILL = Rgb.hex(0xfff8e1);
    private static final Rgb NOTICE_EDGE = Rgb.hex(0xd4a72c);
    private static final Rgb NOTICE_INK = Rgb.hex(0x7a4d00);
    private static final Rgb FIGURE_FILL = Rgb.hex(0xf6f8fa);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    /** Writes {@code doc} as a PDF on {@code paper} to {@code out}, which is flushed and left open. */
    static void write(ReportDocument doc, Paper paper, OutputStream out) throws IOException {
        Objects.requireNonNull(doc);
        Objects.requireNonNull(paper);
        Objects.requireNonNull(out);
        try (PDDocument pdf = new PDDocument()) {
            PdfFont regular = PdfFont.load(pdf, PdfFont.REGULAR);
            PdfFont bold = PdfFont.load(pdf, PdfFont.BOLD);
            try (PdfPages p = new PdfPages(pdf, paper, regular, bold)) {
                p.newPage(false);
                header(doc, p);
                notices(doc, p);
                keyFigures(doc, p);
                for (Chart c : doc.charts()) {
                    PdfCharts.draw(c, p);
                }
                for (Table t : doc.tables()) {
                    PdfTables.draw(t, t == doc.primary(), p);
                }
                methodology(doc, p);
                p.footers(doc.title() + " — " + doc.periodLabel());
            }
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(doc.title());
            info.setSubject(doc.periodLabel());
            info.setCreator("Gridscope");
            info.setCreationDate(GregorianCalendar.from(doc.generatedAt().atZone(ZoneOffset.UTC)));
            pdf.getDocumentCatalog().setLanguage("en");
            // PDFBox closes the stream it saves to; the caller owns out.
            pdf.save(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
        }
        out.flush();
    }

    static String utc(Instant t) {
        return (t.getEpochSecond() % 60 == 0 && t.getNano() == 0 ? MINUTES : SECONDS)
                .format(t.atOffset(ZoneOffset.UTC));
    }

    private static void header(ReportDocument doc, PdfPages p) throws IOException {
        float width = p.contentWidth();
        for (String l : p.bold.wrap(doc.title(), 20, width)) {
            p.y -= 24;
            p.text(p.bold, 20, PdfPages.INK, p.left(), p.y + 5, l);
        }
        for (String l : p.regular.wrap(doc.periodLabel(), 13, width)) {
            p.y -= 17;
            p.text(p.regular, 13, PdfPages.ACCENT, p.left(), p.y + 3, l);
        }
        p.y -= 4;
        List<String> facts = new ArrayList<>();
        facts.add("From " + utc(doc.from()) + " to " + utc(doc.to()) + " · time zone "
                + doc.zone().getId());
        if (!doc.scope().isEmpty()) {
            facts.add("Scope: " + doc.scope());
        }
        facts.add("Generated " + utc(doc.generatedAt()));
        for (String f : facts) {
            for (String l : p.regular.wrap(f, 9, width)) {
                p.y -= 12.5f;
                p.text(p.regular, 9, PdfPages.MUTED, p.left(), p.y + 3, l);
            }
        }
        p.y -= 8;
        p.line(PdfPages.ACCENT, 1.2f, p.left(), p.y, p.right(), p.y);
        p.y -= 14;
    }

    /** The notices in an amber box (split over pages when they are that many). */
    private static void notices(ReportDocument doc, PdfPages p) throws IOException {
        if (doc.notices().isEmpty()) {
            return;
        }
        float pad = 8;
        float size = 9;
        float line = 12.5f;
        float heading = 15;
        float inner = p.contentWidth() - 2 * pad - 12;
        List<String> lines = new ArrayList<>();
        List<Boolean> first = new ArrayList<>();
        for (String n : doc.notices()) {
            List<String> wrapped = p.regular.wrap(n, size, inner);
            for (int i = 0; i < wrapped.size(); i++) {
                lines.add(wrapped.get(i));
                first.add(i == 0);
            }
        }
        int done = 0;
        while (done < lines.size()) {
            float head = done == 0 ? heading : 0;
            int fit = (int) Math.floor((p.y - p.bottom() - 2 * pad - head) / line);
            if (fit < 1 && !p.atTop()) {
                p.newPage(false);
                continue;
            }
            int take = Math.max(1, Math.min(fit, lines.size() - done));
            float h = 2 * pad + head + take * line;
            p.fillRect(NOTICE_FILL, p.left(), p.y - h, p.contentWidth(), h);
            p.strokeRect(NOTICE_EDGE, 0.8f, p.left(), p.y - h, p.contentWidth(), h);
            p.fillRect(NOTICE_EDGE, p.left(), p.y - h, 3, h);
            float y = p.y - pad;
            if (head > 0) {
                y -= heading;
                p.text(
                        p.bold,
                        10,
                        NOTICE_INK,
                        p.left() + pad + 2,
                        y + 4,
                        doc.notices().size() == 1 ? "Notice" : "Notices");
            }
            for (int i = done; i < done + take; i++) {
                y -= line;
                if (first.get(i)) {
                    p.text(p.regular, size, NOTICE_INK, p.left() + pad + 2, y + 3.5f, "•");
                }
                p.text(p.regular, size, PdfPages.INK, p.left() + pad + 14, y + 3.5f, lines.get(i));
            }
            done += take;
            p.y -= h + 12;
        }
    }

    /** The key figures as a grid of boxes: label, value and unit, the note small below. */
    private static void keyFigures(ReportDocument doc, PdfPages p) throws IOException {
        List<KeyFigure> figures = doc.keyFigures();
        if (figures.isEmpty()) {
            return;
        }
        int columns = 3;
        float gap = 8;
        float pad = 7;
        float boxWidth = (p.contentWidth() - gap * (columns - 1)) / columns;
        float inner = boxWidth - 2 * pad;
        p.need(16 + 60);
        p.y -= 13;
        p.text(p.bold, 11.5f, PdfPages.INK, p.left(), p.y + 2, "Key figures");
        p.y -= 7;
        for (int start = 0; start < figures.size(); start += columns) {
            List<Box> row = new ArrayList<>();
            float height = 0;
            for (KeyFigure k : figures.subList(start, Math.min(figures.size(), start + columns))) {
                Box b = Box.of(k, p, inner);
                row.add(b);
                height = Math.max(height, b.height() + 2 * pad);
            }
            p.need(height);
            float x = p.left();
            for (Box b : row) {
                p.fillRect(FIGURE_FILL, x, p.y - height, boxWidth, height);
                p.strokeRect(PdfPages.RULE, 0.6f, x, p.y - height, boxWidth, height);
                p.fillRect(PdfPages.ACCENT, x, p.y - height, 2.5f, height);
                b.draw(p, x + pad, p.y - pad);
                x += boxWidth + gap;
            }
            p.y -= height + gap;
        }
        p.y -= 8;
    }

    private record Box(List<String> label, String value, float valueSize, String unit, List<String> note) {
        static final float LABEL = 8;
        static final float NOTE = 7;

        static Box of(KeyFigure k, PdfPages p, float inner) throws IOException {
            List<String> label = p.regular.wrap(k.label(), LABEL, inner, 2);
            Value v = k.value();
            String value = PdfTables.text(v);
            String unit = v instanceof Value.Number ? k.column().unit() : "";
            float size = 16;
            while (size > 8 && widthOf(p, value, size, unit) > inner) {
                size -= 0.5f;
            }
            String note = k.note();
            if (v instanceof Value.Missing m) {
                note = "No value: " + m.why() + (note.isEmpty() ? "" : ". " + note);
            }
            List<String> noteLines = note.isEmpty() ? List.of() : p.regular.wrap(note, NOTE, inner, 4);
            return new Box(label, value, size, unit, noteLines);
        }

        private static float widthOf(PdfPages p, String value, float size, String unit) throws IOException {
            return p.bold.width(value, size) + (unit.isEmpty() ? 0 : 3 + p.regular.width(unit, unitSize(size)));
        }

        private static float unitSize(float size) {
            return Math.max(7, size * 0.6f);
        }

        float height() {
            return label.size() * (LABEL + 2.5f)
                    + 4
                    + valueSize * 1.2f
                    + (note.isEmpty() ? 0 : 3 + note.size() * (NOTE + 2));
        }

        void draw(PdfPages p, float x, float top) throws IOException {
            float y = top;
            for (String l : label) {
                y -= LABEL + 2.5f;
                p.text(p.regular, LABEL, PdfPages.MUTED, x, y + 2, l);
            }
            y -= 4 + valueSize * 1.2f;
            float base = y + valueSize * 0.25f;
            p.text(p.bold, valueSize, PdfPages.INK, x, base, value);
            if (!unit.isEmpty()) {
                p.text(
                        p.regular,
                        unitSize(valueSize),
                        PdfPages.MUTED,
                        x + p.bold.width(value, valueSize) + 3,
                        base,
                        unit);
            }
            if (!note.isEmpty()) {
                y -= 3;
                for (String l : note) {
                    y -= NOTE + 2;
                    p.text(p.regular, NOTE, PdfPages.MUTED, x, y + 2, l);
                }
            }
        }
    }

    /** The methodology on portrait pages: section titles bold, each sentence a bullet, wrapped. */
    private static void methodology(ReportDocument doc, PdfPages p) throws IOException {
        List<Methodology.Section> sections = doc.methodology().sections();
        if (sections.isEmpty()) {
            return;
        }
        float size = 8.5f;
        float line = 11.5f;
        p.need(70, false);
        p.y -= 18;
        p.text(p.bold, 14, PdfPages.INK, p.left(), p.y + 3, "Methodology");
        p.y -= 4;
        float inner = p.contentWidth(false) - 12;
        for (Methodology.Section s : sections) {
            List<List<String>> bullets = new ArrayList<>();
            for (String l : s.lines()) {
                bullets.add(p.regular.wrap(l, size, inner));
            }
            float first = bullets.isEmpty() ? 0 : bullets.getFirst().size() * line;
            p.need(22 + first, false);
            p.y -= 18;
            p.text(p.bold, 10, PdfPages.INK, p.left(), p.y + 4, s.title());
            for (List<String> b : bullets) {
                for (int i = 0; i < b.size(); i++) {
                    p.need(line, false);
                    p.y -= line;
                    if (i == 0) {
                        p.text(p.regular, size, PdfPages.MUTED, p.left() + 2, p.y + 3, "•");
                    }
                    p.text(p.regular, size, PdfPages.INK, p.left() + 12, p.y + 3, b.get(i));
                }
            }
        }
    }
}
