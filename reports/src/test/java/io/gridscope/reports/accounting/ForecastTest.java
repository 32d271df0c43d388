package io.gridscope.reports.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastTest {
    static final LocalDate NOV = LocalDate.of(2026, 11, 1);
    static final LocalDate DEC = LocalDate.of(2026, 12, 1);

    static List<DailyPoint> days(LocalDate from, LocalDate to, java.util.function.Function<LocalDate, String> cost) {
        List<DailyPoint> out = new ArrayList<>();
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            out.add(new DailyPoint(
                    d, "team", Money.of(cost.apply(d), "EUR"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
        }
        return out;
    }

    @Test
    void earlyInThePeriodTheRunRateIsUsed() {
        // 5 days at 10 EUR: 50 spent, 10 a day × 30 days
        ZonedDateTime asOf = NOV.plusDays(5).atStartOfDay(ZoneOffset.UTC);
        var f = AccountingEngine.Forecast.of(
                NOV, DEC, asOf, Money.of("50", "EUR"), days(NOV, NOV.plusDays(5), d -> "10"));
        assertThat(f.amount().rounded()).isEqualByComparingTo("300.00");
        assertThat(f.method()).startsWith("run rate");
    }

    @Test
    void afterTwoWeeksTheWeekIsLearned() {
        // weekdays 100 EUR, weekends 0: 2026-11-01 is a Sunday
        var spentDays = days(NOV, NOV.plusDays(15), d -> d.getDayOfWeek().getValue() >= 6 ? "0" : "100");
        BigDecimal spent = spentDays.stream().map(d -> d.cost().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        ZonedDateTime asOf = NOV.plusDays(15).atStartOfDay(ZoneOffset.UTC);
        var f = AccountingEngine.Forecast.of(
                NOV, DEC, asOf, new Money(spent, java.util.Currency.getInstance("EUR")), spentDays);
        // Nov 16–30 hold 11 weekdays: 1,100 more, where a run rate would add 15 × spent/15
        assertThat(spent).isEqualByComparingTo("1000");
        assertThat(f.amount().rounded()).isEqualByComparingTo("2100.00");
        assertThat(f.method()).contains("same weekday");
    }
}
