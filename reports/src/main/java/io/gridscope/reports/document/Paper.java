package io.gridscope.reports.document;

import java.util.Locale;

/** Page size of a PDF report. */
public enum Paper {
    A4(595.2756f, 841.8898f),
    LETTER(612f, 792f);

    private final float widthPoints;
    private final float heightPoints;

    Paper(float widthPoints, float heightPoints) {
        this.widthPoints = widthPoints;
        this.heightPoints = heightPoints;
    }

    public float widthPoints() {
        return widthPoints;
    }

    public float heightPoints() {
        return heightPoints;
    }

    public static Paper parse(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "a4" -> A4;
            case "letter" -> LETTER;
            default -> throw new IllegalArgumentException("paper a4 or letter; got " + s);
        };
    }
}
