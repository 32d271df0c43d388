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
 * <p><b>Cost.</b> The series a selector matches are kept from one evaluation to the next (per selector, the
 * matching labels and windows side by side), and looked up again only when a series of that metric appears or is
 * forgotten (a generation count per metric): a steady fleet pays the label matching, regular expressions included,
 * once rather than every cycle. Per cycle the engine then reads the windows and allocates for active series only: a
 * series whose condition does not hold leaves nothing behind, except while alerts restored after a restart are in
 * their grace period (then every series evaluated is noted, so that those not yet evaluated keep their state). The
 * open alert of a series is looked up for each one evaluated only where that matters: for a rule with a clear
 * threshold (hysteresis), or with restored alerts still to be matched to their series by fingerprint. Context
 * series are read only when the rule has active series whose texts they fill.
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
    /** Per metric, a count bumped whenever one of its series appears or is forgotten. */
    private final Map<String, long[]> generations = new HashMap<>();
    /** The series each selector (of the current rules) matched, and the generation of its metric at the time. */
    private final Map<io.gridscope.alerts.rules.Selector, Matched> matchedBySelector =
            new java.util.IdentityHashMap<>();
    /** Whether this evaluation must note every series evaluated: restored alerts are in their grace period. */
    private boolean trackEvaluated;

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
        generations.keySet().retainAll(keep.keySet());
        matchedBySelector.clear();
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
        trackEvaluated = !restored.isEmpty() && now - startedAtMillis < RESTORE_GRACE.toMillis();
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
                String metric = sample.series().metric();
                Map<Labels, SeriesWindow> windows = series.computeIfAbsent(metric, m -> new HashMap<>());
                SeriesWindow w = windows.get(sample.series().labels());
                if (w == null) {
                    w = new SeriesWindow(keep);
                    windows.put(sample.series().labels(), w);
                    generations.computeIfAbsent(metric, m -> new long[1])[0]++;
                }
                w.add(sample.epochMillis(), sample.value());
            }
            events.addAll(s.events());
        }
    }

    private void forgetStale(long now) {
        long cutoff = now - FORGET_AFTER.toMillis();
        for (Map.Entry<String, Map<Labels, SeriesWindow>> e : series.entrySet()) {
            Map<Labels, SeriesWindow> m = e.getValue();
            if (m.values().removeIf(w -> w.lastTime() < cutoff)) {
                generations.computeIfAbsent(e.getKey(), x -> new long[1])[0]++;
            }
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
        Matched m = matching(ctx.series());
        for (int i = 0; i < m.size(); i++) {
            double v = latest(m.windows()[i], now);
            if (!Double.isNaN(v)) {
                out.put(joinKey(m.keys()[i], ctx.on()), Map.entry(m.keys()[i], v));
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
        java.util.Set<Labels> evaluated = trackEvaluated ? new java.util.HashSet<>() : java.util.Set.of();
        for (Candidate c : candidates) {
            if (trackEvaluated) {
                evaluated.add(c.key());
            }
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
        Map<String, Map.Entry<Labels, Double>> context = activeNow.isEmpty() ? Map.of() : context(rule, now);
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
            if (trackEvaluated
                    && !evaluated.contains(e.getKey())
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

    /** The series a selector matched: their labels and windows, side by side. */
    private record Matched(long generation, Labels[] keys, SeriesWindow[] windows) {
        int size() {
            return keys.length;
        }
    }

    private static final Matched NONE = new Matched(-1, new Labels[0], new SeriesWindow[0]);

    /**
     * The series {@code sel} matches, from the cache unless a series of its metric appeared or was forgotten since.
     * They come in the order in which a map of them, filled from the metric's series, would list them.
     */
    private Matched matching(io.gridscope.alerts.rules.Selector sel) {
        long[] gen = generations.get(sel.metric());
        if (gen == null) {
            return NONE;
        }
        Matched m = matchedBySelector.get(sel);
        if (m != null && m.generation() == gen[0]) {
            return m;
        }
        Map<Labels, SeriesWindow> all = series.getOrDefault(sel.metric(), Map.of());
        Map<Labels, SeriesWindow> found = all;
        if (!sel.matchers().isEmpty()) {
            found = new HashMap<>();
            for (Map.Entry<Labels, SeriesWindow> e : all.entrySet()) {
                if (sel.matches(sel.metric(), e.getKey())) {
                    found.put(e.getKey(), e.getValue());
                }
            }
        }
        Labels[] keys = new Labels[found.size()];
        SeriesWindow[] windows = new SeriesWindow[found.size()];
        int i = 0;
        for (Map.Entry<Labels, SeriesWindow> e : found.entrySet()) {
            keys[i] = e.getKey();
            windows[i] = e.getValue();
            i++;
        }
        m = new Matched(gen[0], keys, windows);
        matchedBySelector.put(sel, m);
        return m;
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
        Matched m = matching(sel);
        for (int i = 0; i < m.size(); i++) {
            double v = latest(m.windows()[i], now);
            if (!Double.isNaN(v)) {
                out.put(joinKey(m.keys()[i], on), v);
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
        boolean lookUp = needsCurrent(rule, t.clear());
        int seen = 0;
        Matched m = matching(t.series());
        for (int i = 0; i < m.size(); i++) {
            Labels key = m.keys()[i];
            double v = aggregate(m.windows()[i], t.aggregation(), t.window(), now);
            if (Double.isNaN(v)) {
                continue;
            }
            if (operand != null) {
                Double other = operand.get(joinKey(key, t.operand().get().on()));
                if (other == null) {
                    continue;
                }
                v = t.operand().get().arithmetic().apply(v, other);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    continue;
                }
            }
            seen++;
            boolean active = active(t.op(), v, t.value(), t.clear(), lookUp ? current(rule, key, mine) : null);
            if (active && guard != null) {
                Double g = guard.get(joinKey(key, t.guard().get().on()));
                active = g != null
                        && t.guard().get().op().test(g, t.guard().get().value());
            }
            if (active || trackEvaluated) {
                out.add(new Candidate(key, active, v, t.value(), 0, now, now));
            }
        }
        return seen;
    }

    /**
     * Whether the open alert of each series evaluated must be looked up: for hysteresis (a clear threshold), or
     * because restored alerts of the rule are still to be found by fingerprint (which files them under their series).
     * Otherwise only active series need it, and {@link #evaluateRule} looks those up.
     */
    private boolean needsCurrent(Rule rule, java.util.OptionalDouble clear) {
        if (clear.isPresent()) {
            return true;
        }
        Map<String, Labels> pending = restoredKeys.get(rule.name());
        return pending != null && !pending.isEmpty();
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
        boolean lookUp = needsCurrent(rule, c.clear());
        int seen = 0;
        Matched m = matching(c.series());
        for (int i = 0; i < m.size(); i++) {
            SeriesWindow w = m.windows()[i];
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
            Labels key = m.keys()[i];
            boolean active = active(c.op(), v, c.value(), c.clear(), lookUp ? current(rule, key, mine) : null);
            if (active || trackEvaluated) {
                out.add(new Candidate(key, active, v, c.value(), 0, now, now));
            }
        }
        return seen;
    }

    private int absent(Condition.Absent a, long now, List<Candidate> out) {
        long stale = a.staleAfter().toMillis();
        Matched found = matching(a.series());
        if (found.size() == 0) {
            // Nothing at all: say so once the process has run long enough to have seen a sample.
            if (now - startedAtMillis >= stale) {
                out.add(new Candidate(a.series().equalityLabels(), true, 0, stale / 1000.0, 0, now, now));
            }
            return 0;
        }
        for (int i = 0; i < found.size(); i++) {
            long age = now - found.windows()[i].lastTime();
            if (age >= stale || trackEvaluated) {
                out.add(new Candidate(found.keys()[i], age >= stale, age / 1000.0, stale / 1000.0, 0, now, now));
            }
        }
        return found.size();
    }

    private int predict(Condition.Predict p, long now, List<Candidate> out) {
        int seen = 0;
        long window = p.window().toMillis();
        Matched m = matching(p.series());
        for (int i = 0; i < m.size(); i++) {
            SeriesWindow w = m.windows()[i];
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
            boolean active = p.op().test(forecast, p.value());
            if (active || trackEvaluated) {
                out.add(new Candidate(m.keys()[i], active, forecast, p.value(), 0, now, now));
            }
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
