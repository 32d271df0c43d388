package io.gridscope.alerts.rules;

import java.math.BigDecimal;

/** How rule values are written back in descriptions and the rules file: no exponent, no trailing zeros. */
public final class RuleText {
    private RuleText() {}

    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
