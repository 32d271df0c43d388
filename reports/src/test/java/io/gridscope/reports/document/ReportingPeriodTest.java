package io.gridscope.reports.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportingPeriodTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void monthsQuartersYearsAndDaysInTheAccountingTimeZone() {
        ReportingPeriod nov = ReportingPeriod.parse("2026-11", BERLIN);
        assertThat(nov.from()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(nov.to()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(nov.label()).isEqualTo("November 2026");
        assertThat(nov.token()).isEqualTo("2026-11");
        ReportingPeriod q4 = ReportingPeriod.parse("2026-q4", ZoneOffset.UTC);
        assertThat(q4.from()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(q4.to()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(q4.label()).isEqualTo("Q4 2026");
        assertThat(ReportingPeriod.parse("2026", ZoneOffset.UTC).to()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        ReportingPeriod day = ReportingPeriod.parse("2026-11-03", ZoneOffset.UTC);
        assertThat(day.to()).isEqualTo(Instant.parse("2026-11-04T00:00:00Z"));
        assertThat(day.token()).isEqualTo("2026-11-03");
    }

    @Test
    void relativePeriodsForUnattendedRuns() {
        Instant now = Instant.parse("2027-01-15T10:00:00Z");
        assertThat(ReportingPeriod.parse("last-month", ZoneOffset.UTC, now).token())
                .isEqualTo("2026-12");
        assertThat(ReportingPeriod.parse("this-month", ZoneOffset.UTC, now).token())
                .isEqualTo("2027-01");
        assertThat(ReportingPeriod.parse("last-quarter", ZoneOffset.UTC, now).token())
                .isEqualTo("2026-Q4");
        assertThat(ReportingPeriod.parse("this-quarter", ZoneOffset.UTC, now).token())
                .isEqualTo("2027-Q1");
        assertThat(ReportingPeriod.parse("last-year", ZoneOffset.UTC, now).token())
                .isEqualTo("2026");
        assertThat(ReportingPeriod.parse("yesterday", ZoneOffset.UTC, now).token())
                .isEqualTo("2027-01-14");
        // just after midnight in Berlin it is already the 1st there: last month is the one that just ended
        assertThat(ReportingPeriod.parse("last-month", BERLIN, Instant.parse("2026-11-30T23:30:00Z"))
                        .token())
                .isEqualTo("2026-11");
    }

    @Test
    void badPeriodsSayWhatIsAccepted() {
        assertThatThrownBy(() -> ReportingPeriod.parse("November", ZoneOffset.UTC))
                .hasMessageContaining("is not a month (2026-11)")
                .hasMessageContaining("last-month");
        assertThatThrownBy(() -> ReportingPeriod.parse("2026-13", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportingPeriod.parse("2026-Q5", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPeriodCutAtNowSaysWhereToTheSecond() {
        ReportingPeriod dec = ReportingPeriod.parse("2026-12", ZoneOffset.UTC)
                .endingAt(Instant.parse("2026-12-02T06:08:14.954777329Z"));
        assertThat(dec.to()).isEqualTo(Instant.parse("2026-12-02T06:08:14Z"));
        assertThat(dec.label()).isEqualTo("December 2026, to 2026-12-02 06:08 UTC");
        assertThat(dec.token()).isEqualTo("2026-12");
    }
}
