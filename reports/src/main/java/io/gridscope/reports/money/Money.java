package io.gridscope.reports.money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one ISO 4217 currency. Amounts keep their full precision through every calculation
 * ({@link #CALC}: 34 significant digits); only {@link #rounded()} rounds, to the currency's minor unit (cents),
 * half-even, when a figure is shown or written.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {
    /** Precision of every intermediate calculation. */
    public static final MathContext CALC = MathContext.DECIMAL128;

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currency));
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount, CALC), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount, CALC), currency);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor, CALC), currency);
    }

    public Money dividedBy(BigDecimal divisor) {
        return new Money(amount.divide(divisor, CALC), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    /** Rounded to the currency's minor unit (2 digits for EUR and USD, 0 for JPY), half-even. */
    public BigDecimal rounded() {
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        return amount.setScale(digits, RoundingMode.HALF_EVEN);
    }

    /** "1234.57 EUR": the rounded amount and the currency code. */
    public String format() {
        return rounded().toPlainString() + " " + currency.getCurrencyCode();
    }

    @Override
    public int compareTo(Money o) {
        requireSameCurrency(o);
        return amount.compareTo(o.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency.getCurrencyCode() + " with "
                    + other.currency.getCurrencyCode() + " without an exchange rate");
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
