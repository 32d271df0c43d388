package io.gridscope.console.ui.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AccountingFormatsTest {
    @Test
    void aChangeReadsAsPercentAndAmount() {
        assertThat(AccountingFormats.delta(Money.of("3173.33", "EUR"), Money.of("2833.33", "EUR")))
                .isEqualTo("+12 % (+340.00 EUR)");
        assertThat(AccountingFormats.delta(Money.of("95", "EUR"), Money.of("100", "EUR")))
                .isEqualTo("-5 % (-5.00 EUR)");
        assertThat(AccountingFormats.delta(Money.of("12", "EUR"), Money.of("0", "EUR")))
                .isEqualTo("new (+12.00 EUR)");
        assertThat(AccountingFormats.delta(new BigDecimal("11.5"), new BigDecimal("10"), "kgCO2e"))
                .isEqualTo("+15 % (+1.50 kgCO2e)");
    }

    @Test
    void moneyIsRoundedToTheCentHalfEvenNeverThroughADouble() {
        assertThat(AccountingFormats.amount(new Money(new BigDecimal("0.125"), java.util.Currency.getInstance("EUR"))))
                .isEqualTo("0.12");
        assertThat(AccountingFormats.amount(Money.of("1234567.895", "EUR"))).isEqualTo("1234567.90");
        assertThat(AccountingFormats.amount(Money.of("1234", "JPY"))).isEqualTo("1234");
    }

    @Test
    void coverageSaysHowMuchWasMeasuredAndNothingMeasuredIsNoData() {
        assertThat(AccountingFormats.coverage(1)).isEqualTo("100 %");
        assertThat(AccountingFormats.coverage(0.937)).isEqualTo("93 % measured");
        assertThat(AccountingFormats.coverage(0)).isEqualTo("no data");
        assertThat(AccountingFormats.partial(0.99)).isTrue();
    }

    @Test
    void figuresKeepTheirSmallDigits() {
        assertThat(AccountingFormats.energy(new BigDecimal("1234.56"))).isEqualTo("1,234.6");
        assertThat(AccountingFormats.energy(new BigDecimal("0.004"))).isEqualTo("0.00");
        assertThat(AccountingFormats.energy(new BigDecimal("3.256"))).isEqualTo("3.26");
    }

    @Test
    void aGpuIsNamedByTheStartOfItsUuid() {
        assertThat(AccountingFormats.group(
                        "GPU-22222222-0000-4000-8000-000000000001 (NVIDIA H100 80GB HBM3) on gpu-node-2"))
                .isEqualTo("GPU-22222222… (NVIDIA H100 80GB HBM3) on gpu-node-2");
        assertThat(AccountingFormats.group("nlp")).isEqualTo("nlp");
    }

    @Test
    void aPeriodNamesItsFirstAndLastDay() {
        assertThat(AccountingFormats.period(
                        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC))
                .isEqualTo("1 Jan 2026 – 31 Jan 2026");
    }
}
