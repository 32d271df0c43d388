package io.gridscope.collectors.prometheus.exposition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warnings of one parse, kept small enough to show on a source's status: the first occurrence of each rule and
 * how often it recurred, whatever the payload's size. Not thread-safe: one per parse.
 */
public final class ExpositionWarnings {
    /** Most rules {@link #summary()} lists; the rest are counted in one last line. */
    public static final int MAX_LISTED = 5;
    /** Longest line of {@link #summary()}, in characters. */
    public static final int MAX_LINE_CHARS = 300;

    private final Map<ExpositionRule, First> byRule = new LinkedHashMap<>();
    private long total;

    private static final class First {
        final ExpositionWarning warning;
        long count;

        First(ExpositionWarning warning) {
            this.warning = warning;
        }
    }

    public void add(ExpositionWarning warning) {
        total++;
        byRule.computeIfAbsent(warning.rule(), r -> new First(warning)).count++;
    }

    /** Warnings reported, repeats included. */
    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /**
     * At most {@link #MAX_LISTED} + 1 lines of at most {@link #MAX_LINE_CHARS} characters: per rule, in the order
     * first met, its first occurrence and the number of others; then, if more rules were broken, one line counting
     * them.
     */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        long unlisted = 0;
        int rules = 0;
        for (First f : byRule.values()) {
            if (rules++ >= MAX_LISTED) {
                unlisted += f.count;
                continue;
            }
            String more = f.count > 1 ? " (" + (f.count - 1) + " more like it)" : "";
            out.add(bounded(f.warning.message(), MAX_LINE_CHARS - more.length()) + more);
        }
        if (unlisted > 0) {
            out.add(unlisted + " more warning" + (unlisted == 1 ? "" : "s") + " of " + (rules - MAX_LISTED)
                    + " other kind" + (rules - MAX_LISTED == 1 ? "" : "s"));
        }
        return List.copyOf(out);
    }

    /** {@code text} cut to {@code max} characters, the cut marked with an ellipsis. */
    public static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }
}
