package io.gridscope.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridscope.model.Labels;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the alert rule file reader: any text is a rule set whose problems name their line
 * (the reader never throws for the content), and every rule it keeps describes itself and fills its texts. {@code
 * mvn verify} replays the corpus in {@code RuleFileFuzzTestInputs/}; {@code bench/fuzz/run.sh} fuzzes.
 */
class RuleFileFuzzTest {
    private static final Path FILE = Path.of("alerts.toml");

    @FuzzTest(maxDuration = "10s")
    void anyTextIsARuleSetWithItsProblems(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        RuleSet set = RuleFile.parse(text, FILE);
        for (RuleProblem p : set.problems()) {
            assertThat(p.line()).isNotNegative();
            assertThat(p.toString()).isNotBlank();
        }
        Labels labels = Labels.of("host", "h1", "gpu_uuid", "GPU-1");
        for (Rule r : set.rules()) {
            assertThat(r.condition().describe()).isNotBlank();
            assertThat(r.toString()).isNotNull();
            Template.fill(r.summary(), labels, 1.5, 2.5);
            Template.fill(r.description(), labels, Double.NaN, Double.POSITIVE_INFINITY);
        }
    }

    /** How thresholds are written back: never an exponent, and read back within 12 significant digits. */
    @FuzzTest(maxDuration = "10s")
    void everyNumberIsWrittenPlainAndReadsBack(double v) {
        String text = RuleText.number(v);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            assertThat(Double.compare(Double.parseDouble(text), v)).as(text).isZero(); // NaN != NaN with ==
            return;
        }
        assertThat(text).doesNotContain("E").doesNotContain("e");
        double back = Double.parseDouble(text);
        if (v == 0) {
            assertThat(back).isZero();
            return;
        }
        BigDecimal error = new BigDecimal(back).subtract(new BigDecimal(v)).abs();
        assertThat(error.compareTo(new BigDecimal(v).abs().movePointLeft(11)))
                .as("%s written as %s", v, text)
                .isLessThanOrEqualTo(0);
    }
}
