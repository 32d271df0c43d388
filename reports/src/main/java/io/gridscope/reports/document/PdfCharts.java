package io.gridscope.reports.document;

import io.gridscope.reports.document.PdfPages.Rgb;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * Charts of a PDF report, drawn as vector graphics across the content width of a portrait page: a title, the y
 * axis' unit, round ticks with grid lines, the bars or lines, x labels thinned (or turned) so that none overlaps,
 * and a legend. A null value is a gap: no bar, a broken line.
 */
final class PdfCharts {
    private PdfCharts() {}

    /** Tableau 10: distinct hues that stay apart in print and for most colour vision. */
    static final List<Rgb> PALETTE = List.of(
            Rgb.hex(0x4e79a7),
            Rgb.hex(0xf28e2b),
            Rgb.hex(0xe15759),
            Rgb.hex(0x76b7b2),
            Rgb.hex(0x59a14f),
            Rgb.hex(0xedc948),
            Rgb.hex(0xb07aa1),
            Rgb.hex(0xff9da7),
            Rgb.hex(0x9c755f),
            Rgb.hex(0xbab0ac));

    private static final Rgb GRID = Rgb.hex(0xe3e7eb);
    private static final Rgb AXIS = Rgb.hex(0x6e7781);
    private static final Rgb LIMIT = Rgb.hex(0xb42318);
    private static final float PLOT_HEIGHT = 175f;
    private static final float TITLE = 11f;
    private static final float TICK = 7f;
    private static final float LEGEND = 7.5f;
    private static final float LEGEND_ROW = 12f;
    private static final float LABEL_GAP = 5f;
    private static final double TURN = 45;
    private static final float MAX_LABEL = 90f;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    /** The palette's colours, then (should there be more series) the same hues paler, so no two series match. */
    static Rgb colour(int series) {
        Rgb c = PALETTE.get(series % PALETTE.size());
        float pale = Math.min(0.7f, 0.4f * (series / PALETTE.size()));
        return new Rgb(c.r() + (1 - c.r()) * pale, c.g() + (1 - c.g()) * pale, c.b() + (1 - c.b()) * pale);
    }

    static void draw(Chart c, PdfPages p) throws IOException {
        float width = p.contentWidth(false);
        List<String> title = p.bold.wrap(c.title(), TITLE, width, 2);
        float titleHeight = title.size() * (TITLE + 3) + 2;
        if (c.isEmpty()) {
            p.need(titleHeight + 30, false);
            drawTitle(p, title);
            p.text(p.regular, 8.5f, PdfPages.MUTED, p.left(), p.y - titleHeight - 10, "No data to chart.");
            p.y -= titleHeight + 30;
            return;
        }
        Scale scale = scale(c);
        float tickWidth = 0;
        for (double t : scale.ticks()) {
            tickWidth = Math.max(tickWidth, p.regular.width(scale.label(t), TICK));
        }
        float plotLeft = PdfPages.MARGIN_X + tickWidth + 5;
        float plotWidth = PdfPages.MARGIN_X + width - plotLeft;
        XLabels x = xLabels(c.xLabels(), plotLeft, plotWidth, p.regular);
        List<List<Entry>> legend = legend(c, p.regular, width);
        float legendHeight = legend.isEmpty() ? 0 : 4 + legend.size() * LEGEND_ROW;
        float unitHeight = 14;
        String gapNote = gapNote(c);
        float height =
                titleHeight + unitHeight + PLOT_HEIGHT + x.height() + legendHeight + (gapNote.isEmpty() ? 0 : 12) + 16;
        p.need(height, false);
        drawTitle(p, title);
        float plotTop = p.y - titleHeight - unitHeight;
        float plotBottom = plotTop - PLOT_HEIGHT;
        Plot plot = new Plot(
                plotLeft, plotBottom, plotWidth, PLOT_HEIGHT, c.xLabels().size(), scale);
        p.text(p.regular, TICK, PdfPages.MUTED, p.left(), plotTop + 8, c.unit());
        for (double t : scale.ticks()) {
            float ty = plot.y(t);
            boolean zero = Math.abs(t) < scale.step() / 1e6;
            p.line(zero ? AXIS : GRID, zero ? 0.7f : 0.5f, plotLeft, ty, plotLeft + plotWidth, ty);
            p.textRight(p.regular, TICK, PdfPages.MUTED, plotLeft - 4, ty - 2.5f, scale.label(t));
        }
        switch (c.type()) {
            case STACKED_BARS, BARS -> bars(c, plot, p);
            case LINES -> lines(c, plot, p);
        }
        if (c.limit().isPresent()) {
            limit(c, plot, p);
        }
        drawXLabels(x, plot, p);
        float ly = plotBottom - x.height() - 4;
        for (List<Entry> row : legend) {
            float lx = p.left();
            for (Entry e : row) {
                drawSwatch(e, lx, ly - LEGEND_ROW / 2, p);
                p.text(p.regular, LEGEND, PdfPages.INK, lx + 18, ly - LEGEND_ROW / 2 - 2.6f, e.name());
                lx += e.width();
            }
            ly -= LEGEND_ROW;
        }
        if (!gapNote.isEmpty()) {
            p.text(p.regular, TICK, PdfPages.MUTED, p.left(), ly - 10, gapNote);
        }
        p.y -= height;
    }

    /**
     * What a reader is told when the chart has gaps (they are no value, not zero): a bar or segment without a value,
     * a line broken between two values. A line that starts late or ends early (a forecast, spending so far) is not.
     */
    private static String gapNote(Chart c) {
        if (c.type() != Chart.Type.LINES) {
            boolean gaps = c.series().stream().anyMatch(s -> s.values().contains(null));
            return gaps ? "A missing bar or segment is a gap in the data: no value, not a zero." : "";
        }
        for (Chart.Series s : c.series()) {
            int first = -1;
            int last = -1;
            for (int i = 0; i < s.values().size(); i++) {
                if (s.values().get(i) != null) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            for (int i = first + 1; first >= 0 && i < last; i++) {
                if (s.values().get(i) == null) {
                    return "A break in a line is a gap in the data: no value, not a zero.";
                }
            }
        }
        return "";
    }

    private static void drawTitle(PdfPages p, List<String> title) throws IOException {
        float ty = p.y;
        for (String line : title) {
            ty -= TITLE + 3;
            p.text(p.bold, TITLE, PdfPages.INK, p.left(), ty + 2, line);
        }
    }

    /** The plot area and how values map into it. */
    private record Plot(float left, float bottom, float width, float height, int count, Scale scale) {
        float slot() {
            return width / count;
        }

        float x(int i) {
            return left + (i + 0.5f) * slot();
        }

        float y(double v) {
            return bottom + (float) ((v - scale.lo()) / (scale.hi() - scale.lo())) * height;
        }
    }

    private static void bars(Chart c, Plot plot, PdfPages p) throws IOException {
        int n = c.xLabels().size();
        double[] up = new double[n];
        double[] down = new double[n];
        float slot = plot.slot();
        // Dense bars (a year of days) touch: gaps thinner than a pixel would only show as streaks.
        float barWidth = slot >= 4 ? slot * 0.72f : slot >= 2 ? slot * 0.8f : slot + 0.05f;
        PDPageContentStream cs = p.stream();
        for (int s = 0; s < c.series().size(); s++) {
            List<BigDecimal> values = c.series().get(s).values();
            p.fillColor(colour(s));
            boolean any = false;
            for (int i = 0; i < n; i++) {
                BigDecimal v = values.get(i);
                if (v == null || v.signum() == 0) {
                    continue;
                }
                double d = v.doubleValue();
                double from = d > 0 ? up[i] : down[i];
                double to = from + d;
                if (d > 0) {
                    up[i] = to;
                } else {
                    down[i] = to;
                }
                float y0 = plot.y(Math.min(from, to));
                float y1 = plot.y(Math.max(from, to));
                cs.addRect(plot.x(i) - barWidth / 2, y0, barWidth, Math.max(0.3f, y1 - y0));
                any = true;
            }
            if (any) {
                cs.fill();
            }
        }
    }

    private static void lines(Chart c, Plot plot, PdfPages p) throws IOException {
        PDPageContentStream cs = p.stream();
        cs.setLineJoinStyle(1);
        cs.setLineCapStyle(1);
        for (int s = 0; s < c.series().size(); s++) {
            Chart.Series series = c.series().get(s);
            Rgb colour = colour(s);
            List<List<float[]>> runs = new ArrayList<>();
            List<float[]> run = new ArrayList<>();
            for (int i = 0; i < series.values().size(); i++) {
                BigDecimal v = series.values().get(i);
                if (v == null) {
                    if (!run.isEmpty()) {
                        runs.add(run);
                        run = new ArrayList<>();
                    }
                    continue;
                }
                run.add(new float[] {plot.x(i), plot.y(v.doubleValue())});
            }
            if (!run.isEmpty()) {
                runs.add(run);
            }
            p.strokeColor(colour);
            p.lineWidth(1.4f);
            if (series.dashed()) {
                p.dash(4.5f, 2.5f);
            } else {
                p.dash();
            }
            for (List<float[]> r : runs) {
                if (r.size() == 1) {
                    // A value with gaps on both sides: a dot, not an invisible zero-length line.
                    p.fillRect(colour, r.getFirst()[0] - 1.4f, r.getFirst()[1] - 1.4f, 2.8f, 2.8f);
                    continue;
                }
                cs.moveTo(r.getFirst()[0], r.getFirst()[1]);
                for (float[] pt : r.subList(1, r.size())) {
                    cs.lineTo(pt[0], pt[1]);
                }
                cs.stroke();
            }
        }
        p.dash();
    }

    private static void limit(Chart c, Plot plot, PdfPages p) throws IOException {
        Chart.Limit l = c.limit().orElseThrow();
        float ly = plot.y(l.value().doubleValue());
        float right = plot.left() + plot.width();
        p.line(LIMIT, 1f, plot.left(), ly, right, ly);
        String label = l.label() + ": " + l.value().toPlainString() + (c.unit().isEmpty() ? "" : " " + c.unit());
        float w = p.regular.width(label, TICK);
        float base = ly + 7 + TICK > plot.bottom() + plot.height() ? ly - 9 : ly + 3;
        p.fillRect(PdfPages.WHITE, right - w - 4, base - 2, w + 4, TICK + 2.5f);
        p.textRight(p.regular, TICK, LIMIT, right - 2, base, label);
    }

    // ---- y scale ----

    /** Axis from {@code lo} to {@code hi} in round steps. */
    record Scale(double lo, double hi, double step, int decimals) {
        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            long n = Math.round((hi - lo) / step);
            for (long i = 0; i <= n; i++) {
                t.add(lo + i * step);
            }
            return t;
        }

        String label(double v) {
            if (Math.abs(v) < step / 1e6) {
                v = 0;
            }
            return BigDecimal.valueOf(v)
                    .setScale(decimals, RoundingMode.HALF_UP)
                    .toPlainString();
        }

        /**
         * Three to seven round steps (1, 2, 2.5 or 5 times a power of ten) from min (or 0) to max (or 0), the
         * tightest such axis.
         */
        static Scale of(double min, double max) {
            min = Math.min(0, min);
            max = Math.max(0, max);
            if (max - min < 1e-12) {
                max = min + 1;
            }
            int e0 = (int) Math.floor(Math.log10((max - min) / 5));
            Scale best = null;
            for (int e = e0 - 1; e <= e0 + 1; e++) {
                for (String nice : new String[] {"1", "2", "2.5", "5"}) {
                    double step = new BigDecimal(nice).scaleByPowerOfTen(e).doubleValue();
                    double lo = Math.floor(min / step + 1e-9) * step;
                    double hi = Math.ceil(max / step - 1e-9) * step;
                    long intervals = Math.round((hi - lo) / step);
                    if (intervals < 3 || intervals > 7) {
                        continue;
                    }
                    int decimals = Math.max(0, -e + (nice.equals("2.5") ? 1 : 0));
                    if (best == null || hi - lo < best.hi() - best.lo() - step * 1e-6) {
                        best = new Scale(lo, hi, step, decimals);
                    }
                }
            }
            return best;
        }
    }

    static Scale scale(Chart c) {
        double min = 0;
        double max = 0;
        int n = c.xLabels().size();
        if (c.type() == Chart.Type.STACKED_BARS) {
            for (int i = 0; i < n; i++) {
                double up = 0;
                double down = 0;
                for (Chart.Series s : c.series()) {
                    BigDecimal v = s.values().get(i);
                    if (v != null) {
                        if (v.signum() > 0) {
                            up += v.doubleValue();
                        } else {
                            down += v.doubleValue();
                        }
                    }
                }
                max = Math.max(max, up);
                min = Math.min(min, down);
            }
        } else {
            for (Chart.Series s : c.series()) {
                for (BigDecimal v : s.values()) {
                    if (v != null) {
                        max = Math.max(max, v.doubleValue());
                        min = Math.min(min, v.doubleValue());
                    }
                }
            }
        }
        if (c.limit().isPresent()) {
            max = Math.max(max, c.limit().get().value().doubleValue());
            min = Math.min(min, c.limit().get().value().doubleValue());
        }
        return Scale.of(min, max);
    }

    // ---- x labels ----

    /** The labels shown (index into the x labels and the text), whether they are turned, and the room they take. */
    record XLabels(List<Integer> at, List<String> text, boolean turned, float height) {}

    static XLabels xLabels(List<String> labels, float plotLeft, float plotWidth, PdfFont f) throws IOException {
        int n = labels.size();
        float slot = plotWidth / n;
        List<LocalDate> days = days(labels);
        if (days != null) {
            // Days: every day, every 2nd, 3rd, week, fortnight; then month starts, every 2, 3, 6 months; years.
            for (int step : new int[] {1, 2, 3, 7, 14}) {
                List<Integer> at = new ArrayList<>();
                List<String> text = new ArrayList<>();
                for (int i = 0; i < n; i += step) {
                    at.add(i);
                    text.add(days.get(i).format(n <= 3 ? DateTimeFormatter.ISO_LOCAL_DATE : DAY));
                }
                if (fitsFlat(at, text, plotLeft, slot, n, f)) {
                    return new XLabels(at, text, false, TICK + 8);
                }
            }
            for (int months : new int[] {1, 2, 3, 6, 12}) {
                List<Integer> at = new ArrayList<>();
                List<String> text = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    LocalDate d = days.get(i);
                    if (d.getDayOfMonth() == 1 && (d.getMonthValue() - 1) % months == 0) {
                        at.add(i);
                        boolean year = text.isEmpty() || d.getMonthValue() == 1;
                        text.add(months == 12 ? String.valueOf(d.getYear()) : d.format(year ? MONTH_YEAR : MONTH));
                    }
                }
                if (!at.isEmpty() && fitsFlat(at, text, plotLeft, slot, n, f)) {
                    return new XLabels(at, text, false, TICK + 8);
                }
            }
        }
        List<String> shortened = new ArrayList<>();
        for (String l : labels) {
            shortened.add(f.shortenMiddle(l, TICK, MAX_LABEL));
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        if (fitsFlat(all, shortened, plotLeft, slot, n, f)) {
            return new XLabels(all, shortened, false, TICK + 8);
        }
        // Turned 45°: neighbours need about 1.6 font sizes between them, measured along the axis; a label reaches
        // down and to the left of its bar, no further left than the chart.
        int step = Math.max(1, (int) Math.ceil(TICK * 1.6f / slot));
        double cos = Math.cos(Math.toRadians(TURN));
        List<Integer> at = new ArrayList<>();
        List<String> text = new ArrayList<>();
        float widest = 0;
        for (int i = 0; i < n; i += step) {
            float room = (float) ((plotLeft + (i + 0.5f) * slot - PdfPages.MARGIN_X) / cos);
            String s = f.shortenMiddle(labels.get(i), TICK, Math.min(MAX_LABEL, room));
            at.add(i);
            text.add(s);
            widest = Math.max(widest, f.width(s, TICK));
        }
        float height = (float) (widest * Math.sin(Math.toRadians(TURN))) + TICK + 8;
        return new XLabels(at, text, true, height);
    }

    private static List<LocalDate> days(List<String> labels) {
        List<LocalDate> days = new ArrayList<>();
        for (String l : labels) {
            try {
                days.add(LocalDate.parse(l));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return days;
    }

    /** Whether the labels, centred under their bars (kept inside the chart), leave a gap between neighbours. */
    private static boolean fitsFlat(List<Integer> at, List<String> text, float plotLeft, float slot, int n, PdfFont f)
            throws IOException {
        float previousEnd = Float.NEGATIVE_INFINITY;
        float plotRight = plotLeft + slot * n;
        for (int k = 0; k < at.size(); k++) {
            float w = f.width(text.get(k), TICK);
            float centre = plotLeft + (at.get(k) + 0.5f) * slot;
            float start = Math.min(Math.max(PdfPages.MARGIN_X, centre - w / 2), plotRight - w);
            if (start < previousEnd + LABEL_GAP) {
                return false;
            }
            previousEnd = start + w;
        }
        return true;
    }

    private static void drawXLabels(XLabels x, Plot plot, PdfPages p) throws IOException {
        float axis = plot.bottom();
        float chartLeft = PdfPages.MARGIN_X;
        float chartRight = plot.left() + plot.width();
        for (int k = 0; k < x.at().size(); k++) {
            float centre = plot.x(x.at().get(k));
            String t = x.text().get(k);
            p.line(AXIS, 0.5f, centre, axis, centre, axis - 2.5f);
            if (x.turned()) {
                float w = p.regular.width(t, TICK);
                double r = Math.toRadians(TURN);
                float endX = centre + TICK * 0.3f;
                float endY = axis - 4 - TICK * 0.55f;
                p.textRotated(
                        p.regular,
                        TICK,
                        PdfPages.INK,
                        endX - (float) (w * Math.cos(r)),
                        endY - (float) (w * Math.sin(r)),
                        TURN,
                        t);
            } else {
                float w = p.regular.width(t, TICK);
                float start = Math.min(Math.max(chartLeft, centre - w / 2), chartRight - w);
                p.text(p.regular, TICK, PdfPages.INK, start, axis - 4 - TICK, t);
            }
        }
    }

    // ---- legend ----

    private record Entry(String name, Rgb colour, boolean line, boolean dashed, float width) {}

    private static List<List<Entry>> legend(Chart c, PdfFont f, float width) throws IOException {
        List<List<Entry>> rows = new ArrayList<>();
        if (c.type() == Chart.Type.BARS) {
            return rows;
        }
        List<Entry> row = new ArrayList<>();
        float used = 0;
        for (int s = 0; s < c.series().size(); s++) {
            Chart.Series series = c.series().get(s);
            String name = f.shortenMiddle(series.name(), LEGEND, 160);
            float w = 18 + f.width(name, LEGEND) + 14;
            if (used + w > width && !row.isEmpty()) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(new Entry(name, colour(s), c.type() == Chart.Type.LINES, series.dashed(), w));
            used += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static void drawSwatch(Entry e, float x, float centreY, PdfPages p) throws IOException {
        if (!e.line()) {
            p.fillRect(e.colour(), x, centreY - 4, 12, 8);
            return;
        }
        p.strokeColor(e.colour());
        p.lineWidth(1.6f);
        if (e.dashed()) {
            p.dash(4.5f, 2.5f);
        } else {
            p.dash();
        }
        p.stream().moveTo(x, centreY);
        p.stream().lineTo(x + 14, centreY);
        p.stream().stroke();
        p.dash();
    }
}
