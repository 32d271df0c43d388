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
        // 12 significant digits: 0.95 - 0.05 reads 0.9, not 0.8999999999999999
        return new BigDecimal(v)
                .round(new java.math.MathContext(12))
                .stripTrailingZeros()
                .toPlainString();
    }
}
