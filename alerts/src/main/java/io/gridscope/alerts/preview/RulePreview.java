package io.gridscope.alerts.preview;

import io.gridscope.alerts.engine.AlertEngine;
import io.gridscope.alerts.engine.AlertInstance;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.RuleStatus;
import io.gridscope.alerts.engine.Transition;
import io.gridscope.alerts.rules.Condition;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.SeriesAggregates;
import io.gridscope.history.SeriesQuery;
import io.gridscope.history.records.EventQuery;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * "What would this rule have done over the last 24 hours": replays the stored history of the series a rule reads
 * through a fresh {@link AlertEngine} holding that rule alone, evaluating every {@code step}, and lists when each
 * alert would have gone pending, fired and resolved. Nothing is stored and nobody is notified. The history is read
 * at {@code step} resolution: gauges as each step's average, counters as their value at its end, so a spike
 * shorter than a step may not show (the preview says it is one). Reads at most
 * {@value #MAX_SAMPLES} raw samples; past that the preview stops and says where.
 */
public final class RulePreview {
    public static final int MAX_SAMPLES = 500_000;

    /**
     * One alert the rule would have raised. {@code firedAtMillis} 0: it stayed pending; resolved 0: still firing.
     * {@code peak} is its worst value while open: the one farthest past the threshold (the highest for {@code >},
     * the lowest for {@code <}, the most events for an event rule).
     */
    public record Episode(
            Labels labels, long pendingSinceMillis, long firedAtMillis, long resolvedAtMillis, double peak) {}

    public record Result(
            String rule,
            long fromMillis,
            long toMillis,
            Duration step,
            List<Episode> episodes,
            int seriesRead,
            long samplesRead,
            RuleStatus.Health health,
            String note) {
        public Result {
            episodes = List.copyOf(episodes);
        }

        public long fired() {
            return episodes.stream().filter(e -> e.firedAtMillis() != 0).count();
        }
    }

    private RulePreview() {}

    public static Result run(Rule rule, HistoryReader history, long from, long to, Duration step) {
        Rule r = rule.withEnabled(true);
        long lookback = Math.max(r.condition().lookback().toMillis(), AlertEngine.LOOKBACK.toMillis());
        long readFrom = from - lookback;
        TreeMap<Long, List<Sample>> byTime = new TreeMap<>();
        long samples = 0;
        int seriesRead = 0;
        String note = "";
        long stepMs = Math.max(1_000, step.toMillis());
        for (String metric : r.condition().metrics()) {
            List<SeriesAggregates> data =
                    history.queryRange(new SeriesQuery(metric, Labels.EMPTY, readFrom, to), stepMs);
            for (SeriesAggregates d : data) {
                seriesRead++;
                boolean counter = d.series().kind() == io.gridscope.model.MetricKind.COUNTER;
                for (int i = 0; i < d.size(); i++) {
                    if (samples >= MAX_SAMPLES) {
                        note = "more than " + MAX_SAMPLES + " points: later ones of some series are left out";
                        break;
                    }
                    if (d.count()[i] == 0) {
                        continue;
                    }
                    long t = d.epochMillis()[i] + d.stepMillis() - 1;
                    byTime.computeIfAbsent(t, x -> new ArrayList<>())
                            .add(new Sample(d.series(), t, counter ? d.last()[i] : d.avg(i)));
                    samples++;
                }
            }
        }
        TreeMap<Long, List<TelemetryEvent>> events = new TreeMap<>();
        if (r.condition() instanceof Condition.Event ev) {
            for (TelemetryEvent e : history.events(
                    EventQuery.between(from, to).withType(ev.type()).withLimit(EventQuery.MAX_LIMIT))) {
                events.computeIfAbsent(e.epochMillis(), t -> new ArrayList<>()).add(e);
            }
        }
        AlertEngine engine =
                new AlertEngine(new RuleSet(List.of(r), Map.of(), Duration.ofMinutes(15), List.of(), Optional.empty()));
        Map<String, Episode> open = new java.util.LinkedHashMap<>();
        List<Episode> done = new ArrayList<>();
        RuleStatus.Health health = RuleStatus.Health.NO_DATA;
        var sampleIt = byTime.entrySet().iterator();
        var eventIt = events.entrySet().iterator();
        Map.Entry<Long, List<Sample>> nextSamples = sampleIt.hasNext() ? sampleIt.next() : null;
        Map.Entry<Long, List<TelemetryEvent>> nextEvents = eventIt.hasNext() ? eventIt.next() : null;
        long start = from - (from % stepMs);
        for (long t = start; t <= to; t += stepMs) {
            List<Sample> batch = new ArrayList<>();
            while (nextSamples != null && nextSamples.getKey() <= t) {
                batch.addAll(nextSamples.getValue());
                nextSamples = sampleIt.hasNext() ? sampleIt.next() : null;
            }
            List<TelemetryEvent> evBatch = new ArrayList<>();
            while (nextEvents != null && nextEvents.getKey() <= t) {
                evBatch.addAll(nextEvents.getValue());
                nextEvents = eventIt.hasNext() ? eventIt.next() : null;
            }
            if (!batch.isEmpty() || !evBatch.isEmpty()) {
                engine.accept(new Snapshot("preview", t, batch, evBatch));
            }
            Evaluation e = engine.evaluate(t);
            if (t < from) {
                continue;
            }
            for (RuleStatus s : e.rules()) {
                if (s.health() == RuleStatus.Health.OK) {
                    health = RuleStatus.Health.OK;
                }
            }
            for (Transition tr : e.transitions()) {
                String fp = tr.alert().fingerprint();
                Episode ep = open.get(fp);
                switch (tr.to()) {
                    case PENDING ->
                        open.put(
                                fp,
                                new Episode(
                                        tr.alert().labels(), t, 0, 0, tr.alert().value()));
                    case FIRING ->
                        open.put(
                                fp,
                                new Episode(
                                        tr.alert().labels(),
                                        ep == null ? t : ep.pendingSinceMillis(),
                                        t,
                                        0,
                                        ep != null
                                                        && !fartherPast(
                                                                tr.alert().value(),
                                                                ep.peak(),
                                                                tr.alert().threshold())
                                                ? ep.peak()
                                                : tr.alert().value()));
                    case INACTIVE -> {
                        if (ep != null) {
                            done.add(ep);
                            open.remove(fp);
                        }
                    }
                    case RESOLVED -> {
                        if (ep != null) {
                            done.add(new Episode(
                                    ep.labels(), ep.pendingSinceMillis(), ep.firedAtMillis(), t, ep.peak()));
                            open.remove(fp);
                        }
                    }
                }
            }
            for (AlertInstance a : e.open()) {
                open.computeIfPresent(
                        a.fingerprint(),
                        (fp, ep) -> fartherPast(a.value(), ep.peak(), a.threshold())
                                ? new Episode(ep.labels(), ep.pendingSinceMillis(), ep.firedAtMillis(), 0, a.value())
                                : ep);
            }
        }
        done.addAll(open.values());
        done.sort(java.util.Comparator.comparingLong(Episode::pendingSinceMillis));
        if (r.condition() instanceof Condition.Event && !events.isEmpty()) {
            health = RuleStatus.Health.OK;
        }
        return new Result(r.name(), from, to, Duration.ofMillis(stepMs), done, seriesRead, samples, health, note);
    }

    /** Whether {@code value} lies farther from {@code threshold} than {@code peak}: the worse of the two. */
    private static boolean fartherPast(double value, double peak, double threshold) {
        return !Double.isNaN(value) && (Double.isNaN(peak) || Math.abs(value - threshold) > Math.abs(peak - threshold));
    }
}
