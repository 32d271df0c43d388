package io.gridscope.reports.document;

import io.gridscope.reports.document.PdfPages.Rgb;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tables of a PDF report. The header row is repeated on every page a table runs onto; numbers are right-aligned
 * and written exactly as every other format writes them ({@link Value#plain()}, the unit in the header); a gap is
 * "—" with its reason below the table; the total row is bold under a rule.
 *
 * <p>Width: a table is set on a portrait page in the largest size from 8 pt down to 7 pt that fits, else on a
 * landscape page from 8 pt down to {@value #FLOOR} pt; a table still too wide is split into parts of columns one
 * after the other, each repeating the first column: as few parts as {@value #FLOOR} pt needs, as even as they can
 * be, in the largest size that needs no more. Length: at most {@value #ROW_CAP} rows are shown, then a line saying
 * how many more rows the exports hold (and the table's note says so above it). A table that fits on a page is kept
 * on one page; a longer one never leaves its total with fewer than two rows.
 */
final class PdfTables {
    private PdfTables() {}

    static final int ROW_CAP = 80;
    static final float FLOOR = 6.5f;
    private static final float[] PORTRAIT = {8f, 7.5f, 7f};
    private static final float[] LANDSCAPE = {8f, 7.5f, 7f, 6.5f};
    private static final int CELL_LINES = 3;
    private static final float TITLE = 11.5f;
    private static final float NOTE = 8f;
    private static final Rgb HEADER = Rgb.hex(0xe6ebf1);
    private static final Rgb STRIPE = Rgb.hex(0xf5f7f9);

    /** Cells as the PDF writes them: the plain value, a gap as a dash. */
    static String text(Value v) {
        return v instanceof Value.Missing ? "—" : v.plain();
    }

    static void draw(Table t, boolean primary, PdfPages p) throws IOException {
        if (t.isEmpty()) {
            empty(t, p);
            return;
        }
        List<List<Value>> rows = t.rows().subList(0, Math.min(ROW_CAP, t.rows().size()));
        int omitted = t.rows().size() - rows.size();
        Widths unit = Widths.of(t, rows, p);

        Choice choice = choose(unit, p);
        float size = choice.size();
        boolean landscape = choice.landscape();
        float available = p.contentWidth(landscape);
        List<List<Integer>> parts = choice.parts();

        String exports = primary ? "the CSV, XLSX and JSON exports" : "the XLSX and JSON exports";
        List<String> notes = new ArrayList<>();
        if (!t.description().isEmpty()) {
            notes.add(t.description());
        }
        if (omitted > 0) {
            notes.add("The PDF shows at most " + ROW_CAP + " rows of a table: here the first " + rows.size() + " of "
                    + t.rows().size() + "; every row is in " + exports + ".");
        }
        if (parts.size() > 1) {
            notes.add("Too wide for one page: shown in " + parts.size() + " parts, each repeating the first column ("
                    + t.columns().getFirst().label() + ").");
        }
        for (int k = 0; k < parts.size(); k++) {
            Part part = new Part(t, rows, omitted, exports, parts.get(k), size, landscape, k, parts.size());
            part.draw(p, unit, available, k == 0 ? notes : List.of());
        }
    }

    private static void empty(Table t, PdfPages p) throws IOException {
        float width = p.contentWidth();
        List<String> title = p.bold.wrap(t.title(), TITLE, width);
        List<String> note = p.regular.wrap(t.description().isEmpty() ? "No rows." : t.description(), 9, width);
        float height = title.size() * (TITLE + 4) + 4 + note.size() * 12 + 16;
        p.need(height);
        float y = p.y;
        for (String l : title) {
            y -= TITLE + 4;
            p.text(p.bold, TITLE, PdfPages.INK, p.left(), y + 2, l);
        }
        y -= 4;
        for (String l : note) {
            y -= 12;
            p.text(p.regular, 9, PdfPages.MUTED, p.left(), y + 2.5f, l);
        }
        p.y -= height;
    }

    /** How a table is set: the font size, the page's orientation, and its columns in one or more parts. */
    private record Choice(float size, boolean landscape, List<List<Integer>> parts) {}

    private static Choice choose(Widths unit, PdfPages p) {
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < unit.count(); c++) {
            all.add(c);
        }
        for (float s : PORTRAIT) {
            if (unit.total(s) <= p.contentWidth(false)) {
                return new Choice(s, false, List.of(all));
            }
        }
        float available = p.contentWidth(true);
        for (float s : LANDSCAPE) {
            if (unit.total(s) <= available) {
                return new Choice(s, true, List.of(all));
            }
        }
        // As few parts as the smallest size needs, set in the largest size that still needs no more.
        List<List<Integer>> greedy = pack(unit, FLOOR, available - unit.column(0, FLOOR));
        for (float s : LANDSCAPE) {
            List<List<Integer>> balanced = balanced(unit, s, available, greedy.size());
            if (balanced != null) {
                return new Choice(s, true, balanced);
            }
        }
        return new Choice(FLOOR, true, greedy);
    }

    /**
     * Columns after the first in at most {@code parts} parts as even in width as they can be, each with room for
     * the first column; null when they do not fit in that many parts at {@code size}.
     */
    private static List<List<Integer>> balanced(Widths unit, float size, float available, int parts) {
        float room = available - unit.column(0, size);
        float lo = 0;
        for (int c = 1; c < unit.count(); c++) {
            lo = Math.max(lo, unit.column(c, size));
        }
        if (lo > room || pack(unit, size, room).size() > parts) {
            return null;
        }
        float hi = room;
        for (int i = 0; i < 30; i++) {
            float mid = (lo + hi) / 2;
            if (pack(unit, size, mid).size() <= parts) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return pack(unit, size, hi);
    }

    /** Columns after the first, in order, in parts of at most {@code room} points; each part starts with column 0. */
    private static List<List<Integer>> pack(Widths unit, float size, float room) {
        List<List<Integer>> parts = new ArrayList<>();
        List<Integer> part = new ArrayList<>(List.of(0));
        float used = 0;
        for (int c = 1; c < unit.count(); c++) {
            float w = unit.column(c, size);
            if (used + w > room && part.size() > 1) {
                parts.add(part);
                part = new ArrayList<>(List.of(0));
                used = 0;
            }
            part.add(c);
            used += w;
        }
        parts.add(part);
        return parts;
    }

    /**
     * Column widths at 1 pt (text widths grow in proportion to the size, and so does the padding): {@code min} the
     * widest cell (a text column's capped, its cells wrap) and at least the header's longest word; {@code twoLines}
     * what keeps the header on two lines at most, {@code header} on one; {@code full} every cell on one line.
     */
    private record Widths(float[] min, float[] twoLines, float[] header, float[] full) {
        /** Room for rounding: a cell exactly as wide as its column must not wrap. */
        private static final float SLACK = 0.05f;

        static Widths of(Table t, List<List<Value>> rows, PdfPages p) throws IOException {
            int n = t.columns().size();
            float[] min = new float[n];
            float[] twoLines = new float[n];
            float[] header = new float[n];
            float[] full = new float[n];
            for (int c = 0; c < n; c++) {
                Column col = t.columns().get(c);
                float data = 0;
                for (List<Value> r : rows) {
                    data = Math.max(data, p.regular.width(text(r.get(c)), 1));
                }
                if (t.total().isPresent()) {
                    data = Math.max(data, p.bold.width(text(t.total().get().get(c)), 1));
                }
                String[] words = col.header().split(" ");
                float word = 0;
                for (String w : words) {
                    word = Math.max(word, p.bold.width(w, 1));
                }
                float two = p.bold.width(col.header(), 1);
                for (int cut = 1; cut < words.length; cut++) {
                    String a = String.join(" ", java.util.Arrays.asList(words).subList(0, cut));
                    String b = String.join(" ", java.util.Arrays.asList(words).subList(cut, words.length));
                    two = Math.min(two, Math.max(p.bold.width(a, 1), p.bold.width(b, 1)));
                }
                float cappedData = col.kind() == Column.Kind.TEXT ? Math.min(data, 18) : data;
                min[c] = Math.max(cappedData, word) + 2 * pad(1) + SLACK;
                twoLines[c] = Math.max(min[c], two + 2 * pad(1) + SLACK);
                header[c] = Math.max(min[c], p.bold.width(col.header(), 1) + 2 * pad(1) + SLACK);
                full[c] = Math.max(min[c], data + 2 * pad(1) + SLACK);
            }
            return new Widths(min, twoLines, header, full);
        }

        int count() {
            return min.length;
        }

        float column(int c, float size) {
            return min[c] * size;
        }

        float total(float size) {
            float sum = 0;
            for (float w : min) {
                sum += w * size;
            }
            return sum;
        }

        /**
         * Widths of {@code cols} at {@code size}, widened while room is left: first the headers that need least to
         * fit on two lines, then on one line, then text columns towards one-line cells.
         */
        float[] widths(List<Integer> cols, float size, float available) {
            float[] w = new float[cols.size()];
            float used = 0;
            for (int k = 0; k < cols.size(); k++) {
                w[k] = min[cols.get(k)] * size;
                used += w[k];
            }
            float extra = available - used;
            for (float[] target : List.of(twoLines, header)) {
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < cols.size(); k++) {
                    order.add(k);
                }
                order.sort(java.util.Comparator.comparingDouble(k -> target[cols.get(k)] * size - w[k]));
                for (int k : order) {
                    float want = target[cols.get(k)] * size - w[k];
                    if (want > 0 && want <= extra) {
                        w[k] += want;
                        extra -= want;
                    }
                }
            }
            for (int k = 0; k < cols.size() && extra > 0; k++) {
                float want = Math.min(full[cols.get(k)] * size - w[k], extra);
                if (want > 0) {
                    w[k] += want;
                    extra -= want;
                }
            }
            return w;
        }
    }

    private static float pad(float size) {
        return size * 0.45f;
    }

    /** One part of a table: all its columns, or a group of them after the first column. */
    private record Part(
            Table t,
            List<List<Value>> rows,
            int omitted,
            String exports,
            List<Integer> cols,
            float size,
            boolean landscape,
            int index,
            int count) {

        float lineHeight() {
            return size * 1.3f;
        }

        float padY() {
            return size * 0.32f;
        }

        void draw(PdfPages p, Widths unit, float available, List<String> notes) throws IOException {
            float[] w = unit.widths(cols, size, available);
            float tableWidth = 0;
            for (float x : w) {
                tableWidth += x;
            }
            String name = t.title() + (count > 1 ? " (part " + (index + 1) + " of " + count + ")" : "");
            List<String> title = p.bold.wrap(name, TITLE, available);
            List<String> noteLines = new ArrayList<>();
            for (String n : notes) {
                noteLines.addAll(p.regular.wrap(n, NOTE, available));
            }
            List<List<String>> header = header(p, w);
            float headerHeight = height(header);
            float titleHeight = title.size() * (TITLE + 4) + noteLines.size() * (NOTE + 3) + 6;
            List<List<List<String>>> rowCells = new ArrayList<>();
            float[] rowHeight = new float[rows.size()];
            float body = 0;
            for (int r = 0; r < rows.size(); r++) {
                rowCells.add(cells(p, rows.get(r), w, p.regular));
                rowHeight[r] = height(rowCells.get(r));
                body += rowHeight[r];
            }
            float moreHeight = omitted > 0 ? lineHeight() + 2 * padY() : 0;
            List<List<String>> totalCells =
                    t.total().isPresent() ? cells(p, t.total().get(), w, p.bold) : null;
            float totalHeight = totalCells == null ? 0 : height(totalCells) + 1;
            int n = rows.size();
            // The last two rows stay with the total: a page never starts with the total (or one row) alone.
            float tail = rowHeight[n - 1] + (n >= 2 ? rowHeight[n - 2] : 0) + moreHeight + totalHeight;
            float head = titleHeight + headerHeight;
            float whole = head + body + moreHeight + totalHeight;
            // A table that fits on a page is kept on one page; a longer one starts where three rows fit.
            float first = 0;
            for (int r = 0; r < Math.min(3, n); r++) {
                first += rowHeight[r];
            }
            p.need(whole <= p.contentHeight(landscape) || n <= 3 ? whole : head + first, landscape);
            if (!p.atTop()) {
                p.y -= 4;
            }
            for (String l : title) {
                p.y -= TITLE + 4;
                p.text(p.bold, TITLE, PdfPages.INK, p.left(), p.y + 2, l);
            }
            for (String l : noteLines) {
                p.y -= NOTE + 3;
                p.text(p.regular, NOTE, PdfPages.MUTED, p.left(), p.y + 2, l);
            }
            p.y -= 6;
            drawHeader(p, header, w, tableWidth);

            Set<String> gaps = new LinkedHashSet<>();
            for (int r = 0; r < n; r++) {
                float h = rowHeight[r];
                if (!p.fits(h) || (r == n - 2 && r > 0 && !p.fits(tail))) {
                    continued(p, name, header, w, tableWidth);
                }
                if (r % 2 == 1) {
                    p.fillRect(STRIPE, p.left(), p.y - h, tableWidth, h);
                }
                drawRow(p, rows.get(r), rowCells.get(r), w, p.regular, gaps);
                p.y -= h;
            }
            if (omitted > 0) {
                String more = "… and " + omitted + " more rows in " + exports;
                if (!p.fits(moreHeight)) {
                    continued(p, name, header, w, tableWidth);
                }
                p.text(p.regular, size, PdfPages.MUTED, p.left() + pad(size), p.y - padY() - size * 0.95f, more);
                p.y -= moreHeight;
            }
            if (totalCells != null) {
                if (!p.fits(totalHeight)) {
                    continued(p, name, header, w, tableWidth);
                }
                p.line(PdfPages.INK, 0.8f, p.left(), p.y, p.left() + tableWidth, p.y);
                p.y -= 1;
                drawRow(p, t.total().get(), totalCells, w, p.bold, gaps);
                p.y -= totalHeight - 1;
            } else {
                p.line(PdfPages.RULE, 0.5f, p.left(), p.y, p.left() + tableWidth, p.y);
            }
            if (!gaps.isEmpty()) {
                List<String> lines = p.regular.wrap("— no value: " + String.join("; ", gaps), NOTE, available);
                p.y -= 2;
                for (String l : lines) {
                    if (!p.fits(NOTE + 3)) {
                        p.newPage(landscape);
                    }
                    p.y -= NOTE + 3;
                    p.text(p.regular, NOTE, PdfPages.MUTED, p.left(), p.y + 2, l);
                }
            }
            p.y -= 16;
        }

        private void continued(PdfPages p, String name, List<List<String>> header, float[] w, float tableWidth)
                throws IOException {
            p.newPage(landscape);
            p.y -= 11;
            p.text(
                    p.bold,
                    8.5f,
                    PdfPages.MUTED,
                    p.left(),
                    p.y + 2,
                    p.bold.shorten(name + " (continued)", 8.5f, p.contentWidth()));
            p.y -= 4;
            drawHeader(p, header, w, tableWidth);
        }

        private List<List<String>> header(PdfPages p, float[] w) throws IOException {
            List<List<String>> lines = new ArrayList<>();
            for (int k = 0; k < cols.size(); k++) {
                String h = t.columns().get(cols.get(k)).header();
                lines.add(p.bold.wrap(h, size, w[k] - 2 * pad(size)));
            }
            return lines;
        }

        private List<List<String>> cells(PdfPages p, List<Value> row, float[] w, PdfFont f) throws IOException {
            List<List<String>> lines = new ArrayList<>();
            for (int k = 0; k < cols.size(); k++) {
                Column c = t.columns().get(cols.get(k));
                String s = text(row.get(cols.get(k)));
                float inner = w[k] - 2 * pad(size);
                lines.add(
                        c.kind() == Column.Kind.TEXT
                                ? f.wrap(s, size, inner, CELL_LINES)
                                : List.of(f.shorten(s, size, inner + 0.5f)));
            }
            return lines;
        }

        private float height(List<List<String>> cells) {
            int lines = 1;
            for (List<String> c : cells) {
                lines = Math.max(lines, c.size());
            }
            return lines * lineHeight() + 2 * padY();
        }

        private void drawHeader(PdfPages p, List<List<String>> header, float[] w, float tableWidth) throws IOException {
            float h = height(header);
            p.fillRect(HEADER, p.left(), p.y - h, tableWidth, h);
            float x = p.left();
            for (int k = 0; k < cols.size(); k++) {
                boolean right = t.columns().get(cols.get(k)).numeric();
                float base = p.y - padY() - size * 0.95f;
                for (String l : header.get(k)) {
                    if (right) {
                        p.textRight(p.bold, size, PdfPages.INK, x + w[k] - pad(size), base, l);
                    } else {
                        p.text(p.bold, size, PdfPages.INK, x + pad(size), base, l);
                    }
                    base -= lineHeight();
                }
                x += w[k];
            }
            p.y -= h;
            p.line(PdfPages.MUTED, 0.6f, p.left(), p.y, p.left() + tableWidth, p.y);
        }

        private void drawRow(
                PdfPages p, List<Value> row, List<List<String>> cells, float[] w, PdfFont f, Set<String> gaps)
                throws IOException {
            float x = p.left();
            for (int k = 0; k < cols.size(); k++) {
                Value v = row.get(cols.get(k));
                boolean right = t.columns().get(cols.get(k)).numeric();
                Rgb colour = PdfPages.INK;
                if (v instanceof Value.Missing m) {
                    colour = PdfPages.FAINT;
                    if (!m.why().isBlank()) {
                        gaps.add(m.why());
                    }
                }
                float base = p.y - padY() - size * 0.95f;
                for (String l : cells.get(k)) {
                    if (right) {
                        p.textRight(f, size, colour, x + w[k] - pad(size), base, l);
                    } else {
                        p.text(f, size, colour, x + pad(size), base, l);
                    }
                    base -= lineHeight();
                }
                x += w[k];
            }
        }
    }
}
