package io.gridscope.reports.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Currency;

/**
 * Coverage-guided fuzzing of the accounting file reader: any text is either a configuration or a {@link
 * ConfigException} naming each problem's line and field, never an unchecked exception. {@code mvn verify} replays
 * the corpus in {@code AccountingFileFuzzTestInputs/}; {@code bench/fuzz/run.sh} fuzzes.
 */
class AccountingFileFuzzTest {
    private static final Path FILE = Path.of("accounting.toml");

    @FuzzTest(maxDuration = "10s")
    void anyTextIsAConfigurationOrItsProblems(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        AccountingConfig config;
        try {
            config = AccountingFile.parse(text, FILE, Currency.getInstance("EUR"));
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty();
            for (ConfigException.Problem p : e.problems()) {
                assertThat(p.line()).isNotNegative();
                assertThat(p.format()).startsWith(FILE.toString());
            }
            return;
        }
        assertThat(config).isNotNull();
        assertThat(config.toString()).isNotNull();
    }
}
