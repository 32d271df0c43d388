package io.gridscope.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pages' order in the sidebar and their Ctrl+digit shortcuts. */
class PageTest {
    @Test
    void everyPageHasADigitOfItsOwnAndReportsTookTheFreeOne() {
        assertThat(Arrays.stream(Page.values()).map(Page::shortcutDigit).distinct())
                .hasSize(Page.values().length);
        assertThat(Page.values())
                .extracting(Page::shortcutDigit)
                .as("the digits pages had before Reports came are theirs still")
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 0, 8, 9);
        assertThat(Page.SETTINGS.shortcutDigit()).isEqualTo(9);
        assertThat(Page.REPORTS.shortcutDigit()).isZero();
        List<Page> order = List.of(Page.values());
        assertThat(order.indexOf(Page.REPORTS)).isEqualTo(order.indexOf(Page.CARBON) + 1);
    }
}
