package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history file written by schema version 5 (chunk format 1, 4 KiB pages): {@code format1/history.db.gz}, two hours
 * of the five series of {@link FormatFixtureData} at 1 s, written through {@link HistoryStore} by that version.
 * It opens, reads back bit for bit, and continues in format 2.
 */
class FormatOneFileTest {
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final int PASSES = 7200;

    @TempDir
    Path dir;

    private HistoryOptions options(long nowMillis) {
        return HistoryOptions.defaults()
                .withClock(Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC))
                .withMaintenanceInterval(Duration.ZERO);
    }

    private void unpack() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("format1/history.db.gz")) {
            assertThat(in).as("fixture format1/history.db.gz").isNotNull();
            try (GZIPInputStream gz = new GZIPInputStream(in)) {
                Files.copy(gz, dir.resolve(HistoryStore.FILE_NAME));
            }
        }
    }

    private static int[] formats(Path file) throws Exception {
        int[] perFormat = new int[3];
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT data FROM chunks")) {
            while (rs.next()) {
                perFormat[ChunkCodec.layout(rs.getBytes(1)).format()]++;
            }
        }
        return perFormat;
    }

    private static void assertSeries(HistoryStore store, int k, int passes) {
        SeriesId id = FormatFixtureData.SERIES.get(k);
        List<SeriesData> got = store.query(new SeriesQuery(id.metric(), id.labels(), START, START + passes * 1000L));
        assertThat(got).hasSize(1);
        SeriesData d = got.getFirst();
        long[] ts = new long[passes];
        long[] bits = new long[passes];
        for (int i = 0; i < passes; i++) {
            ts[i] = FormatFixtureData.time(START, i);
            bits[i] = Double.doubleToRawLongBits(FormatFixtureData.value(k, i));
        }
        assertThat(d.epochMillis()).as(id.metric()).containsExactly(ts);
        assertThat(Arrays.stream(d.values())
                        .mapToLong(Double::doubleToRawLongBits)
                        .toArray())
                .as(id.metric())
                .containsExactly(bits);
    }

    @Test
    void aVersionFiveFileOpensReadsBitForBitAndContinuesInFormatTwo() throws Exception {
        unpack();
        Path file = dir.resolve(HistoryStore.FILE_NAME);
        assertThat(formats(file)[1]).as("format-1 chunks in the fixture").isEqualTo(5 * PASSES / 240);
        try (HistoryStore store = HistoryStore.open(dir, options(START + PASSES * 1000L))) {
            for (int k = 0; k < FormatFixtureData.SERIES.size(); k++) {
                assertSeries(store, k, PASSES);
            }
            SeriesId power = FormatFixtureData.SERIES.getFirst();
            SeriesAggregates minutes = store.queryRange(
                            new SeriesQuery(power.metric(), power.labels(), START, START + PASSES * 1000L), 60_000)
                    .getFirst();
            assertThat(Arrays.stream(minutes.count()).sum()).isEqualTo(PASSES);
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < 60; i++) {
                max = Math.max(max, FormatFixtureData.value(0, i));
            }
            assertThat(minutes.max()[0]).isEqualTo(max);

            // one more hour: the open chunks and rollup windows of the old file are continued
            for (int i = PASSES; i < PASSES + 3600; i++) {
                long t = FormatFixtureData.time(START, i);
                List<Sample> samples = new ArrayList<>();
                for (int k = 0; k < FormatFixtureData.SERIES.size(); k++) {
                    samples.add(new Sample(FormatFixtureData.SERIES.get(k), t, FormatFixtureData.value(k, i)));
                }
                store.append(Snapshot.of("fixture", t, samples));
            }
            store.flush().get();
        }
        int[] perFormat = formats(file);
        assertThat(perFormat[2]).as("format-2 chunks").isPositive();
        assertThat(perFormat[1]).as("format-1 chunks kept").isPositive();
        try (HistoryStore store = HistoryStore.open(dir, options(START + (PASSES + 3600) * 1000L))) {
            for (int k = 0; k < FormatFixtureData.SERIES.size(); k++) {
                assertSeries(store, k, PASSES + 3600);
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                assertThat(Schema.pragmaInt(c, "user_version")).isEqualTo(Schema.CURRENT_VERSION);
                assertThat(Schema.pragmaInt(c, "page_size"))
                        .as("an existing file keeps its pages")
                        .isEqualTo(4096);
            }
        }
    }

    @Test
    void aNewFileGetsLargePagesAndIncrementalAutoVacuum() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, options(START))) {
            store.flush().get();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME))) {
            assertThat(Schema.pragmaInt(c, "page_size")).isEqualTo(Schema.PAGE_SIZE);
            assertThat(Schema.pragmaInt(c, "auto_vacuum")).as("2 = incremental").isEqualTo(2);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }
}
