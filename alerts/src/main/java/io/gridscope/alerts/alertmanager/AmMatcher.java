package io.gridscope.alerts.alertmanager;

import java.util.Objects;

/**
 * One matcher of a silence: {@code name=value}, {@code name!=value}, {@code name=~regex} or {@code name!~regex}.
 * Servers older than 0.22 omit {@code isEqual}; it is then {@code true}.
 */
public record AmMatcher(String name, String value, boolean isRegex, boolean isEqual) {
    public AmMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** {@code name="value"}: the only kind an acknowledgement uses. */
    public static AmMatcher equal(String name, String value) {
        return new AmMatcher(name, value, false, true);
    }

    /** True for {@code name="value"} (neither a regex nor a negation). */
    public boolean isExactEquality() {
        return isEqual && !isRegex;
    }

    /** As amtool writes it: {@code name="value"}, {@code name!~"re"}. */
    @Override
    public String toString() {
        return name + (isEqual ? "" : "!") + (isRegex ? "~" : "=") + '"' + value.replace("\"", "\\\"") + '"';
    }
}
