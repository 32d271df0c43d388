package io.gridscope.reports.document;

import java.io.IOException;
import java.util.Arrays;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.util.Matrix;

/**
 * The pages of a PDF report as they are filled from top to bottom: the current page (portrait or landscape), the
 * cursor {@link #y} (the top of what comes next, in points from the page's bottom), and the drawing the writer
 * does on the page (text in the embedded fonts, lines, rectangles). Footers are added once every page exists, so
 * they can say "page N of M".
 */
final class PdfPages implements AutoCloseable {
    static final float MARGIN_X = 42f;
    static final float MARGIN_TOP = 42f;
    static final float MARGIN_BOTTOM = 54f;

    /** A colour, each component 0 to 1. */
    record Rgb(float r, float g, float b) {
        static Rgb hex(int rgb) {
            return new Rgb(((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f);
        }
    }

    static final Rgb INK = Rgb.hex(0x1f2328);
    static final Rgb MUTED = Rgb.hex(0x57606a);
    static final Rgb FAINT = Rgb.hex(0x8c959f);
    static final Rgb RULE = Rgb.hex(0xd0d7de);
    static final Rgb ACCENT = Rgb.hex(0x2f5d8a);
    static final Rgb WHITE = new Rgb(1, 1, 1);

    private final PDDocument doc;
    private final Paper paper;
    final PdfFont regular;
    final PdfFont bold;
    private PDPage page;
    private PDPageContentStream cs;
    private boolean landscape;
    /** The top of the next thing drawn, in points from the bottom of the page. */
    float y;

    private Rgb fill;
    private Rgb stroke;
    private float lineWidth = -1;
    private float[] dash = new float[0];

    PdfPages(PDDocument doc, Paper paper, PdfFont regular, PdfFont bold) {
        this.doc = doc;
        this.paper = paper;
        this.regular = regular;
        this.bold = bold;
    }

    void newPage(boolean landscape) throws IOException {
        closeStream();
        this.landscape = landscape;
        page = new PDPage(
                landscape
                        ? new PDRectangle(paper.heightPoints(), paper.widthPoints())
                        : new PDRectangle(paper.widthPoints(), paper.heightPoints()));
        doc.addPage(page);
        open(new PDPageContentStream(doc, page));
        y = top();
    }

    private void open(PDPageContentStream stream) {
        cs = stream;
        fill = null;
        stroke = null;
        lineWidth = -1;
        dash = new float[0];
    }

    boolean landscape() {
        return landscape;
    }

    float left() {
        return MARGIN_X;
    }

    float right() {
        return page.getMediaBox().getWidth() - MARGIN_X;
    }

    float contentWidth() {
        return right() - left();
    }

    /** The content width of a page of the given orientation. */
    float contentWidth(boolean landscape) {
        return (landscape ? paper.heightPoints() : paper.widthPoints()) - 2 * MARGIN_X;
    }

    /** The height between the margins of a page of the given orientation. */
    float contentHeight(boolean landscape) {
        return (landscape ? paper.widthPoints() : paper.heightPoints()) - MARGIN_TOP - MARGIN_BOTTOM;
    }

    float top() {
        return page.getMediaBox().getHeight() - MARGIN_TOP;
    }

    float bottom() {
        return MARGIN_BOTTOM;
    }

    boolean fits(float height) {
        return y - height >= bottom();
    }

    boolean atTop() {
        return y >= top() - 0.01f;
    }

    /**
     * Makes room for {@code height} points on a page of the given orientation: a new page when this one is turned
     * the other way or has no room left (a block taller than a page starts at the top of a new one).
     */
    void need(float height, boolean landscape) throws IOException {
        if (this.landscape != landscape || (!fits(height) && !atTop())) {
            newPage(landscape);
        }
    }

    void need(float height) throws IOException {
        need(height, landscape);
    }

    PDPageContentStream stream() {
        return cs;
    }

    void fillColor(Rgb c) throws IOException {
        if (!c.equals(fill)) {
            cs.setNonStrokingColor(c.r(), c.g(), c.b());
            fill = c;
        }
    }

    void strokeColor(Rgb c) throws IOException {
        if (!c.equals(stroke)) {
            cs.setStrokingColor(c.r(), c.g(), c.b());
            stroke = c;
        }
    }

    void lineWidth(float w) throws IOException {
        if (w != lineWidth) {
            cs.setLineWidth(w);
            lineWidth = w;
        }
    }

    /** Dash pattern in points (on, off, …); none for a solid line. */
    void dash(float... pattern) throws IOException {
        if (!Arrays.equals(pattern, dash)) {
            cs.setLineDashPattern(pattern, 0);
            dash = pattern.clone();
        }
    }

    /** Text with its baseline at {@code baseline}, starting at {@code x}. */
    void text(PdfFont f, float size, Rgb c, float x, float baseline, String s) throws IOException {
        String t = f.safe(s);
        if (t.isBlank()) {
            return;
        }
        fillColor(c);
        cs.beginText();
        cs.setFont(f.pdf(), size);
        cs.newLineAtOffset(x, baseline);
        cs.showText(t);
        cs.endText();
    }

    /** Text ending at {@code right}. */
    void textRight(PdfFont f, float size, Rgb c, float right, float baseline, String s) throws IOException {
        text(f, size, c, right - f.width(s, size), baseline, s);
    }

    void textCentred(PdfFont f, float size, Rgb c, float centre, float baseline, String s) throws IOException {
        text(f, size, c, centre - f.width(s, size) / 2, baseline, s);
    }

    /** Text whose baseline starts at ({@code x}, {@code y}) and rises at {@code degrees} from the horizontal. */
    void textRotated(PdfFont f, float size, Rgb c, float x, float y, double degrees, String s) throws IOException {
        String t = f.safe(s);
        if (t.isBlank()) {
            return;
        }
        fillColor(c);
        cs.beginText();
        cs.setFont(f.pdf(), size);
        cs.setTextMatrix(Matrix.getRotateInstance(Math.toRadians(degrees), x, y));
        cs.showText(t);
        cs.endText();
    }

    void fillRect(Rgb c, float x, float y, float w, float h) throws IOException {
        fillColor(c);
        cs.addRect(x, y, w, h);
        cs.fill();
    }

    void strokeRect(Rgb c, float width, float x, float y, float w, float h) throws IOException {
        strokeColor(c);
        lineWidth(width);
        dash();
        cs.addRect(x, y, w, h);
        cs.stroke();
    }

    void line(Rgb c, float width, float x1, float y1, float x2, float y2) throws IOException {
        strokeColor(c);
        lineWidth(width);
        dash();
        cs.moveTo(x1, y1);
        cs.lineTo(x2, y2);
        cs.stroke();
    }

    /** Adds to every page a footer: a rule, {@code left} (the report and its period) and "page N of M". */
    void footers(String left) throws IOException {
        closeStream();
        int count = doc.getNumberOfPages();
        int n = 0;
        for (PDPage p : doc.getPages()) {
            n++;
            page = p;
            open(new PDPageContentStream(doc, p, PDPageContentStream.AppendMode.APPEND, true, true));
            float size = 7.5f;
            float base = MARGIN_BOTTOM - 28;
            line(RULE, 0.5f, left(), MARGIN_BOTTOM - 16, right(), MARGIN_BOTTOM - 16);
            String number = "page " + n + " of " + count;
            float numberWidth = regular.width(number, size);
            textRight(regular, size, MUTED, right(), base, number);
            text(regular, size, MUTED, left(), base, regular.shorten(left, size, contentWidth() - numberWidth - 24));
            closeStream();
        }
    }

    private void closeStream() throws IOException {
        if (cs != null) {
            PDPageContentStream c = cs;
            cs = null;
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeStream();
    }
}
