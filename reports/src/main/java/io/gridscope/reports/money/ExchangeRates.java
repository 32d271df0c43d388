package io.gridscope.reports.money;

import io.gridscope.reports.config.AccountingConfig.ExchangeRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Converts money with the effective-dated rates the user set. A rate set one way is used the other way as its
 * inverse. No rate, no conversion: {@link MissingExchangeRateException}. Remembers the rates it used, so a report
 * can name them. Not thread-safe (one per report).
 */
public final class ExchangeRates {
    private final List<ExchangeRate> rates;
    private final Set<ExchangeRate> used = new LinkedHashSet<>();

    public ExchangeRates(List<ExchangeRate> rates) {
        this.rates = List.copyOf(rates);
    }

    /** {@code m} in {@code target} at {@code t}. */
    public Money convert(Money m, Currency target, Instant t) {
        if (m.currency().equals(target)) {
            return m;
        }
        return new Money(m.amount().multiply(rate(m.currency(), target, t), Money.CALC), target);
    }

    /** How many {@code to} one {@code from} is worth at {@code t}. */
    public BigDecimal rate(Currency from, Currency to, Instant t) {
        for (ExchangeRate r : rates) {
            if (r.effective().contains(t)) {
                if (r.from().equals(from) && r.to().equals(to)) {
                    used.add(r);
                    return r.rate();
                }
            }
        }
        for (ExchangeRate r : rates) {
            if (r.effective().contains(t) && r.from().equals(to) && r.to().equals(from)) {
                used.add(r);
                return BigDecimal.ONE.divide(r.rate(), Money.CALC);
            }
        }
        throw new MissingExchangeRateException(from, to, t);
    }

    public Set<ExchangeRate> used() {
        return Set.copyOf(used);
    }

    public List<ExchangeRate> usedInOrder() {
        return List.copyOf(used);
    }

    /** A figure in one currency was needed in another and no exchange rate covers the time. */
    public static final class MissingExchangeRateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MissingExchangeRateException(Currency from, Currency to, Instant t) {
            super("no exchange rate from " + from.getCurrencyCode() + " to " + to.getCurrencyCode() + " at " + t
                    + ": add an [[exchange_rate]] (from_currency = \"" + from.getCurrencyCode()
                    + "\", to_currency = \"" + to.getCurrencyCode() + "\", rate, from) to the accounting file,"
                    + " or report in " + from.getCurrencyCode());
        }
    }
}
