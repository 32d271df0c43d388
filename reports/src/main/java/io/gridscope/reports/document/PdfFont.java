package io.gridscope.reports.document;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * One embedded font of a PDF report (DejaVu Sans, shipped with the module under its licence, subset on save), with
 * what the writer needs around it: text the font cannot show is replaced (never an exception while writing), widths
 * for layout, wrapping and shortening to a width.
 */
final class PdfFont {
    static final String REGULAR = "DejaVuSans.ttf";
    static final String BOLD = "DejaVuSans-Bold.ttf";
    private static final String FONTS = "/io/gridscope/reports/fonts/";

    private final PDType0Font font;
    private final Map<Integer, Boolean> shows = new HashMap<>();
    private final String replacement;

    private PdfFont(PDType0Font font) throws IOException {
        this.font = font;
        this.replacement = shows(0xFFFD) ? "\uFFFD" : "?";
    }

    static PdfFont load(PDDocument doc, String file) throws IOException {
        try (InputStream in = PdfFont.class.getResourceAsStream(FONTS + file)) {
            if (in == null) {
                throw new IOException("font " + FONTS + file + " is missing from the reports module");
            }
            return new PdfFont(PDType0Font.load(doc, in, true));
        }
    }

    PDType0Font pdf() {
        return font;
    }

    /**
     * {@code s} as this font can show it: line breaks and tabs become spaces, other control and format characters
     * are dropped, and a character without a glyph becomes the replacement character (U+FFFD, or "?").
     */
    String safe(String s) throws IOException {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            String keep;
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                keep = " ";
            } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                keep = shows(cp) && !Character.isISOControl(cp) ? null : "";
            } else {
                keep = shows(cp) ? null : replacement;
            }
            if (keep != null && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(keep != null ? keep : s.substring(i, i + n));
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }

    private boolean shows(int cp) throws IOException {
        Boolean known = shows.get(cp);
        if (known == null) {
            try {
                font.encode(new String(Character.toChars(cp)));
                known = true;
            } catch (IllegalArgumentException e) {
                // PDFBox's answer for a character the font has no glyph for.
                known = false;
            }
            shows.put(cp, known);
        }
        return known;
    }

    /** Width of {@code s} at {@code size} points, in points. */
    float width(String s, float size) throws IOException {
        return font.getStringWidth(safe(s)) / 1000f * size;
    }

    /** {@code s} in lines no wider than {@code max}: broken at spaces, a word longer than a line broken anywhere. */
    List<String> wrap(String s, float size, float max) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : safe(s).strip().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(candidate, size) <= max) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (width(rest, size) > max) {
                int cut = fitting(rest, size, max);
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@link #wrap} keeping at most {@code maxLines}, the last one shortened with "…" when text was left out. */
    List<String> wrap(String s, float size, float max, int maxLines) throws IOException {
        List<String> lines = wrap(s, size, max);
        if (lines.size() <= maxLines) {
            return lines;
        }
        List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
        kept.set(maxLines - 1, shorten(kept.get(maxLines - 1) + " " + lines.get(maxLines), size, max));
        return kept;
    }

    /** {@code s}, or as much of it as fits in {@code max} followed by "…". */
    String shorten(String s, float size, float max) throws IOException {
        String t = safe(s);
        if (width(t, size) <= max) {
            return t;
        }
        for (int cut = t.length() - 1; cut > 0; cut--) {
            if (Character.isLowSurrogate(t.charAt(cut))) {
                continue;
            }
            String c = t.substring(0, cut).stripTrailing() + "…";
            if (width(c, size) <= max) {
                return c;
            }
        }
        return "…";
    }

    /**
     * {@code s}, or its start and its end around "…" so that it fits in {@code max}: for names that differ at the
     * end ("gpu-node-3.cluster/0", "gpu-node-3.cluster/1").
     */
    String shortenMiddle(String s, float size, float max) throws IOException {
        String t = safe(s);
        if (width(t, size) <= max) {
            return t;
        }
        int[] cps = t.codePoints().toArray();
        for (int keep = cps.length - 1; keep > 0; keep--) {
            int tail = keep / 2;
            int head = keep - tail;
            String c = new String(cps, 0, head) + "…" + new String(cps, cps.length - tail, tail);
            if (width(c, size) <= max) {
                return c;
            }
        }
        return "…";
    }

    /** How many chars of {@code s} fit in {@code max} (at least one code point, so wrapping always advances). */
    private int fitting(String s, float size, float max) throws IOException {
        int cut = s.offsetByCodePoints(0, 1);
        while (cut < s.length()) {
            int next = s.offsetByCodePoints(cut, 1);
            if (width(s.substring(0, next), size) > max) {
                break;
            }
            cut = next;
        }
        return cut;
    }
}
