package io.gridscope.reports.carbon;

import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.LatestValue;
import io.gridscope.history.SeriesAggregates;
import io.gridscope.history.SeriesQuery;
import io.gridscope.history.WriterStats;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a live provider's hourly intensities in the history, so that a report over a period gives the same figures
 * offline and on every rerun, and no hour is fetched twice.
 *
 * <p><b>Series.</b> Each hour is a gauge sample at the hour's start (epoch millis UTC) of
 *
 * <pre>
 * grid_carbon_intensity_grams_per_kwh{host="grid", zone, provider, basis="average", scope, segment}   g/kWh
 * grid_carbon_intensity_estimated_ratio{same labels}                 1 when the provider estimated the hour, else 0
 * </pre>
 *
 * The value is not measured on a machine, so {@code host} is {@code grid} (the store does not need a host label;
 * the convention that every series has one is kept with a value no machine is named by in practice).
 *
 * <p><b>Order.</b> The history keeps each series in time order and refuses a sample older than the newest of its
 * series. Hours newer than everything stored are appended to the series holding the newest hour. Hours missing
 * before that (a report over an earlier period than any fetched so far) go into a new series of their own, whose
 * {@code segment} label is the first hour it holds; reads merge the segments. So an earlier period is fetched once
 * and stored like any other, and an hour stored once is never fetched again.
 *
 * <p><b>What is stored.</b> Only hours that ended at least {@code settle} ago (a provider revises its newest hours);
 * the provider's {@code isEstimated} flag is kept beside each value. Hours the provider has no value for are not
 * stored, and a later fill asks for them again.
 *
 * <p><b>Reads</b> ({@link #read}) need only a {@link RangeQuery}: {@code HistoryReader::queryRange} for a report run
 * on a read-only history, or {@code HistoryStore::queryRange}. They use the 1-hour tier (kept 2 years by default),
 * so a period older than the raw tier's retention reads the same.
 *
 * <p>Fills are serialised on the instance; they block on the provider and on the history writer (call off the UI
 * thread).
 */
public final class IntensityCache {
    public static final String METRIC = "grid_carbon_intensity_grams_per_kwh";
    public static final String ESTIMATED_METRIC = "grid_carbon_intensity_estimated_ratio";
    /** The {@code host} label of the series. */
    public static final String HOST = "grid";
    /** The collector id the series are registered with. */
    public static final String COLLECTOR_ID = "carbon-intensity";

    private static final Logger log = LoggerFactory.getLogger(IntensityCache.class);
    private static final long HOUR_MILLIS = 3_600_000;
    private static final long FLUSH_TIMEOUT_SECONDS = 60;

    /** The longest range one {@link #fill} covers: two years, the 1-hour tier's default retention. */
    public static final Duration MAX_FILL_RANGE = Duration.ofDays(731);
    /** The longest span one provider call is asked for (36 pages of Electricity Maps' 240 hours). */
    public static final Duration MAX_FETCH_SPAN = Duration.ofDays(360);

    /** A ranged read of stored series: {@code HistoryReader::queryRange} or {@code HistoryStore::queryRange}. */
    @FunctionalInterface
    public interface RangeQuery {
        List<SeriesAggregates> queryRange(SeriesQuery query, long stepMillis);
    }

    /**
     * What one fill did.
     *
     * @param hours     hours in the range that can be stored now (ended at least {@code settle} ago)
     * @param cached    of these, stored before the fill
     * @param fetched   values received from the provider for hours not stored before
     * @param stored    of these, stored by this fill
     * @param missing   hours of the range still not stored: the provider has no value for them, or the write failed
     * @param writeProblem the history writer's last error, when values were received but not stored
     */
    public record FillResult(
            int hours, int cached, int fetched, int stored, int missing, Optional<String> writeProblem) {}

    private final HistoryStore store;
    private final HourlyIntensityProvider provider;
    private final Clock clock;
    private final Duration settle;

    /**
     * @param settle how long after an hour ends it may be stored (a provider revises its newest values)
     */
    public IntensityCache(HistoryStore store, HourlyIntensityProvider provider, Clock clock, Duration settle) {
        this.store = Objects.requireNonNull(store, "store");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative");
        }
        this.settle = settle;
    }

    /** Stores hours an hour after they end. */
    public IntensityCache(HistoryStore store, HourlyIntensityProvider provider, Clock clock) {
        this(store, provider, clock, Duration.ofHours(1));
    }

    /**
     * Fetches and stores the hours of {@code [from, to)} (widened to whole hours, cut at the last hour that may be
     * stored now) that are not stored yet. The provider is asked for the span from the first to the last missing
     * hour, in requests of at most {@link #MAX_FETCH_SPAN} (which the provider pages further).
     *
     * @throws IllegalArgumentException for a range longer than {@link #MAX_FILL_RANGE}
     * @throws ProviderException when the provider fails; what was received before is stored
     */
    public synchronized FillResult fill(String zone, IntensityScope scope, Instant from, Instant to)
            throws ProviderException {
        Instant start = floorHour(from);
        Instant end = min(ceilHour(to), cacheableEnd());
        if (!end.isAfter(start)) {
            return new FillResult(0, 0, 0, 0, 0, Optional.empty());
        }
        if (Duration.between(start, end).compareTo(MAX_FILL_RANGE) > 0) {
            throw new IllegalArgumentException("a fill covers at most " + MAX_FILL_RANGE.toDays() + " days, asked "
                    + Duration.between(start, end).toDays());
        }
        CachedHours before = read(store::queryRange, provider.id(), zone, scope, start, end);
        if (before.size() == Duration.between(start, end).toHours()) {
            return result(zone, scope, start, end, before, 0);
        }
        Writer w = new Writer(zone, scope, before);
        ProviderException failure = null;
        try {
            for (Instant span = start; span.isBefore(end); span = span.plus(MAX_FETCH_SPAN)) {
                List<Instant> missing = missingHours(before, span, min(span.plus(MAX_FETCH_SPAN), end));
                if (!missing.isEmpty()) {
                    provider.pastRange(
                            zone, missing.getFirst(), missing.getLast().plusMillis(HOUR_MILLIS), scope, w::write);
                }
            }
        } catch (ProviderException e) {
            failure = e;
        }
        w.finish(failure);
        if (failure != null) {
            throw failure;
        }
        return result(zone, scope, start, end, before, w.fetched);
    }

    /** Stores what the provider has of the last 24 hours ({@link HourlyIntensityProvider#recent}) and lacks here. */
    public synchronized FillResult fillRecent(String zone, IntensityScope scope) throws ProviderException {
        List<HourlyIntensity> recent = provider.recent(zone, scope);
        Instant end = cacheableEnd();
        List<HourlyIntensity> usable =
                recent.stream().filter(h -> h.hour().isBefore(end)).toList();
        if (usable.isEmpty()) {
            return new FillResult(0, 0, 0, 0, 0, Optional.empty());
        }
        Instant start = usable.stream()
                .map(HourlyIntensity::hour)
                .min(Instant::compareTo)
                .orElseThrow();
        CachedHours before = read(store::queryRange, provider.id(), zone, scope, start, end);
        Writer w = new Writer(zone, scope, before);
        w.write(usable);
        w.finish(null);
        return result(zone, scope, start, end, before, w.fetched);
    }

    private FillResult result(
            String zone, IntensityScope scope, Instant start, Instant end, CachedHours before, int fetched) {
        int hours = (int) Duration.between(start, end).toHours();
        CachedHours after = fetched == 0 ? before : read(store::queryRange, provider.id(), zone, scope, start, end);
        int stored = after.size() - before.size();
        Optional<String> problem = Optional.empty();
        if (stored < fetched) {
            WriterStats stats = store.writerStats();
            problem = Optional.of(
                    stats.lastError().isEmpty()
                            ? (fetched - stored) + " values were not stored (" + stats.samplesDropped()
                                    + " samples dropped, " + stats.samplesRejected()
                                    + " refused as out of order since the history was opened)"
                            : stats.lastError());
            log.warn(
                    "{} zone {}: {} of {} fetched hours were not stored: {}",
                    provider.displayName(),
                    zone,
                    fetched - stored,
                    fetched,
                    problem.get());
        }
        return new FillResult(hours, before.size(), fetched, stored, hours - after.size(), problem);
    }

    /** The end (exclusive) of the hours that may be stored now. */
    private Instant cacheableEnd() {
        return floorHour(clock.instant().minus(settle));
    }

    private static List<Instant> missingHours(CachedHours cached, Instant start, Instant end) {
        List<Instant> out = new ArrayList<>();
        for (Instant h = start; h.isBefore(end); h = h.plusMillis(HOUR_MILLIS)) {
            if (!cached.contains(h)) {
                out.add(h);
            }
        }
        return out;
    }

    /** Appends the hours of one fill, oldest first, to the series that can take them. */
    private final class Writer {
        private final String zone;
        private final IntensityScope scope;
        private final CachedHours cached;
        private final Labels base;
        private Labels target;
        private long newest = Long.MIN_VALUE;
        private int fetched;
        private boolean wrote;

        Writer(String zone, IntensityScope scope, CachedHours cached) {
            this.zone = zone;
            this.scope = scope;
            this.cached = cached;
            this.base = labels(provider.id(), zone, scope);
            Optional<LatestValue> head =
                    store.latest(METRIC, base).stream().max((a, b) -> Long.compare(a.epochMillis(), b.epochMillis()));
            if (head.isPresent()) {
                target = head.get().series().labels();
                newest = head.get().epochMillis();
            }
        }

        void write(List<HourlyIntensity> page) {
            List<HourlyIntensity> fresh = new ArrayList<>();
            for (HourlyIntensity h : page) {
                if (h.zone().equalsIgnoreCase(zone) && h.scope() == scope && !cached.contains(h.hour())) {
                    fresh.add(h);
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            fresh.sort((a, b) -> a.hour().compareTo(b.hour()));
            long first = fresh.getFirst().hour().toEpochMilli();
            if (target == null || first <= newest) {
                target = newSegment(fresh.getFirst().hour());
                newest = Long.MIN_VALUE;
            }
            SeriesId value = SeriesId.gauge(METRIC, Unit.GRAMS_PER_KWH, target);
            SeriesId estimated = SeriesId.gauge(ESTIMATED_METRIC, Unit.RATIO, target);
            List<Sample> samples = new ArrayList<>(fresh.size() * 2);
            long last = newest;
            for (HourlyIntensity h : fresh) {
                long t = h.hour().toEpochMilli();
                if (t == last) {
                    continue; // an hour given twice: the first one stands
                }
                samples.add(new Sample(value, t, h.gramsPerKwh()));
                samples.add(new Sample(estimated, t, h.estimated() ? 1 : 0));
                last = t;
                fetched++;
            }
            store.append(new Snapshot(COLLECTOR_ID, clock.millis(), samples, List.of()));
            newest = last;
            wrote = true;
        }

        /** A series no sample has been written to: segment = its first hour (with a suffix if that is taken). */
        private Labels newSegment(Instant firstHour) {
            String name = firstHour.toString();
            Labels l = base.with("segment", name);
            for (int n = 2; !store.findSeries(METRIC, l).isEmpty(); n++) {
                l = base.with("segment", name + "+" + n);
            }
            return l;
        }

        /**
         * Waits until the writer has committed what this fill queued.
         *
         * @param failure the provider's failure that ended the fill, kept with a history failure
         */
        void finish(ProviderException failure) {
            if (!wrote) {
                return;
            }
            HistoryException problem;
            try {
                store.flush().get(FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = new HistoryException("interrupted while the history stored grid intensities", e);
            } catch (ExecutionException | TimeoutException e) {
                problem = new HistoryException(
                        "the history did not store grid intensities within " + FLUSH_TIMEOUT_SECONDS + " s", e);
            }
            if (failure != null) {
                problem.addSuppressed(failure);
            }
            throw problem;
        }
    }

    /** The labels every series of one provider, zone and scope has (segments add {@code segment}). */
    static Labels labels(String providerId, String zone, IntensityScope scope) {
        return Labels.of(
                "host",
                HOST,
                "zone",
                zone,
                "provider",
                providerId,
                "basis",
                IntensityBasis.AVERAGE.label(),
                "scope",
                scope.label());
    }

    /**
     * The stored hours of {@code [from, to)} (widened to whole hours) for a provider, zone and scope, all segments
     * merged; where two segments hold one hour, the first in label order stands.
     *
     * @param providerId the provider's {@link HourlyIntensityProvider#id()} ({@link ElectricityMapsClient#ID})
     */
    public static CachedHours read(
            RangeQuery history, String providerId, String zone, IntensityScope scope, Instant from, Instant to) {
        Instant start = floorHour(from);
        Instant end = ceilHour(to);
        Labels matchers = labels(providerId, zone, scope);
        Map<Long, Double> grams = hourly(history, METRIC, matchers, start, end);
        Map<Long, Double> estimated = hourly(history, ESTIMATED_METRIC, matchers, start, end);
        long[] hours = new long[grams.size()];
        double[] values = new double[grams.size()];
        boolean[] flags = new boolean[grams.size()];
        int i = 0;
        for (Map.Entry<Long, Double> e : grams.entrySet()) {
            hours[i] = e.getKey();
            values[i] = e.getValue();
            flags[i] = estimated.getOrDefault(e.getKey(), 0.0) > 0.5;
            i++;
        }
        return new CachedHours(sourceName(providerId), zone, scope, start, end, hours, values, flags);
    }

    private static Map<Long, Double> hourly(
            RangeQuery history, String metric, Labels matchers, Instant from, Instant to) {
        Map<Long, Double> out = new TreeMap<>();
        if (!to.isAfter(from)) {
            return out;
        }
        for (SeriesAggregates s : history.queryRange(
                new SeriesQuery(metric, matchers, from.toEpochMilli(), to.toEpochMilli()), HOUR_MILLIS)) {
            for (int i = 0; i < s.size(); i++) {
                double v = s.last()[i];
                if (s.count()[i] > 0 && Double.isFinite(v) && v >= 0) {
                    out.putIfAbsent(s.epochMillis()[i], v);
                }
            }
        }
        return out;
    }

    /** The name reports show for a provider id. */
    static String sourceName(String providerId) {
        return providerId.equals(ElectricityMapsClient.ID) ? ElectricityMapsClient.NAME : providerId;
    }

    private static Instant floorHour(Instant t) {
        return Hours.floor(t);
    }

    private static Instant ceilHour(Instant t) {
        return Hours.ceil(t);
    }

    private static Instant min(Instant a, Instant b) {
        return Hours.min(a, b);
    }
}
