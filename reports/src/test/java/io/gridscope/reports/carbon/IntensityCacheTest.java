package io.gridscope.reports.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.LoopbackServer;
import io.gridscope.testsupport.ManualClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntensityCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration H = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final ManualClock clock =
            new ManualClock(T0.plus(Duration.ofDays(20)).toEpochMilli());

    /** A provider that has a value for every hour except {@link #omit}, and records what it was asked. */
    private static class FakeProvider implements HourlyIntensityProvider {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final Set<Instant> omit = new HashSet<>();
        int pagesBeforeFailure = Integer.MAX_VALUE;

        static double grams(Instant hour) {
            return hour.getEpochSecond() / 3600 % 400 + 0.5;
        }

        static boolean estimated(Instant hour) {
            return hour.getEpochSecond() / 3600 % 3 == 0;
        }

        @Override
        public String id() {
            return ElectricityMapsClient.ID;
        }

        @Override
        public String displayName() {
            return ElectricityMapsClient.NAME;
        }

        @Override
        public void pastRange(
                String zone, Instant start, Instant end, IntensityScope scope, Consumer<List<HourlyIntensity>> onPage)
                throws ProviderException {
            asked.add(start + ".." + end);
            int pages = 0;
            for (Instant page = start; page.isBefore(end); page = page.plus(Duration.ofHours(240))) {
                if (pages++ == pagesBeforeFailure) {
                    throw new ProviderException.ServerError("Electricity Maps failed (HTTP 502)", 502);
                }
                List<HourlyIntensity> hours = new ArrayList<>();
                for (Instant h = page; h.isBefore(end) && h.isBefore(page.plus(Duration.ofHours(240))); h = h.plus(H)) {
                    if (!omit.contains(h)) {
                        hours.add(hour(zone, h, scope));
                    }
                }
                onPage.accept(hours);
            }
        }

        @Override
        public List<HourlyIntensity> recent(String zone, IntensityScope scope) {
            asked.add("recent");
            return List.of();
        }

        static HourlyIntensity hour(String zone, Instant h, IntensityScope scope) {
            return new HourlyIntensity(zone, h, grams(h), scope, estimated(h), Optional.empty(), Optional.empty());
        }
    }

    private final FakeProvider provider = new FakeProvider();

    private HistoryOptions options() {
        return HistoryOptions.defaults().withClock(clock).withMaintenanceInterval(Duration.ZERO);
    }

    private static CachedHours read(HistoryStore store, Instant from, Instant to) {
        return IntensityCache.read(
                store::queryRange, ElectricityMapsClient.ID, "DE", IntensityScope.LIFECYCLE, from, to);
    }

    private static int series(HistoryStore store) {
        return store.findSeries(IntensityCache.METRIC, Labels.EMPTY).size();
    }

    @Test
    void fetchedHoursAreStoredAndReadBackOfflineWithTheirSourceAndEstimatedFlag() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, options())) {
            IntensityCache cache = new IntensityCache(store, provider, clock);
            IntensityCache.FillResult r = cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(48)));
            assertThat(r).isEqualTo(new IntensityCache.FillResult(48, 0, 48, 48, 0, Optional.empty()));
            assertThat(provider.asked).containsExactly("2026-11-01T00:00:00Z..2026-11-03T00:00:00Z");
            List<SeriesId> ids = store.findSeries(IntensityCache.METRIC, Labels.EMPTY);
            assertThat(ids).hasSize(1);
            assertThat(ids.getFirst().unit()).isEqualTo(Unit.GRAMS_PER_KWH);
            assertThat(ids.getFirst().labels())
                    .isEqualTo(Labels.of(
                            "host", "grid",
                            "zone", "DE",
                            "provider", "electricitymaps",
                            "basis", "average",
                            "scope", "lifecycle",
                            "segment", "2026-11-01T00:00:00Z"));
        }
        // a report run later, on a read-only history and without the provider
        try (HistoryReader reader = HistoryReader.open(dir)) {
            CachedHours hours = IntensityCache.read(
                    reader::queryRange,
                    ElectricityMapsClient.ID,
                    "DE",
                    IntensityScope.LIFECYCLE,
                    T0,
                    T0.plus(Duration.ofHours(48)));
            assertThat(hours.size()).isEqualTo(48);
            for (Instant h = T0; h.isBefore(T0.plus(Duration.ofHours(48))); h = h.plus(H)) {
                GridIntensity g = hours.at(h.plusSeconds(1800)).orElseThrow();
                assertThat(g.gramsCo2ePerKwh()).as(h.toString()).isEqualTo(FakeProvider.grams(h));
                assertThat(g.estimated()).as(h.toString()).isEqualTo(FakeProvider.estimated(h));
                assertThat(g.origin()).isEqualTo(IntensityOrigin.PROVIDER);
                assertThat(g.source()).isEqualTo("Electricity Maps");
                assertThat(g.detail()).isEqualTo("zone DE");
                assertThat(g.basis()).isEqualTo(IntensityBasis.AVERAGE);
                assertThat(g.scope()).isEqualTo(IntensityScope.LIFECYCLE);
            }
            assertThat(hours.estimatedHours()).isEqualTo(16);
            assertThat(hours.at(T0.minusSeconds(1))).isEmpty();
            // another scope is another series
            assertThat(IntensityCache.read(
                                    reader::queryRange,
                                    ElectricityMapsClient.ID,
                                    "DE",
                                    IntensityScope.DIRECT,
                                    T0,
                                    T0.plus(Duration.ofHours(48)))
                            .size())
                    .isZero();
        }
    }

    @Test
    void storedHoursAreNeverFetchedAgainAndNewerOnesExtendTheSameSeries() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, options())) {
            IntensityCache cache = new IntensityCache(store, provider, clock);
            cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(48)));
            IntensityCache.FillResult again = cache.fill(
                    "DE", IntensityScope.LIFECYCLE, T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(40)));
            assertThat(again).isEqualTo(new IntensityCache.FillResult(38, 38, 0, 0, 0, Optional.empty()));
            IntensityCache.FillResult later = cache.fill(
                    "DE", IntensityScope.LIFECYCLE, T0.plus(Duration.ofHours(24)), T0.plus(Duration.ofHours(72)));
            assertThat(later).isEqualTo(new IntensityCache.FillResult(48, 24, 24, 24, 0, Optional.empty()));
            assertThat(provider.asked)
                    .containsExactly(
                            "2026-11-01T00:00:00Z..2026-11-03T00:00:00Z", "2026-11-03T00:00:00Z..2026-11-04T00:00:00Z");
            assertThat(series(store)).isEqualTo(1);
            assertThat(read(store, T0, T0.plus(Duration.ofHours(72))).size()).isEqualTo(72);
            assertThat(store.writerStats().samplesRejected()).isZero();
        }
    }

    @Test
    void hoursOlderThanTheStoredOnesAreFetchedOnceIntoASegmentOfTheirOwn() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, options())) {
            IntensityCache cache = new IntensityCache(store, provider, clock);
            cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(48)));
            // a report over an earlier period: the history cannot put these hours before the stored ones in the
            // same series, so they are stored in a segment of their own
            IntensityCache.FillResult earlier = cache.fill(
                    "DE", IntensityScope.LIFECYCLE, T0.minus(Duration.ofHours(24)), T0.plus(Duration.ofHours(48)));
            assertThat(earlier).isEqualTo(new IntensityCache.FillResult(72, 48, 24, 24, 0, Optional.empty()));
            assertThat(provider.asked).last().isEqualTo("2026-10-31T00:00:00Z..2026-11-01T00:00:00Z");
            assertThat(store.findSeries(IntensityCache.METRIC, Labels.EMPTY))
                    .extracting(s -> s.labels().get("segment").orElseThrow())
                    .containsExactlyInAnyOrder("2026-10-31T00:00:00Z", "2026-11-01T00:00:00Z");
            assertThat(store.writerStats().samplesRejected()).isZero();

            CachedHours all = read(store, T0.minus(Duration.ofHours(24)), T0.plus(Duration.ofHours(48)));
            assertThat(all.size()).isEqualTo(72);
            Instant h = T0.minus(Duration.ofHours(5));
            assertThat(all.at(h).orElseThrow().gramsCo2ePerKwh()).isEqualTo(FakeProvider.grams(h));

            // and not fetched again
            int asked = provider.asked.size();
            assertThat(cache.fill(
                                    "DE",
                                    IntensityScope.LIFECYCLE,
                                    T0.minus(Duration.ofHours(24)),
                                    T0.plus(Duration.ofHours(48)))
                            .fetched())
                    .isZero();
            assertThat(provider.asked).hasSize(asked);
        }
    }

    @Test
    void hoursTheProviderLackedAreAskedForAgainAndFillTheGapLater() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, options())) {
            IntensityCache cache = new IntensityCache(store, provider, clock);
            for (int i = 10; i < 13; i++) {
                provider.omit.add(T0.plus(Duration.ofHours(i)));
            }
            IntensityCache.FillResult first =
                    cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(24)));
            assertThat(first).isEqualTo(new IntensityCache.FillResult(24, 0, 21, 21, 3, Optional.empty()));
            provider.omit.clear();
            IntensityCache.FillResult second =
                    cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(24)));
            assertThat(second).isEqualTo(new IntensityCache.FillResult(24, 21, 3, 3, 0, Optional.empty()));
            assertThat(provider.asked).last().isEqualTo("2026-11-01T10:00:00Z..2026-11-01T13:00:00Z");
            assertThat(read(store, T0, T0.plus(Duration.ofHours(24))).size()).isEqualTo(24);
            assertThat(store.writerStats().samplesRejected()).isZero();
        }
    }

    @Test
    void onlyHoursThatEndedASettlingTimeAgoAreStored() throws Exception {
        clock.set(T0.plus(Duration.ofHours(50)).plus(Duration.ofMinutes(30)).toEpochMilli());
        try (HistoryStore store = HistoryStore.open(dir, options())) {
            IntensityCache cache = new IntensityCache(store, provider, clock, Duration.ofHours(1));
            IntensityCache.FillResult r = cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(60)));
            // the hour 48:00-49:00 ended 1 h 30 min ago; 49:00-50:00 only 30 min ago
            assertThat(r.hours()).isEqualTo(49);
            assertThat(provider.asked).containsExactly("2026-11-01T00:00:00Z..2026-11-03T01:00:00Z");
            clock.advance(Duration.ofHours(1));
            assertThat(cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(60)))
                            .stored())
                    .isEqualTo(1);
            assertThat(cache.fill(
                            "DE", IntensityScope.LIFECYCLE, T0.plus(Duration.ofDays(30)), T0.plus(Duration.ofDays(31))))
                    .isEqualTo(new IntensityCache.FillResult(0, 0, 0, 0, 0, Optional.empty()));
        }
    }

    @Test
    void longFillsAreSplitIntoBoundedProviderCallsAndBoundedThemselves() throws Exception {
        clock.set(T0.plus(Duration.ofDays(800)).toEpochMilli());
        try (HistoryStore store = HistoryStore.open(dir, options())) {
            IntensityCache cache = new IntensityCache(store, provider, clock);
            IntensityCache.FillResult r = cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofDays(400)));
            assertThat(r.stored()).isEqualTo(400 * 24);
            assertThat(provider.asked)
                    .containsExactly(
                            "2026-11-01T00:00:00Z..2027-10-27T00:00:00Z", "2027-10-27T00:00:00Z..2027-12-06T00:00:00Z");
            assertThatThrownBy(() -> cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofDays(732))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a fill covers at most 731 days, asked 732");
            assertThat(provider.asked).hasSize(2);
        }
    }

    @Test
    void pagesReceivedBeforeAProviderFailureAreKept() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, options())) {
            IntensityCache cache = new IntensityCache(store, provider, clock);
            provider.pagesBeforeFailure = 1;
            assertThatThrownBy(() -> cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofDays(15))))
                    .isInstanceOf(ProviderException.ServerError.class);
            assertThat(read(store, T0, T0.plus(Duration.ofDays(15))).size()).isEqualTo(240);
            provider.pagesBeforeFailure = Integer.MAX_VALUE;
            assertThat(cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofDays(15)))
                            .fetched())
                    .isEqualTo(120);
            assertThat(provider.asked).last().isEqualTo("2026-11-11T00:00:00Z..2026-11-16T00:00:00Z");
        }
    }

    @Test
    void hoursOlderThanTheRawTiersRetentionStillReadAndDoNotBlockNewOnes() throws Exception {
        HistoryOptions shortRaw = options().withRetention(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(730));
        try (HistoryStore store = HistoryStore.open(dir, shortRaw)) {
            IntensityCache cache = new IntensityCache(store, provider, clock);
            cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(48)));
            store.enforceRetention();
            assertThat(store.latest(IntensityCache.METRIC, Labels.EMPTY)).isEmpty(); // raw samples are gone
            assertThat(read(store, T0, T0.plus(Duration.ofHours(48))).size()).isEqualTo(48); // hours stay

            int asked = provider.asked.size();
            IntensityCache.FillResult r = cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofHours(60)));
            assertThat(r).isEqualTo(new IntensityCache.FillResult(60, 48, 12, 12, 0, Optional.empty()));
            assertThat(provider.asked).hasSize(asked + 1);
            assertThat(read(store, T0, T0.plus(Duration.ofHours(60))).size()).isEqualTo(60);
            assertThat(store.writerStats().samplesRejected()).isZero();
        }
    }

    @Test
    void theLast24HoursOfAPersonalTokenAreStoredToo() throws Exception {
        Instant now = T0.plus(Duration.ofHours(30)).plus(Duration.ofMinutes(10));
        clock.set(now.toEpochMilli());
        HourlyIntensityProvider recent = new FakeProvider() {
            @Override
            public List<HourlyIntensity> recent(String zone, IntensityScope scope) {
                List<HourlyIntensity> out = new ArrayList<>();
                for (int i = 7; i <= 30; i++) {
                    out.add(hour(zone, T0.plus(Duration.ofHours(i)), scope));
                }
                return out;
            }
        };
        try (HistoryStore store = HistoryStore.open(dir, options())) {
            IntensityCache cache = new IntensityCache(store, recent, clock);
            // hours 7..28 ended at least an hour ago; 29 ended 10 min ago and 30 is running
            assertThat(cache.fillRecent("DE", IntensityScope.LIFECYCLE))
                    .isEqualTo(new IntensityCache.FillResult(22, 0, 22, 22, 0, Optional.empty()));
            clock.advance(Duration.ofHours(2));
            assertThat(cache.fillRecent("DE", IntensityScope.LIFECYCLE))
                    .isEqualTo(new IntensityCache.FillResult(24, 22, 2, 2, 0, Optional.empty()));
            assertThat(series(store)).isEqualTo(1);
        }
    }

    @Test
    void theCacheFillsFromElectricityMapsAndAsksOnlyForWhatItLacks() throws Exception {
        List<String> ranges = new CopyOnWriteArrayList<>();
        try (LoopbackServer server = new LoopbackServer();
                HistoryStore store = HistoryStore.open(dir, options())) {
            server.handle("/v3/carbon-intensity/past-range", ex -> {
                String q = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                Instant start = Instant.parse(q.replaceAll(".*start=([^&]*).*", "$1"));
                Instant end = Instant.parse(q.replaceAll(".*end=([^&]*).*", "$1"));
                ranges.add(start + ".." + end);
                StringBuilder sb = new StringBuilder("{\"zone\":\"DE\",\"data\":[");
                for (Instant h = start; h.isBefore(end); h = h.plus(H)) {
                    sb.append(h.equals(start) ? "" : ",")
                            .append("{\"zone\":\"DE\",\"carbonIntensity\":")
                            .append(FakeProvider.grams(h))
                            .append(",\"datetime\":\"")
                            .append(h)
                            .append("\",\"emissionFactorType\":\"lifecycle\",\"isEstimated\":")
                            .append(FakeProvider.estimated(h))
                            .append('}');
                }
                LoopbackServer.respond(
                        ex, 200, "application/json", sb.append("]}").toString());
            });
            try (ElectricityMapsClient client = new ElectricityMapsClient(
                    ProviderToken.typed("t0ken"),
                    ElectricityMapsClient.Options.defaults().withBaseUrl(server.uri("/")),
                    clock)) {
                IntensityCache cache = new IntensityCache(store, client, clock);
                assertThat(cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofDays(12)))
                                .stored())
                        .isEqualTo(288);
                assertThat(cache.fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofDays(13)))
                                .stored())
                        .isEqualTo(24);
            }
            assertThat(ranges)
                    .containsExactly(
                            "2026-11-01T00:00:00Z..2026-11-11T00:00:00Z",
                            "2026-11-11T00:00:00Z..2026-11-13T00:00:00Z",
                            "2026-11-13T00:00:00Z..2026-11-14T00:00:00Z");
            CachedHours hours = read(store, T0, T0.plus(Duration.ofDays(13)));
            assertThat(hours.size()).isEqualTo(312);
            Instant h = T0.plus(Duration.ofHours(300));
            assertThat(hours.at(h).orElseThrow().gramsCo2ePerKwh()).isEqualTo(FakeProvider.grams(h));
            assertThat(hours.at(h).orElseThrow().estimated()).isEqualTo(FakeProvider.estimated(h));
        }
    }
}
