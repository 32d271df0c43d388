package io.gridscope.alerts.rules;

import io.gridscope.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * A metric name with label matchers, written as in PromQL: {@code gpu_temperature_celsius{host="gpu-01",
 * gpu_uuid=~"GPU-.*"}}. {@link #parse} reads that text and says what is wrong with it.
 */
public record Selector(String metric, List<Matcher> matchers) {
    public Selector {
        matchers = List.copyOf(matchers);
    }

    public static Selector of(String metric, Matcher... matchers) {
        return new Selector(metric, List.of(matchers));
    }

    public boolean matches(String metricName, Labels labels) {
        if (!metric.equals(metricName)) {
            return false;
        }
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The labels fixed by equality matchers: what an "absent" alert can say about the series it misses. */
    public Labels equalityLabels() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (Matcher x : matchers) {
            if (x.op() == Matcher.Op.EQ && !x.value().isEmpty()) {
                m.put(x.name(), x.value());
            }
        }
        return Labels.of(m);
    }

    @Override
    public String toString() {
        if (matchers.isEmpty()) {
            return metric;
        }
        StringBuilder sb = new StringBuilder(metric).append('{');
        for (int i = 0; i < matchers.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(matchers.get(i));
        }
        return sb.append('}').toString();
    }

    /** @throws IllegalArgumentException naming what is wrong and where in the text */
    public static Selector parse(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
            i++;
        }
        String metric = s.substring(0, i);
        if (metric.isEmpty() || Character.isDigit(metric.charAt(0))) {
            throw new IllegalArgumentException("'" + text + "' does not start with a metric name");
        }
        List<Matcher> matchers = new ArrayList<>();
        if (i == s.length()) {
            return new Selector(metric, matchers);
        }
        if (s.charAt(i) != '{' || !s.endsWith("}")) {
            throw new IllegalArgumentException("'" + text + "': after the metric name, label matchers go in { }");
        }
        int pos = i + 1;
        int end = s.length() - 1;
        while (true) {
            pos = skipSpaces(s, pos);
            if (pos >= end) {
                break;
            }
            int nameStart = pos;
            while (pos < end && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String name = s.substring(nameStart, pos);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "': a label name is expected at column " + (pos + 1));
            }
            pos = skipSpaces(s, pos);
            Matcher.Op op;
            if (s.startsWith("=~", pos)) {
                op = Matcher.Op.RE;
            } else if (s.startsWith("!~", pos)) {
                op = Matcher.Op.NRE;
            } else if (s.startsWith("!=", pos)) {
                op = Matcher.Op.NE;
            } else if (s.startsWith("=", pos)) {
                op = Matcher.Op.EQ;
            } else {
                throw new IllegalArgumentException(
                        "'" + text + "': label " + name + " needs =, !=, =~ or !~ at column " + (pos + 1));
            }
            pos = skipSpaces(s, pos + op.symbol().length());
            if (pos >= end || s.charAt(pos) != '"') {
                throw new IllegalArgumentException(
                        "'" + text + "': the value of label " + name + " must be in double quotes");
            }
            StringBuilder value = new StringBuilder();
            pos++;
            boolean closed = false;
            while (pos < end) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < end) {
                    char n = s.charAt(pos++);
                    value.append(n == 'n' ? '\n' : n);
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    value.append(c);
                }
            }
            if (!closed) {
                throw new IllegalArgumentException("'" + text + "': the value of label " + name + " is not closed");
            }
            try {
                matchers.add(Matcher.of(name, op, value.toString()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "'" + text + "': label " + name + ": not a regular expression: " + e.getDescription());
            }
            pos = skipSpaces(s, pos);
            if (pos < end) {
                if (s.charAt(pos) != ',') {
                    throw new IllegalArgumentException(
                            "'" + text + "': matchers are separated by commas (column " + (pos + 1) + ")");
                }
                pos++;
            }
        }
        return new Selector(metric, matchers);
    }

    private static int skipSpaces(String s, int pos) {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        return pos;
    }
}
