package io.gridscope.collectors.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.testsupport.SharedTestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenMetrics project's parser conformance suite: every case marked {@code shouldParse: true} parses and every
 * {@code false} case is rejected by the strict parser; read as Prometheus' scrape reads, a valid case gives no
 * warning and an invalid one is either refused for a rule Prometheus enforces too or ingested with a warning. The
 * suite is read from {@code <gridscope.shared.dir>/testdata/openmetrics}.
 */
class OpenMetricsSuiteTest {
    private static final Pattern SHOULD_PARSE = Pattern.compile("\"shouldParse\"\\s*:\\s*(true|false)");

    private static Path suite() {
        return SharedTestData.require("testdata/openmetrics/parsers");
    }

    private static List<Path> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(suite())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("test.json")))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void suiteHasAllIndexedCases() throws IOException {
        List<String> index = Files.readAllLines(suite().getParent().resolve("INDEX.tsv"));
        assertThat(cases()).hasSize(index.size() - 1).hasSizeGreaterThan(200);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseBehavesAsExpected() throws IOException {
        return cases().stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    String json = Files.readString(dir.resolve("test.json"));
                    Matcher m = SHOULD_PARSE.matcher(json);
                    assertThat(m.find()).as("shouldParse in %s", dir).isTrue();
                    boolean shouldParse = Boolean.parseBoolean(m.group(1));
                    ExpositionCheck.Outcome outcome;
                    try (InputStream in = Files.newInputStream(dir.resolve("metrics"))) {
                        outcome = ExpositionCheck.check(in, ExpositionFormat.OPENMETRICS);
                    }
                    if (shouldParse) {
                        assertThat(outcome)
                                .as("%s must parse", dir.getFileName())
                                .isInstanceOf(ExpositionCheck.Valid.class);
                    } else {
                        assertThat(outcome)
                                .as("%s must be rejected", dir.getFileName())
                                .isInstanceOf(ExpositionCheck.Invalid.class);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseReadAsPrometheusDoesFailsOrWarns() throws IOException {
        return cases().stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    Matcher m = SHOULD_PARSE.matcher(Files.readString(dir.resolve("test.json")));
                    assertThat(m.find()).isTrue();
                    boolean shouldParse = Boolean.parseBoolean(m.group(1));
                    CollectingHandler collected = new CollectingHandler();
                    ExpositionParseException refused = null;
                    try (InputStream in = Files.newInputStream(dir.resolve("metrics"))) {
                        new ExpositionParser(
                                        ExpositionFormat.OPENMETRICS,
                                        ExpositionParser.DEFAULT_MAX_LINE_BYTES,
                                        0,
                                        ExpositionParser.Strictness.PROMETHEUS)
                                .parse(in, collected);
                    } catch (ExpositionParseException e) {
                        refused = e;
                    }
                    if (shouldParse) {
                        assertThat(refused)
                                .as("%s must parse", dir.getFileName())
                                .isNull();
                        assertThat(collected.warnings().summary()).isEmpty();
                    } else if (refused != null) {
                        assertThat(refused.rule())
                                .as("%s: %s", dir.getFileName(), refused.getMessage())
                                .hasValueSatisfying(
                                        r -> assertThat(r.prometheusAccepts()).isFalse());
                    } else {
                        assertThat(collected.warnings().summary())
                                .as("%s is accepted only with a warning", dir.getFileName())
                                .isNotEmpty();
                    }
                }));
    }
}
