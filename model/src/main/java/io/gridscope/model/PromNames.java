package io.gridscope.model;

/**
 * The name rules of the Prometheus data model: metric names {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}. Checked by hand, not with a regular expression: they run for every scraped sample,
 * every label and every series id.
 */
public final class PromNames {
    private PromNames() {}

    public static boolean isMetricNameStart(char c) {
        return isLabelNameStart(c) || c == ':';
    }

    public static boolean isMetricNameChar(char c) {
        return isMetricNameStart(c) || isDigit(c);
    }

    public static boolean isLabelNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    public static boolean isLabelNameChar(char c) {
        return isLabelNameStart(c) || isDigit(c);
    }

    public static boolean isMetricName(String s) {
        if (s.isEmpty() || !isMetricNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isMetricNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isLabelName(String s) {
        if (s.isEmpty() || !isLabelNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isLabelNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
