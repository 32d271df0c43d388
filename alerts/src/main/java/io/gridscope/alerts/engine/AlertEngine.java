package io.gridscope.alerts.engine;

import io.gridscope.alerts.rules.Comparison;
import io.gridscope.alerts.rules.Condition;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.alerts.rules.Template;
import io.gridscope.model.Counters;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evaluates alert rules over the telemetry as it arrives, with time given by the caller (an injected clock in
 * tests).
 *
 * <p><b>Input.</b> {@link #accept(Snapshot)} may be called from any thread (a collector's sink); it only enqueues
 * (at most {@value #MAX_QUEUED_SNAPSHOTS} snapshots; beyond that they are dropped and counted). Each
 * {@link #evaluate(long)} first moves the queued samples into per-series windows, keeping only the metrics some rule
 * reads and only as far back as the longest window over them (at least {@link #LOOKBACK}); then every enabled rule
 * is evaluated. Events (XID, GPU lost, double-bit ECC) are taken once each: an event counts in exactly one
 * evaluation, so repeats are separate occurrences, never a sticky value.
 *
 * <p><b>Values.</b> The value of a series "now" is its newest sample no older than {@link #LOOKBACK} (5 minutes,
 * as Prometheus). {@code avg/max/min} take the samples within the window. {@code rate}/{@code increase} follow
 * {@link Counters} (resets are increases from zero; at least two readings; a reading that is not a number, or a
 * negative one, is no reading); {@code delta} is newest − oldest, for gauges. A
 * forecast fits a least-squares line through the window (at least three samples spanning a quarter of it).
 *
 * <p><b>States.</b> Per rule and label set: when the condition holds, an inactive alert becomes pending (or firing
 * at once with {@code for = 0}); a pending one fires once it has held for {@code for}; a pending one whose condition
 * stops holding is dropped. A firing one stays firing while the condition holds, or, with a clear threshold, until
 * the value passes that threshold (hysteresis); then it stays {@code keep_firing_for} longer and resolves. A rule
 * none of whose series exists has the health {@code NO_DATA}; its firing alerts resolve when their series have no
 * sample in the lookback (the "series stopped" rules of the sources pack say so separately). A rule that is removed
 * or switched off resolves its firing alerts.
 *
 * <p>Not thread-safe apart from {@link #accept}: one thread evaluates.
 */
public final class AlertEngine {
    public static final Duration LOOKBACK = Duration.ofMinutes(5);
    public static final int MAX_QUEUED_SNAPSHOTS = 10_000;
    /** Series without a sample for this long are forgotten (bounded memory under label churn). */
    public static final Duration FORGET_AFTER = Duration.ofHours(6);
    /**
     * After a restart, an alert restored from the database keeps its state until its series have data again (or
     * this long has passed): the first evaluations of a fresh process have no samples yet, and must not resolve and
     * re-fire what was firing before the restart.
     */
    public static final Duration RESTORE_GRACE = Duration.ofMinutes(2);

    private final ConcurrentLinkedQueue<Snapshot> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong droppedSnapshots = new AtomicLong();

    private RuleSet rules;
    private Map<String, Long> keepByMetric = Map.of();
    private final Map<String, Map<Labels, SeriesWindow>> series = new HashMap<>();
    private final List<TelemetryEvent> events = new ArrayList<>();
    private final Map<String, Map<Labels, AlertInstance>> open = new LinkedHashMap<>();
    /** Restored alerts not yet seen again, by rule and fingerprint: the series labels they are filed under. */
    private final Map<String, Map<String, Labels>> restoredKeys = new HashMap<>();

    private long startedAtMillis = Long.MIN_VALUE;
    private final java.util.Set<String> restored = new java.util.HashSet<>();
    private long lastForgetMillis;

    public AlertEngine(RuleSet rules) {
        setRules(rules);
    }

    public RuleSet rules() {
        return rules;
    }

    /** Replaces the rules; alerts of rules that remain keep their state. Call from the evaluating thread. */
    public void setRules(RuleSet newRules) {
        this.rules = newRules;
        Map<String, Long> keep = new HashMap<>();
        for (Rule r : newRules.enabledRules()) {
            long k = Math.max(r.condition().lookback().toMillis(), LOOKBACK.toMillis()) + 60_000;
            for (String m : r.condition().metrics()) {
                keep.merge(m, k, Math::max);
            }
            r.context().ifPresent(c -> keep.merge(c.series().metric(), k, Math::max));
        }
        keepByMetric = Map.copyOf(keep);
        series.keySet().retainAll(keep.keySet());
        for (Map.Entry<String, Map<Labels, SeriesWindow>> e : series.entrySet()) {
            long k = keep.get(e.getKey());
            for (SeriesWindow w : e.getValue().values()) {
                w.keepMillis = k;
            }
        }
    }

    /** Enqueues a snapshot; any thread. Never blocks. */
    public void accept(Snapshot snapshot) {
        if (queued.incrementAndGet() > MAX_QUEUED_SNAPSHOTS) {
            queued.decrementAndGet();
            droppedSnapshots.incrementAndGet();
            return;
        }
        queue.add(snapshot);
    }

    /** Snapshots dropped because evaluation fell behind by more than {@value #MAX_QUEUED_SNAPSHOTS}. */
    public long droppedSnapshots() {
        return droppedSnapshots.get();
    }

    /**
     * Puts back alerts that were open when the process stopped (from the database), so none fires twice. Each is
     * filed under the series labels recovered from its own; where that guess is wrong (a rule label had replaced a
     * series label of the same name, or the rules were not yet loaded), the first series whose alert would have the
     * same fingerprint takes it over.
     */
    public void restore(List<AlertInstance> persisted) {
        for (AlertInstance a : persisted) {
            if (a.state().open()) {
                Labels key = seriesKey(a);
                open.computeIfAbsent(a.rule(), r -> new LinkedHashMap<>()).put(key, a);
                restored.add(a.fingerprint());
                restoredKeys.computeIfAbsent(a.rule(), r -> new HashMap<>()).put(a.fingerprint(), key);
            }
        }
    }

    /** The open (pending or firing) alerts. */
    public List<AlertInstance> openAlerts() {
        List<AlertInstance> out = new ArrayList<>();
        for (Map<Labels, AlertInstance> m : open.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    public Evaluation evaluate(long now) {
        long t0 = System.nanoTime();
        if (startedAtMillis == Long.MIN_VALUE) {
            startedAtMillis = now;
        }
        drain();
        if (now - lastForgetMillis > 60_000) {
            forgetStale(now);
            lastForgetMillis = now;
        }
        List<Transition> transitions = new ArrayList<>();
        List<RuleStatus> statuses = new ArrayList<>();
        java.util.Set<String> enabled = new java.util.HashSet<>();
        for (Rule rule : rules.rules()) {
            if (!rule.enabled()) {
                statuses.add(new RuleStatus(rule.name(), RuleStatus.Health.DISABLED, "switched off", 0, 0, now));
                continue;
            }
            enabled.add(rule.name());
            try {
                statuses.add(evaluateRule(rule, now, transitions));
            } catch (RuntimeException e) {
                statuses.add(new RuleStatus(rule.name(), RuleStatus.Health.ERROR, String.valueOf(e), 0, 0, now));
            }
        }
        // Rules removed or switched off: their firing alerts resolve, their pending ones are dropped.
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!enabled.contains(e.getKey())) {
                for (AlertInstance a : e.getValue().values()) {
                    transitions.add(
                            a.state() == AlertState.FIRING
                                    ? new Transition(
                                            AlertState.FIRING, a.with(AlertState.RESOLVED, a.firedAtMillis(), now))
                                    : new Transition(AlertState.PENDING, a.with(AlertState.INACTIVE, 0, 0)));
                }
                it.remove();
                restoredKeys.remove(e.getKey());
            }
        }
        events.clear();
        return new Evaluation(now, transitions, openAlerts(), statuses, System.nanoTime() - t0);
    }

    // ------------------------------------------------------------------------------------------------ input

    private void drain() {
        Snapshot s;
        while ((s = queue.poll()) != null) {
            queued.decrementAndGet();
            for (Sample sample : s.samples()) {
                Long keep = keepByMetric.get(sample.series().metric());
                if (keep == null) {
                    continue;
                }
                series.computeIfAbsent(sample.series().metric(), m -> new HashMap<>())
                        .computeIfAbsent(sample.series().labels(), l -> new SeriesWindow(keep))
                        .add(sample.epochMillis(), sample.value());
            }
            events.addAll(s.events());
        }
    }

    private void forgetStale(long now) {
        long cutoff = now - FORGET_AFTER.toMillis();
        for (Map<Labels, SeriesWindow> m : series.values()) {
            m.values().removeIf(w -> w.lastTime() < cutoff);
            for (SeriesWindow w : m.values()) {
                w.trim(now);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ rules

    /** What one series (or event group) contributes: active or not, with its value and threshold. */
    private record Candidate(
            Labels key, boolean active, double value, double threshold, int newEvents, long first, long at) {}

    /** The newest value and labels of each context series, by join key; empty when the rule has no context. */
    private Map<String, Map.Entry<Labels, Double>> context(Rule rule, long now) {
        if (rule.context().isEmpty()) {
            return Map.of();
        }
        Rule.Context ctx = rule.context().get();
        Map<String, Map.Entry<Labels, Double>> out = new HashMap<>();
        for (Map.Entry<Labels, SeriesWindow> e : matching(ctx.series()).entrySet()) {
            double v = latest(e.getValue(), now);
            if (!Double.isNaN(v)) {
                out.put(joinKey(e.getKey(), ctx.on()), Map.entry(e.getKey(), v));
            }
        }
        return out;
    }

    private static String fill(
            String template,
            Rule rule,
            Labels key,
            Labels labels,
            double value,
            double threshold,
            Map<String, Map.Entry<Labels, Double>> context) {
        if (rule.context().isEmpty()) {
            return Template.fill(template, labels, value, threshold);
        }
        Map.Entry<Labels, Double> c =
                context.get(joinKey(key, rule.context().get().on()));
        return c == null
                ? Template.fill(template, labels, value, threshold, Double.NaN, Labels.EMPTY)
                : Template.fill(template, labels, value, threshold, c.getValue(), c.getKey());
    }

    private RuleStatus evaluateRule(Rule rule, long now, List<Transition> out) {
        Map<String, Map.Entry<Labels, Double>> context = context(rule, now);
        Map<Labels, AlertInstance> mine = open.computeIfAbsent(rule.name(), r -> new LinkedHashMap<>());
        List<Candidate> candidates = new ArrayList<>();
        int seen = switch (rule.condition()) {
            case Condition.Threshold t -> threshold(t, now, rule, mine, candidates);
            case Condition.Change c -> change(c, now, rule, mine, candidates);
            case Condition.Absent a -> absent(a, now, candidates);
            case Condition.Predict p -> predict(p, now, candidates);
            case Condition.Event e -> event(e, candidates);
        };
        // Several candidates share a key only for events of one label set: their counts add up, and the alert is
        // active from the first of them to the last.
        Map<Labels, Candidate> activeNow = new HashMap<>();
        java.util.Set<Labels> evaluated = new java.util.HashSet<>();
        for (Candidate c : candidates) {
            evaluated.add(c.key());
            if (c.active()) {
                activeNow.merge(
                        c.key(),
                        c,
                        (a, b) -> new Candidate(
                                a.key(),
                                true,
                                b.value(),
                                b.threshold(),
                                a.newEvents() + b.newEvents(),
                                Math.min(a.first(), b.first()),
                                Math.max(a.at(), b.at())));
            }
        }
        boolean isEvent = rule.condition() instanceof Condition.Event;
        for (Candidate c : activeNow.values()) {
            AlertInstance a = current(rule, c.key(), mine);
            if (a == null) {
                Labels labels = instanceLabels(rule, c.key());
                int count = isEvent ? c.newEvents() : 0;
                double value = isEvent ? count : c.value();
                AlertInstance fresh = new AlertInstance(
                        rule.name(),
                        AlertInstance.fingerprint(rule.name(), labels),
                        labels,
                        rule.severity(),
                        AlertState.PENDING,
                        isEvent ? c.first() : now,
                        0,
                        0,
                        isEvent ? c.at() : now,
                        value,
                        c.threshold(),
                        fill(rule.summary(), rule, c.key(), labels, value, c.threshold(), context),
                        fill(rule.description(), rule, c.key(), labels, value, c.threshold(), context),
                        rule.runbook(),
                        count);
                if (isEvent || rule.forDuration().isZero()) {
                    fresh = fresh.with(AlertState.FIRING, now, 0);
                    out.add(new Transition(AlertState.INACTIVE, fresh));
                } else {
                    out.add(new Transition(AlertState.INACTIVE, fresh));
                }
                mine.put(c.key(), fresh);
                continue;
            }
            int count = a.eventCount() + (isEvent ? c.newEvents() : 0);
            double value = isEvent ? count : c.value();
            long lastActive = isEvent ? Math.max(a.lastActiveMillis(), c.at()) : now;
            AlertInstance updated = new AlertInstance(
                    a.rule(),
                    a.fingerprint(),
                    a.labels(),
                    a.severity(),
                    a.state(),
                    a.activeSinceMillis(),
                    a.firedAtMillis(),
                    0,
                    lastActive,
                    value,
                    c.threshold(),
                    fill(rule.summary(), rule, c.key(), a.labels(), value, c.threshold(), context),
                    fill(rule.description(), rule, c.key(), a.labels(), value, c.threshold(), context),
                    rule.runbook(),
                    count);
            if (a.state() == AlertState.PENDING
                    && now - a.activeSinceMillis() >= rule.forDuration().toMillis()) {
                updated = updated.with(AlertState.FIRING, now, 0);
                out.add(new Transition(AlertState.PENDING, updated));
            }
            mine.put(c.key(), updated);
        }
        // Alerts whose condition no longer holds.
        for (var it = mine.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (activeNow.containsKey(e.getKey())) {
                continue;
            }
            AlertInstance a = e.getValue();
            if (!evaluated.contains(e.getKey())
                    && restored.contains(a.fingerprint())
                    && now - startedAtMillis < RESTORE_GRACE.toMillis()) {
                continue; // restored and not yet evaluated: keep its state until its series report again
            }
            restored.remove(a.fingerprint());
            if (a.state() == AlertState.PENDING) {
                out.add(new Transition(AlertState.PENDING, a.with(AlertState.INACTIVE, 0, 0)));
                it.remove();
                forgetRestored(a);
            } else if (now - a.lastActiveMillis() >= rule.keepFiringFor().toMillis()) {
                out.add(new Transition(AlertState.FIRING, a.with(AlertState.RESOLVED, a.firedAtMillis(), now)));
                it.remove();
                forgetRestored(a);
            }
        }
        int active = mine.size();
        if (seen == 0
                && !(rule.condition() instanceof Condition.Event)
                && !(rule.condition() instanceof Condition.Absent)) {
            return new RuleStatus(
                    rule.name(),
                    RuleStatus.Health.NO_DATA,
                    "no data: no series " + String.join(" or ", describeInputs(rule.condition())) + " has a sample in"
                            + " the last "
                            + io.gridscope.model.DurationText.of(
                                    max(rule.condition().lookback(), LOOKBACK)),
                    0,
                    active,
                    now);
        }
        return new RuleStatus(rule.name(), RuleStatus.Health.OK, "", seen, active, now);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static List<String> describeInputs(Condition c) {
        return switch (c) {
            case Condition.Threshold t -> List.of(t.series().toString());
            case Condition.Change ch -> List.of(ch.series().toString());
            case Condition.Predict p -> List.of(p.series().toString());
            case Condition.Absent a -> List.of(a.series().toString());
            case Condition.Event e -> List.of(e.type());
        };
    }

    private static Labels instanceLabels(Rule rule, Labels key) {
        Map<String, String> m = new LinkedHashMap<>(key.asMap());
        m.putAll(rule.labels().asMap());
        m.put("alertname", rule.name());
        m.put("severity", rule.severity().label());
        return Labels.of(m);
    }

    /**
     * The open alert of {@code rule} for the series {@code key}: the one filed under it, or a restored one whose
     * fingerprint is the one this series' alert would have (then filed under {@code key} from now on).
     */
    private AlertInstance current(Rule rule, Labels key, Map<Labels, AlertInstance> mine) {
        AlertInstance a = mine.get(key);
        Map<String, Labels> restored = restoredKeys.get(rule.name());
        if (restored == null || restored.isEmpty()) {
            return a;
        }
        if (a != null) {
            restored.remove(a.fingerprint());
            return a;
        }
        Labels filedUnder = restored.remove(AlertInstance.fingerprint(rule.name(), instanceLabels(rule, key)));
        if (filedUnder == null) {
            return null;
        }
        a = mine.get(filedUnder);
        if (a == null) {
            return null;
        }
        mine.remove(filedUnder);
        mine.put(key, a);
        return a;
    }

    private void forgetRestored(AlertInstance a) {
        Map<String, Labels> restored = restoredKeys.get(a.rule());
        if (restored != null) {
            restored.remove(a.fingerprint());
        }
    }

    /** The series' own labels, recovered from a stored alert: its labels less the rule's and the two it adds. */
    private Labels seriesKey(AlertInstance a) {
        Map<String, String> m = new LinkedHashMap<>(a.labels().asMap());
        m.remove("alertname");
        m.remove("severity");
        rules.rule(a.rule()).ifPresent(r -> {
            for (String n : r.labels().asMap().keySet()) {
                m.remove(n);
            }
        });
        return Labels.of(m);
    }

    private Map<Labels, SeriesWindow> matching(io.gridscope.alerts.rules.Selector sel) {
        Map<Labels, SeriesWindow> all = series.getOrDefault(sel.metric(), Map.of());
        if (sel.matchers().isEmpty()) {
            return all;
        }
        Map<Labels, SeriesWindow> out = new HashMap<>();
        for (Map.Entry<Labels, SeriesWindow> e : all.entrySet()) {
            if (sel.matches(sel.metric(), e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static double latest(SeriesWindow w, long now) {
        if (w.size() == 0 || now - w.lastTime() > LOOKBACK.toMillis() || w.lastTime() > now) {
            return Double.NaN;
        }
        return w.lastValue();
    }

    private static double aggregate(SeriesWindow w, Condition.Aggregation agg, Duration window, long now) {
        if (agg == Condition.Aggregation.LAST) {
            return latest(w, now);
        }
        int from = w.firstAtOrAfter(now - window.toMillis());
        int n = 0;
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int k = from; k < w.size(); k++) {
            if (w.time(k) > now) {
                break;
            }
            double v = w.value(k);
            if (Double.isNaN(v)) {
                continue;
            }
            n++;
            sum += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        if (n == 0) {
            return Double.NaN;
        }
        return switch (agg) {
            case AVG -> sum / n;
            case MAX -> max;
            case MIN -> min;
            case LAST -> throw new IllegalStateException();
        };
    }

    private static String joinKey(Labels labels, List<String> on) {
        StringBuilder sb = new StringBuilder();
        for (String n : on) {
            sb.append(labels.get(n).orElse("")).append('\u0000');
        }
        return sb.toString();
    }

    private Map<String, Double> latestJoined(io.gridscope.alerts.rules.Selector sel, List<String> on, long now) {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<Labels, SeriesWindow> e : matching(sel).entrySet()) {
            double v = latest(e.getValue(), now);
            if (!Double.isNaN(v)) {
                out.put(joinKey(e.getKey(), on), v);
            }
        }
        return out;
    }

    private int threshold(
            Condition.Threshold t, long now, Rule rule, Map<Labels, AlertInstance> mine, List<Candidate> out) {
        Map<String, Double> operand = t.operand().isPresent()
                ? latestJoined(t.operand().get().series(), t.operand().get().on(), now)
                : null;
        Map<String, Double> guard = t.guard().isPresent()
                ? latestJoined(t.guard().get().series(), t.guard().get().on(), now)
                : null;
        int seen = 0;
        for (Map.Entry<Labels, SeriesWindow> e : matching(t.series()).entrySet()) {
            double v = aggregate(e.getValue(), t.aggregation(), t.window(), now);
            if (Double.isNaN(v)) {
                continue;
            }
            if (operand != null) {
                Double other = operand.get(joinKey(e.getKey(), t.operand().get().on()));
                if (other == null) {
                    continue;
                }
                v = t.operand().get().arithmetic().apply(v, other);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    continue;
                }
            }
            seen++;
            boolean active = active(t.op(), v, t.value(), t.clear(), current(rule, e.getKey(), mine));
            if (active && guard != null) {
                Double g = guard.get(joinKey(e.getKey(), t.guard().get().on()));
                active = g != null
                        && t.guard().get().op().test(g, t.guard().get().value());
            }
            out.add(new Candidate(e.getKey(), active, v, t.value(), 0, now, now));
        }
        return seen;
    }

    private static boolean active(
            Comparison op, double v, double threshold, java.util.OptionalDouble clear, AlertInstance current) {
        if (current != null && current.state() == AlertState.FIRING && clear.isPresent()) {
            return op.stillActive(v, clear.getAsDouble());
        }
        return op.test(v, threshold);
    }

    private int change(Condition.Change c, long now, Rule rule, Map<Labels, AlertInstance> mine, List<Candidate> out) {
        boolean counter = c.function() != Condition.Change.Function.DELTA;
        int seen = 0;
        for (Map.Entry<Labels, SeriesWindow> e : matching(c.series()).entrySet()) {
            SeriesWindow w = e.getValue();
            int from = w.firstAtOrAfter(now - c.window().toMillis());
            int to = w.size();
            while (to > from && w.time(to - 1) > now) {
                to--;
            }
            // Readings that are not numbers (or, of a counter, negative) are no readings: neither an end nor a base.
            int first = -1;
            int last = -1;
            int readings = 0;
            double increase = 0;
            for (int k = from; k < to; k++) {
                double v = w.value(k);
                if (!Double.isFinite(v) || (counter && v < 0)) {
                    continue;
                }
                if (last >= 0 && counter) {
                    increase += Counters.increase(w.value(last), v);
                }
                if (first < 0) {
                    first = k;
                }
                last = k;
                readings++;
            }
            if (readings < 2) {
                continue;
            }
            double v = switch (c.function()) {
                case DELTA -> w.value(last) - w.value(first);
                case INCREASE -> increase;
                case RATE -> increase / ((w.time(last) - w.time(first)) / 1000.0);
            };
            seen++;
            out.add(new Candidate(
                    e.getKey(),
                    active(c.op(), v, c.value(), c.clear(), current(rule, e.getKey(), mine)),
                    v,
                    c.value(),
                    0,
                    now,
                    now));
        }
        return seen;
    }

    private int absent(Condition.Absent a, long now, List<Candidate> out) {
        long stale = a.staleAfter().toMillis();
        Map<Labels, SeriesWindow> found = matching(a.series());
        if (found.isEmpty()) {
            // Nothing at all: say so once the process has run long enough to have seen a sample.
            if (now - startedAtMillis >= stale) {
                out.add(new Candidate(a.series().equalityLabels(), true, 0, stale / 1000.0, 0, now, now));
            }
            return 0;
        }
        for (Map.Entry<Labels, SeriesWindow> e : found.entrySet()) {
            long age = now - e.getValue().lastTime();
            out.add(new Candidate(e.getKey(), age >= stale, age / 1000.0, stale / 1000.0, 0, now, now));
        }
        return found.size();
    }

    private int predict(Condition.Predict p, long now, List<Candidate> out) {
        int seen = 0;
        long window = p.window().toMillis();
        for (Map.Entry<Labels, SeriesWindow> e : matching(p.series()).entrySet()) {
            SeriesWindow w = e.getValue();
            int from = w.firstAtOrAfter(now - window);
            int n = w.size() - from;
            if (n < 3 || w.lastTime() - w.time(from) < window / 4 || now - w.lastTime() > LOOKBACK.toMillis()) {
                continue;
            }
            // Least squares in seconds relative to now, for numerical stability.
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int k = from; k < w.size(); k++) {
                double x = (w.time(k) - now) / 1000.0;
                double y = w.value(k);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            double denom = n * sxx - sx * sx;
            if (denom == 0) {
                continue;
            }
            double slope = (n * sxy - sx * sy) / denom;
            double intercept = (sy - slope * sx) / n;
            double forecast = intercept + slope * (p.horizon().toMillis() / 1000.0);
            seen++;
            out.add(new Candidate(e.getKey(), p.op().test(forecast, p.value()), forecast, p.value(), 0, now, now));
        }
        return seen;
    }

    private int event(Condition.Event ev, List<Candidate> out) {
        int seen = 0;
        for (TelemetryEvent e : events) {
            if (ev.matches(e)) {
                seen++;
                out.add(new Candidate(e.labels(), true, 1, 0, 1, e.epochMillis(), e.epochMillis()));
            }
        }
        return seen;
    }
}
