package io.gridscope.alerts.rules;

import io.gridscope.model.Labels;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a rule's summary or description: {@code {{ $value }}} (the value that made it active, rounded to 4
 * significant digits), {@code {{ $threshold }}}, {@code {{ $percent }}} (the value × 100, with a no-break space and %), {@code {{ $labels.NAME }}} (empty when the label is absent). Anything
 * else between braces is left as written, so a typo shows instead of vanishing.
 */
public final class Template {
    private static final Pattern FIELD = Pattern.compile(
            "\\{\\{\\s*\\$(value|threshold|percent|context|labels\\.([a-zA-Z_][a-zA-Z0-9_]*)|context_labels\\.([a-zA-Z_][a-zA-Z0-9_]*))\\s*}}");

    private Template() {}

    public static String fill(String template, Labels labels, double value, double threshold) {
        return fill(template, labels, value, threshold, Double.NaN, Labels.EMPTY);
    }

    /**
     * As above, with the rule's context series: {@code {{ $context }}} is its value ("unknown" when it has none),
     * {@code {{ $context_labels.NAME }}} one of its labels.
     */
    public static String fill(
            String template, Labels labels, double value, double threshold, double context, Labels contextLabels) {
        if (template.indexOf("{{") < 0) {
            return template;
        }
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1).equals("context")) {
                replacement = Double.isNaN(context) ? "unknown" : significant(context);
            } else if (m.group(3) != null) {
                replacement = contextLabels.get(m.group(3)).orElse("");
            } else if (m.group(1).equals("percent")) {
                replacement = significant(value * 100) + "\u00a0%"; // no break between number and unit
            } else if (m.group(1).equals("value")) {
                replacement = significant(value);
            } else if (m.group(1).equals("threshold")) {
                replacement = significant(threshold);
            } else {
                replacement = labels.get(m.group(2)).orElse("");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The names a template refers to that are not fields, for the rules check. */
    public static java.util.List<String> unknownFields(String template) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher any = Pattern.compile("\\{\\{(.*?)}}").matcher(template);
        while (any.find()) {
            if (!FIELD.matcher(any.group()).matches()) {
                out.add(any.group());
            }
        }
        return out;
    }

    static String significant(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v); // as RuleText writes them; BigDecimal has no infinity
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }
}
