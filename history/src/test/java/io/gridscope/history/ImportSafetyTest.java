package io.gridscope.history;

import static io.gridscope.history.ImportTestData.DAY;
import static io.gridscope.history.ImportTestData.HOUR;
import static io.gridscope.history.ImportTestData.START;
import static io.gridscope.history.ImportTestData.allRows;
import static io.gridscope.history.ImportTestData.collectLive;
import static io.gridscope.history.ImportTestData.contents;
import static io.gridscope.history.ImportTestData.energy;
import static io.gridscope.history.ImportTestData.importAll;
import static io.gridscope.history.ImportTestData.open;
import static io.gridscope.history.ImportTestData.power;
import static io.gridscope.history.ImportTestData.recording;
import static io.gridscope.history.TestSeries.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotency, atomicity, exclusivity and the input an import refuses. */
class ImportSafetyTest {
    @TempDir
    Path tmp;

    private Path dir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    private static List<Sample> samples(long seed, int series, long start, long span) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            out.addAll(recording(i % 2 == 0 ? energy(i) : power(i), r, start, span));
        }
        return out;
    }

    @Test
    void importingTheSameSamplesTwiceLeavesExactlyTheSameRows() throws Exception {
        Path dir = dir("twice");
        // some collected data too, and samples older than the raw retention (kept as rollups after the first run)
        collectLive(dir, samples(1, 4, NOW - 2 * HOUR, HOUR));
        List<Sample> input = samples(2, 10, NOW - 9 * DAY, 8 * DAY);
        ImportSummary first = importAll(dir, input);
        assertThat(first.samplesImported()).isEqualTo(input.size());
        List<String> after = allRows(dir);

        ImportSummary second = importAll(dir, input);

        assertThat(allRows(dir)).isEqualTo(after);
        assertThat(second.samplesImported()).isZero();
        assertThat(second.seriesNew() + second.seriesExisting()).isZero();
        assertThat(second.conflicts()).isZero();
        // the part still raw is recognised sample by sample; the part kept as rollups only is left as it is
        assertThat(second.duplicates() + second.inRollupOnlyPeriods()).isEqualTo(input.size());
        assertThat(second.duplicates()).isPositive();
        assertThat(second.inRollupOnlyPeriods()).isPositive();
    }

    @Test
    void aDifferentValueAtAStoredTimeIsCountedWithItsLineAndTheStoredValueKept() throws Exception {
        Path dir = dir("conflict");
        SeriesId temp = SeriesId.gauge("gpu_temperature_celsius", Unit.CELSIUS, Labels.of("gpu_uuid", "GPU-1"));
        long t = NOW - HOUR;
        collectLive(dir, List.of(new Sample(temp, t, 60), new Sample(temp, t + 1000, 61)));
        ImportSummary s;
        try (HistoryImport imp = open(dir)) {
            imp.add(new Sample(temp, t - 1000, 59), 1);
            imp.add(new Sample(temp, t, 70), 2); // conflict with a stored sample
            imp.add(new Sample(temp, t + 1000, 61), 3); // duplicate
            imp.add(new Sample(temp, t + 2000, 62), 4);
            imp.add(new Sample(temp, t + 2000, 63), 5); // conflict inside the input
            s = imp.commit();
        }
        assertThat(s.conflicts()).isEqualTo(2);
        assertThat(s.firstConflictLine()).isEqualTo(2);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.samplesImported()).isEqualTo(2);
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            SeriesData d = reader.query(new SeriesQuery(temp.metric(), Labels.EMPTY, 0, NOW))
                    .getFirst();
            assertThat(d.values()).containsExactly(59, 60, 61, 62);
        }
    }

    @Test
    void aMalformedSampleInTheMiddleLeavesTheHistoryAsItWas() throws Exception {
        Path dir = dir("malformed");
        collectLive(dir, samples(3, 4, NOW - 3 * HOUR, 2 * HOUR));
        List<String> before = allRows(dir);
        List<Sample> input = samples(4, 20, START, DAY);
        int bad = input.size() / 2;
        assertThat(bad).isGreaterThan(3 * ImportTestData.TEST_BATCH_SAMPLES);
        Sample at = input.get(bad);
        long line = 0;
        try (HistoryImport imp = open(dir)) {
            for (Sample s : input.subList(0, bad)) {
                imp.add(s, ++line);
            }
            // older than the sample before it of the same series
            Sample backwards = new Sample(input.get(bad - 1).series(), START - HOUR, 1);
            long badLine = ++line;
            assertThatThrownBy(() -> imp.add(backwards, badLine)).isInstanceOfSatisfying(ImportException.class, e -> {
                assertThat(e.line()).isEqualTo(badLine);
                assertThat(e.reason()).contains("older than the one before it at line " + (badLine - 1));
            });
            assertThatThrownBy(() -> imp.add(at, badLine + 1)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(allRows(dir)).isEqualTo(before);
    }

    @Test
    void aWriteFailureHalfWayLeavesTheHistoryAsItWas() throws Exception {
        Path dir = dir("full");
        collectLive(dir, samples(5, 4, NOW - 3 * HOUR, 2 * HOUR));
        List<String> before = allRows(dir);
        long pages;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
                Statement st = c.createStatement();
                var rs = st.executeQuery("PRAGMA page_count")) {
            pages = rs.getLong(1);
        }
        // a disk that fills up: room for about the first batch, not for the whole input
        HistoryImport.ConnectionOpener small = (url, props) -> {
            Connection c = DriverManager.getConnection(url, props);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA max_page_count = " + (pages + 30));
            }
            return c;
        };
        List<Sample> input = samples(6, 40, START, DAY);
        int added = 0;
        try (HistoryImport imp = open(dir, 1_000, small)) {
            try {
                for (Sample s : input) {
                    imp.add(s, added + 1);
                    added++;
                }
                imp.commit();
            } catch (HistoryException e) {
                assertThat(e).isNotInstanceOf(ImportException.class).hasMessageContaining("disk full");
            }
        }
        assertThat(added)
                .as("failed part-way, after whole batches were written")
                .isBetween(ImportTestData.TEST_BATCH_SAMPLES, input.size() - 1);
        assertThat(allRows(dir)).isEqualTo(before);
        // and the history is usable as before
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            assertThat(store.stats().seriesCount()).isEqualTo(4);
        }
    }

    @Test
    void anImportIsRefusedWhileAnotherConnectionHasTheHistoryOpenAndLocksOthersOutWhileItRuns() throws Exception {
        Path dir = dir("busy");
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.append(TestSeries.snapshot(power(0), NOW - 1000, 1));
            store.flush().get();
            assertThatThrownBy(() -> open(dir))
                    .isInstanceOf(HistoryException.class)
                    .hasMessageContaining("is in use by another process");
            assertThat(store.writerStats().samplesWritten()).isEqualTo(1);
        }
        try (HistoryImport imp = open(dir)) {
            imp.add(new Sample(power(0), NOW - 500, 2), 1);
            assertThatThrownBy(() -> HistoryReader.open(dir, TestSeries.options()))
                    .isInstanceOf(HistoryException.class)
                    .hasMessageContaining("is locked by another process (an import holds it alone until it ends)");
            assertThatThrownBy(() -> HistoryStore.open(dir, TestSeries.options()))
                    .isInstanceOf(HistoryException.class)
                    .hasMessageContaining("is locked by another process (an import holds it alone until it ends)");
            imp.commit();
        }
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            assertThat(reader.query(new SeriesQuery(power(0).metric(), Labels.EMPTY, 0, NOW))
                            .getFirst()
                            .values())
                    .containsExactly(1, 2);
        }
    }

    @Test
    void samplesInHoursKeptOnlyAsRollupsAndOlderThanEveryTierAreSkippedAndCounted() throws Exception {
        Path dir = dir("old");
        SeriesId e = energy(0);
        long tenDaysAgo = NOW - 10 * DAY;
        // collected ten days ago: after retention only its rollups remain
        collectLive(dir, List.of(new Sample(e, tenDaysAgo, 10), new Sample(e, tenDaysAgo + 60_000, 20)));
        List<String> before = contents(dir);
        ImportSummary s;
        try (HistoryImport imp = open(dir)) {
            imp.add(new Sample(e, NOW - 800 * DAY, 1), 1); // older than the 730-day 1-hour retention
            imp.add(new Sample(e, tenDaysAgo + 30_000, 15), 2); // inside the stored rollup-only hour
            s = imp.commit();
        }
        assertThat(s.olderThanRetention()).isEqualTo(1);
        assertThat(s.inRollupOnlyPeriods()).isEqualTo(1);
        assertThat(s.samplesImported()).isZero();
        assertThat(contents(dir)).isEqualTo(before);
    }

    @Test
    void refusedInputNamesItsLine() throws Exception {
        Path dir = dir("refused");
        collectLive(
                dir,
                List.of(
                        new Sample(power(0), NOW - HOUR, 1),
                        new Sample(
                                SeriesId.gauge("requests_total", Unit.NONE, Labels.of("instance", "n1:9100")),
                                NOW - HOUR,
                                5)));
        List<String> before = allRows(dir);
        try (HistoryImport imp = open(dir)) {
            assertThatThrownBy(() -> imp.add(new Sample(power(1), NOW + HistoryImport.MAX_FUTURE_MILLIS + 1, 1), 7))
                    .isInstanceOfSatisfying(ImportException.class, ex -> {
                        assertThat(ex.line()).isEqualTo(7);
                        assertThat(ex.getMessage()).startsWith("line 7: ").contains("is in the future");
                    });
        }
        // an untyped family scraped (a gauge) and the same series typed as a counter in the input
        Labels labels = Labels.of("instance", "n1:9100");
        try (HistoryImport imp = open(dir)) {
            assertThatThrownBy(() ->
                            imp.add(new Sample(SeriesId.counter("requests_total", Unit.NONE, labels), NOW - 10, 1), 3))
                    .isInstanceOfSatisfying(
                            ImportException.class,
                            ex -> assertThat(ex.reason())
                                    .isEqualTo("requests_total{instance=\"n1:9100\"} is stored as a gauge, the input"
                                            + " makes it a counter"));
        }
        try (HistoryImport imp = open(dir, 2, DriverManager::getConnection)) {
            imp.add(new Sample(power(1), NOW - 10, 1), 1);
            imp.add(new Sample(power(2), NOW - 10, 1), 2);
            assertThatThrownBy(() -> imp.add(new Sample(power(3), NOW - 10, 1), 3))
                    .isInstanceOfSatisfying(ImportException.class, ex -> {
                        assertThat(ex.isSeriesLimit()).isTrue();
                        assertThat(ex.getMessage()).isEqualTo("line 3: more than 2 series, the limit of this import");
                    });
        }
        assertThat(allRows(dir)).isEqualTo(before);
    }
}
