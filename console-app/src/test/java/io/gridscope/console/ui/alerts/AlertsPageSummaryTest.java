package io.gridscope.console.ui.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The alerts table's rows are one line high: a summary of several lines is shown on one, nothing dropped. */
class AlertsPageSummaryTest {
    @Test
    void aSummaryOfSeveralLinesIsShownOnOne() {
        assertThat(AlertsPage.oneLine("GPU 0 is hot")).isEqualTo("GPU 0 is hot");
        assertThat(AlertsPage.oneLine("GPU 0 is hot\n  throttling since 12:00\r\nfan at 100 %\n"))
                .isEqualTo("GPU 0 is hot · throttling since 12:00 · fan at 100 %");
        assertThat(AlertsPage.oneLine("a\rb")).isEqualTo("a · b");
    }
}
