package io.gridscope.reports.accounting;

import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;

/** One group's figures on one day (in the accounting time zone), for the stacked charts. */
public record DailyPoint(
        LocalDate day,
        String group,
        Money cost,
        BigDecimal itKwh,
        BigDecimal operationalGrams,
        BigDecimal embodiedGrams) {}
