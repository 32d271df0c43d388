package io.gridscope.alerts.alertmanager;

import io.gridscope.model.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors Gridscope's alerts into the on-call team's Alertmanager and reads Alertmanager's back.
 *
 * <p><b>Pushing.</b> Every {@link Settings#pushInterval()} (30 s by default), and at once when an alert starts firing
 * or resolves, the mirror sends the current state of every local alert ({@code POST /api/v2/alerts}): a firing alert
 * with {@code endsAt = now + 4 × pushInterval}, so that a live Gridscope's alerts never lapse between pushes while a
 * crashed one's end by themselves; a resolved alert with {@code endsAt = resolvedAt}, repeated for {@link
 * Settings#resolvedResendWindow()} (5 min) after the resolution as Alertmanager's "expectations from clients" ask.
 * Every push holds whole states, so repeating one is harmless.
 *
 * <p><b>Nothing is lost while Alertmanager is down.</b> The mirror tracks, per alert key, what has reached
 * Alertmanager: whether the alert was delivered firing, and whether its resolution was. A failed push is retried
 * with exponential backoff ({@link Settings#minBackoff()} doubling up to {@link Settings#maxBackoff()}), and the try
 * after the outage sends the state of then: alerts still firing, and every resolution not yet delivered, however
 * long ago it happened (an alert that fired and resolved during the outage included). An alert the engine stops
 * listing after it was delivered firing is sent resolved at the time it disappeared; a resolution not yet delivered
 * is kept until it is, even if the engine forgets the alert. Alertmanager refusing alerts (HTTP 400: it keeps the
 * valid ones and names the others) is reported, not retried. When a push or a read is answered 429 or 503 with a
 * {@code Retry-After}, the mirror sends Alertmanager nothing more (no push, no read) until that time, at most {@link
 * Settings#maxBackoff()} away: a server or proxy that asks for quiet gets it, while backoff still applies.
 *
 * <p><b>Reading.</b> Every {@link Settings#readInterval()} the mirror reads Alertmanager's alerts and silences into
 * an {@link AmView}; a failed read keeps the previous picture, marked stale with the error.
 *
 * <p><b>Acknowledging.</b> {@link #acknowledge} creates a silence whose matchers are exactly the alert's labels, by
 * the person and with their comment, marked {@code [gridscope ack <fingerprint>]} ({@link Acknowledgement}), for
 * {@link Settings#ackHorizon()} (7 days). Every console reads acknowledgements from Alertmanager's silences, so all
 * see the same ones. After each read the mirror renews acknowledgements whose alert still fires when they have less
 * than {@link Settings#ackRenewBefore()} left, and expires those whose alert has been gone from Alertmanager
 * (resolved) for {@link Settings#ackExpiryGrace()} (2 min: Alertmanager keeps no alerts over a restart, and
 * Prometheus sends them again within a minute). Any console may do either; the loser of a race finds the work done.
 * {@link #unacknowledge} expires the alert's acknowledgement silences at once. What this console created is also
 * kept in an {@link AckLedger}.
 *
 * <p><b>Threads.</b> {@link #tick()} does everything due at the clock's time and is called by one scheduler thread
 * ({@link #start}) or by a test after moving a {@code ManualClock}; it never throws. {@link #acknowledge} and {@link
 * #unacknowledge} block on HTTP (call them off the UI thread) and wait for a tick in progress. {@link #status()} and
 * {@link #view()} are immutable snapshots, safe from any thread; listeners run on the mirror's thread after a tick or
 * action that changed either.
 */
public final class AlertmanagerMirror implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertmanagerMirror.class);
    /** At most this many alerts per request. */
    static final int MAX_ALERTS_PER_REQUEST = 500;

    /**
     * How the mirror paces itself.
     *
     * @param pushInterval          how often every alert's state is sent again (firing alerts are given
     *                              {@code endsAt = now + 4 × pushInterval})
     * @param readInterval          how often Alertmanager's alerts and silences are read
     * @param resolvedResendWindow  how long after its resolution a delivered resolved alert is still sent
     * @param minBackoff            the first wait after a failed push
     * @param maxBackoff            the longest wait between tries
     * @param ackHorizon            how long an acknowledgement silence lasts when made or renewed
     * @param ackRenewBefore        an acknowledgement with less than this left is renewed while its alert fires
     * @param ackExpiryGrace        how long an acknowledged alert must be gone before its silence is expired
     * @param tickPeriod            how often {@link #start}'s scheduler calls {@link #tick()}
     * @param extraLabels           labels added to every pushed alert that lacks them (e.g. {@code source=gridscope})
     * @param generatorUrl          the {@code generatorURL} of pushed alerts (a link back to Gridscope), or empty
     */
    public record Settings(
            Duration pushInterval,
            Duration readInterval,
            Duration resolvedResendWindow,
            Duration minBackoff,
            Duration maxBackoff,
            Duration ackHorizon,
            Duration ackRenewBefore,
            Duration ackExpiryGrace,
            Duration tickPeriod,
            Map<String, String> extraLabels,
            String generatorUrl) {
        public Settings {
            positive(pushInterval, "pushInterval");
            positive(readInterval, "readInterval");
            notNegative(resolvedResendWindow, "resolvedResendWindow");
            positive(minBackoff, "minBackoff");
            positive(maxBackoff, "maxBackoff");
            positive(ackHorizon, "ackHorizon");
            positive(ackRenewBefore, "ackRenewBefore");
            notNegative(ackExpiryGrace, "ackExpiryGrace");
            positive(tickPeriod, "tickPeriod");
            if (maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff is shorter than minBackoff");
            }
            if (ackRenewBefore.compareTo(ackHorizon) >= 0) {
                throw new IllegalArgumentException("ackRenewBefore must be shorter than ackHorizon");
            }
            extraLabels = OutgoingAlert.sorted(extraLabels, "extraLabels");
            generatorUrl = generatorUrl == null ? "" : generatorUrl;
        }

        /** 30 s pushes and reads, resolved alerts repeated 5 min, backoff 1 s … 5 min, acks of 7 days. */
        public static Settings defaults() {
            return new Settings(
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(5),
                    Duration.ofDays(7),
                    Duration.ofDays(1),
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(1),
                    Map.of(),
                    "");
        }

        public Settings withPushInterval(Duration d) {
            return new Settings(
                    d,
                    readInterval,
                    resolvedResendWindow,
                    minBackoff,
                    maxBackoff,
                    ackHorizon,
                    ackRenewBefore,
                    ackExpiryGrace,
                    tickPeriod,
                    extraLabels,
                    generatorUrl);
        }

        public Settings withReadInterval(Duration d) {
            return new Settings(
                    pushInterval,
                    d,
                    resolvedResendWindow,
                    minBackoff,
                    maxBackoff,
                    ackHorizon,
                    ackRenewBefore,
                    ackExpiryGrace,
                    tickPeriod,
                    extraLabels,
                    generatorUrl);
        }

        public Settings withBackoff(Duration min, Duration max) {
            return new Settings(
                    pushInterval,
                    readInterval,
                    resolvedResendWindow,
                    min,
                    max,
                    ackHorizon,
                    ackRenewBefore,
                    ackExpiryGrace,
                    tickPeriod,
                    extraLabels,
                    generatorUrl);
        }

        public Settings withAckTimes(Duration horizon, Duration renewBefore, Duration expiryGrace) {
            return new Settings(
                    pushInterval,
                    readInterval,
                    resolvedResendWindow,
                    minBackoff,
                    maxBackoff,
                    horizon,
                    renewBefore,
                    expiryGrace,
                    tickPeriod,
                    extraLabels,
                    generatorUrl);
        }

        public Settings withTickPeriod(Duration d) {
            return new Settings(
                    pushInterval,
                    readInterval,
                    resolvedResendWindow,
                    minBackoff,
                    maxBackoff,
                    ackHorizon,
                    ackRenewBefore,
                    ackExpiryGrace,
                    d,
                    extraLabels,
                    generatorUrl);
        }

        public Settings withExtraLabels(Map<String, String> labels) {
            return new Settings(
                    pushInterval,
                    readInterval,
                    resolvedResendWindow,
                    minBackoff,
                    maxBackoff,
                    ackHorizon,
                    ackRenewBefore,
                    ackExpiryGrace,
                    tickPeriod,
                    labels,
                    generatorUrl);
        }

        public Settings withGeneratorUrl(String url) {
            return new Settings(
                    pushInterval,
                    readInterval,
                    resolvedResendWindow,
                    minBackoff,
                    maxBackoff,
                    ackHorizon,
                    ackRenewBefore,
                    ackExpiryGrace,
                    tickPeriod,
                    extraLabels,
                    url);
        }

        /** The {@code endsAt} distance of a firing alert: four push intervals. */
        public Duration firingHorizon() {
            return pushInterval.multipliedBy(4);
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }

        private static void notNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
        }
    }

    /** What has reached Alertmanager of one local alert. */
    private static final class Tracked {
        LocalAlert alert;
        /** A push holding it firing reached Alertmanager (this firing episode). */
        boolean firingDelivered;
        /** When a push holding its resolution first reached Alertmanager; null until then. */
        Instant resolutionDeliveredAt;

        Tracked(LocalAlert alert) {
            this.alert = alert;
        }

        boolean undelivered() {
            return alert.isFiring() ? !firingDelivered : resolutionDeliveredAt == null;
        }
    }

    private final AlertmanagerClient client;
    private final Supplier<List<LocalAlert>> localAlerts;
    private final AckLedger ledger;
    private final Settings settings;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    // state below: guarded by this
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    /** Acknowledged alert fingerprint → since when Alertmanager no longer lists the alert. */
    private final Map<String, Instant> ackAlertAbsentSince = new HashMap<>();

    private Instant nextPushAt = Instant.MIN;
    private Instant nextReadAt = Instant.MIN;
    private int pushFailures;
    private Instant nextRetryAt;
    /** Until when Alertmanager asked to be left alone ({@code Retry-After}, capped); null when it did not. */
    private Instant quietUntil;

    private String pushError;
    private String readError;
    /** A push Alertmanager partly refused (HTTP 400), until the next push. */
    private String pushWarning;
    /** Acknowledgement upkeep that failed, until the next read. */
    private String upkeepWarning;

    private Instant lastSuccess;
    private int pendingBatch;
    private boolean anyExchange;
    private ScheduledFuture<?> scheduled;

    private volatile MirrorStatus status;
    private volatile AmView view = AmView.empty();

    /**
     * @param client      the Alertmanager to mirror (the mirror closes it in {@link #close()})
     * @param localAlerts Gridscope's own alerts in their current state; called on the mirror's thread each tick
     * @param ledger      where this console keeps the acknowledgement silences it made
     */
    public AlertmanagerMirror(
            AlertmanagerClient client,
            Supplier<List<LocalAlert>> localAlerts,
            AckLedger ledger,
            Settings settings,
            Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.localAlerts = Objects.requireNonNull(localAlerts, "localAlerts");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new MirrorStatus(
                MirrorStatus.State.UNKNOWN,
                Optional.of(client.options().baseUrl()),
                Optional.empty(),
                Optional.empty(),
                0,
                Optional.empty(),
                0);
    }

    public Settings settings() {
        return settings;
    }

    public MirrorStatus status() {
        return status;
    }

    public AmView view() {
        return view;
    }

    /** Runs {@code listener} on the mirror's thread whenever {@link #status()} or {@link #view()} changed. */
    public void addListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Schedules {@link #tick()} every {@link Settings#tickPeriod()} on {@code executor}, the first at once. */
    public synchronized void start(ScheduledExecutorService executor) {
        if (scheduled != null) {
            throw new IllegalStateException("already started");
        }
        long period = settings.tickPeriod().toMillis();
        scheduled = executor.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the scheduled ticks and releases the client (a request in flight fails at once). */
    @Override
    public void close() {
        ScheduledFuture<?> f;
        synchronized (this) {
            f = scheduled;
            scheduled = null;
        }
        if (f != null) {
            f.cancel(false);
        }
        client.close();
    }

    // ---------------------------------------------------------------- the tick

    /** Does what is due at the clock's time: push, read, renew and expire acknowledgements. Never throws. */
    public void tick() {
        MirrorStatus statusBefore = status;
        AmView viewBefore = view;
        synchronized (this) {
            try {
                Instant now = clock.instant();
                track(now);
                pushIfDue(now);
                if (!now.isBefore(nextReadAt) && !quiet(now)) {
                    read(now);
                }
                publishStatus();
            } catch (RuntimeException | Error e) {
                // a scheduled task that throws is never run again: report and carry on
                log.error("Alertmanager mirror: unexpected failure in a tick", e);
            }
        }
        if (status != statusBefore || view != viewBefore) {
            notifyListeners();
        }
    }

    /** Brings the per-key delivery records up to the engine's current alerts. */
    private void track(Instant now) {
        List<LocalAlert> current;
        try {
            current = List.copyOf(localAlerts.get());
        } catch (RuntimeException e) {
            log.warn("Alertmanager mirror: cannot read Gridscope's alerts this time: {}", e.toString());
            return; // keep what is tracked; nothing is resolved because the list could not be read
        }
        Set<String> seen = new HashSet<>();
        for (LocalAlert a : current) {
            if (!seen.add(a.key())) {
                continue; // one key, one alert: the first given wins
            }
            Tracked t = tracked.get(a.key());
            if (t == null) {
                tracked.put(a.key(), new Tracked(a));
                continue;
            }
            LocalAlert before = t.alert;
            if (!before.labels().equals(a.labels()) && t.firingDelivered && before.isFiring()) {
                // the same key under other labels is another alert to Alertmanager: end the old one
                String old = a.key() + "\u0000superseded\u0000" + now;
                Tracked ended = new Tracked(before.resolved(now));
                ended.firingDelivered = true;
                tracked.put(old, ended);
                t.firingDelivered = false;
            }
            if (a.isFiring() && (!before.isFiring() || !before.startsAt().equals(a.startsAt()))) {
                t.firingDelivered = false; // a new firing episode
                t.resolutionDeliveredAt = null;
            } else if (!a.isFiring() && !a.resolvedAt().equals(before.resolvedAt())) {
                t.resolutionDeliveredAt = null; // a (new) resolution to deliver
            }
            t.alert = a;
        }
        for (var it = tracked.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (seen.contains(e.getKey())) {
                continue;
            }
            Tracked t = e.getValue();
            if (t.alert.isFiring()) {
                if (t.firingDelivered) {
                    t.alert = t.alert.resolved(now); // gone from the engine: resolved as of now
                } else {
                    it.remove(); // never reached Alertmanager: nothing to correct there
                }
            } else if (t.resolutionDeliveredAt != null
                    && !now.isBefore(resolvedAt(t).plus(settings.resolvedResendWindow()))) {
                it.remove(); // delivered, out of its resend window, and the engine has let it go
            }
        }
    }

    private void pushIfDue(Instant now) {
        List<Map.Entry<String, OutgoingAlert>> batch = new ArrayList<>();
        boolean undelivered = false;
        for (Map.Entry<String, Tracked> e : tracked.entrySet()) {
            Tracked t = e.getValue();
            LocalAlert a = t.alert;
            undelivered |= t.undelivered();
            if (a.isFiring()) {
                batch.add(Map.entry(e.getKey(), outgoing(a, now.plus(settings.firingHorizon()))));
            } else if (t.resolutionDeliveredAt == null
                    || now.isBefore(resolvedAt(t).plus(settings.resolvedResendWindow()))) {
                Instant end = resolvedAt(t).isBefore(a.startsAt()) ? a.startsAt() : resolvedAt(t);
                batch.add(Map.entry(e.getKey(), outgoing(a, end)));
            }
        }
        pendingBatch = batch.size();
        boolean due = pushFailures > 0 ? !now.isBefore(nextRetryAt) : !now.isBefore(nextPushAt) || undelivered;
        if (!due || quiet(now)) {
            return;
        }
        if (batch.isEmpty()) {
            pushSettled(now); // nothing (left) to deliver
            return;
        }
        String refused = null;
        for (int from = 0; from < batch.size(); from += MAX_ALERTS_PER_REQUEST) {
            List<Map.Entry<String, OutgoingAlert>> chunk =
                    batch.subList(from, Math.min(batch.size(), from + MAX_ALERTS_PER_REQUEST));
            try {
                client.push(chunk.stream().map(Map.Entry::getValue).toList());
            } catch (AlertmanagerException e) {
                if (e.kind() == AlertmanagerException.Kind.HTTP_STATUS && e.httpStatus() == 400) {
                    // Alertmanager kept the valid alerts and names the others: sending them again will not help
                    refused = "Alertmanager refused some of Gridscope's alerts: " + e.getMessage();
                    log.warn("{}", refused);
                } else {
                    pushFailed(now, e, batch.size() - from);
                    return;
                }
            }
            for (Map.Entry<String, OutgoingAlert> sent : chunk) {
                Tracked t = tracked.get(sent.getKey());
                if (t.alert.isFiring()) {
                    t.firingDelivered = true;
                } else if (t.resolutionDeliveredAt == null) {
                    t.resolutionDeliveredAt = now;
                }
            }
        }
        if (pushFailures > 0) {
            log.info(
                    "Alertmanager {} reached again after {} failed pushes; {} alerts delivered",
                    client.options().baseUrl(),
                    pushFailures,
                    batch.size());
        }
        pushSettled(now);
        pushWarning = refused;
        succeeded(now);
    }

    private void pushSettled(Instant now) {
        if (pushFailures > 0) {
            nextReadAt = now; // reached again: read it at once too, so the page catches up
        }
        pushFailures = 0;
        nextRetryAt = null;
        pushError = null;
        pendingBatch = 0;
        nextPushAt = now.plus(settings.pushInterval());
    }

    private void pushFailed(Instant now, AlertmanagerException e, int unsent) {
        pushFailures++;
        askedToWait(now, e);
        nextRetryAt = notBeforeQuiet(now.plus(backoff(pushFailures)));
        Duration wait = Duration.between(now, nextRetryAt);
        pendingBatch = unsent;
        if (pushFailures == 1) {
            log.warn(
                    "Alertmanager {}: push failed, {} alerts kept and retried with backoff: {}",
                    client.options().baseUrl(),
                    unsent,
                    e.getMessage());
        } else {
            log.debug(
                    "Alertmanager push failed again ({} in a row), next try in {}: {}",
                    pushFailures,
                    DurationText.of(wait),
                    e.getMessage());
        }
        pushError = e.getMessage();
        anyExchange = true;
    }

    /** Keeps the wait a 429 or 503 answer asked for, at most {@code maxBackoff}; a later, shorter one ends sooner. */
    private void askedToWait(Instant now, AlertmanagerException e) {
        e.retryAfter().ifPresent(asked -> {
            Duration d = asked.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : asked;
            quietUntil = now.plus(d);
            log.debug("Alertmanager asked for {} of quiet ({} granted)", DurationText.of(asked), DurationText.of(d));
        });
    }

    private boolean quiet(Instant now) {
        return quietUntil != null && now.isBefore(quietUntil);
    }

    /** {@code t}, or the end of the quiet Alertmanager asked for when that is later. */
    private Instant notBeforeQuiet(Instant t) {
        return quietUntil != null && quietUntil.isAfter(t) ? quietUntil : t;
    }

    /** {@code minBackoff × 2^(failures-1)}, at most {@code maxBackoff}. */
    Duration backoff(int failures) {
        Duration d = settings.minBackoff();
        for (int i = 1; i < failures && d.compareTo(settings.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }

    private OutgoingAlert outgoing(LocalAlert a, Instant endsAt) {
        Map<String, String> labels = new TreeMap<>(settings.extraLabels());
        labels.putAll(a.labels());
        return new OutgoingAlert(labels, a.annotations(), a.startsAt(), endsAt, settings.generatorUrl());
    }

    private static Instant resolvedAt(Tracked t) {
        return t.alert.resolvedAt().orElseThrow();
    }

    // ---------------------------------------------------------------- reading and acknowledgement upkeep

    private void read(Instant now) {
        nextReadAt = now.plus(settings.readInterval());
        List<AmAlert> alerts;
        List<AmSilence> silences;
        try {
            alerts = client.alerts();
            silences = client.silences();
        } catch (AlertmanagerException e) {
            askedToWait(now, e);
            nextReadAt = notBeforeQuiet(nextReadAt);
            readError = e.getMessage();
            anyExchange = true;
            view = view.failed(e.getMessage());
            return;
        }
        readError = null;
        upkeepWarning = null;
        succeeded(now);
        if (upkeep(alerts, silences, now)) {
            try {
                silences = client.silences(); // show what the upkeep changed
            } catch (AlertmanagerException e) {
                log.debug("Alertmanager: re-reading silences failed: {}", e.getMessage());
            }
        }
        view = AmView.of(alerts, silences, now);
    }

    /**
     * Renews the acknowledgements of alerts still firing and expires those of alerts gone for the grace period.
     * Returns true when a silence was changed.
     */
    private boolean upkeep(List<AmAlert> alerts, List<AmSilence> silences, Instant now) {
        Map<String, AmAlert> byFingerprint = AmView.byFingerprint(alerts);
        Map<String, AmSilence> byId = new HashMap<>();
        silences.forEach(s -> byId.put(s.id(), s));
        // alert fingerprint → its active acknowledgement silences (every console's, and this console's own)
        Map<String, List<AmSilence>> acks = new LinkedHashMap<>();
        for (AmSilence s : silences) {
            Acknowledgement.of(s, byFingerprint)
                    .ifPresent(a -> acks.computeIfAbsent(a.alertFingerprint(), k -> new ArrayList<>())
                            .add(s));
        }
        for (Map.Entry<String, String> own : ledger.entries().entrySet()) {
            AmSilence s = byId.get(own.getValue());
            if (s == null || !s.active()) {
                ledger.remove(own.getKey()); // expired or gone: nothing left to look after
            } else if (!acks.getOrDefault(own.getKey(), List.of()).contains(s)) {
                acks.computeIfAbsent(own.getKey(), k -> new ArrayList<>()).add(s); // edited elsewhere, still ours
            }
        }
        ackAlertAbsentSince.keySet().retainAll(acks.keySet());
        boolean changed = false;
        for (Map.Entry<String, List<AmSilence>> e : acks.entrySet()) {
            String fingerprint = e.getKey();
            if (byFingerprint.containsKey(fingerprint)) {
                ackAlertAbsentSince.remove(fingerprint);
                for (AmSilence s : e.getValue()) {
                    if (Duration.between(now, s.endsAt()).compareTo(settings.ackRenewBefore()) < 0) {
                        changed |= renew(fingerprint, s, now);
                    }
                }
                continue;
            }
            Instant since = ackAlertAbsentSince.computeIfAbsent(fingerprint, k -> now);
            if (Duration.between(since, now).compareTo(settings.ackExpiryGrace()) < 0) {
                continue;
            }
            boolean all = true;
            for (AmSilence s : e.getValue()) {
                try {
                    client.expireSilence(s.id());
                    changed = true;
                    log.info(
                            "Alertmanager: acknowledgement of alert {} by {} ended (the alert resolved); silence {}"
                                    + " expired",
                            fingerprint,
                            s.createdBy(),
                            s.id());
                } catch (AlertmanagerException ex) {
                    all = false;
                    warn("cannot expire the acknowledgement silence " + s.id() + ": " + ex.getMessage());
                }
            }
            if (all) {
                ledger.remove(fingerprint);
                ackAlertAbsentSince.remove(fingerprint);
            }
        }
        return changed;
    }

    private boolean renew(String fingerprint, AmSilence s, Instant now) {
        try {
            String id = client.createSilence(SilenceSpec.extend(s, now.plus(settings.ackHorizon())));
            if (!id.equals(s.id())
                    && ledger.lookup(fingerprint).map(s.id()::equals).orElse(false)) {
                ledger.record(fingerprint, id);
            }
            log.debug("Alertmanager: acknowledgement silence {} of alert {} renewed as {}", s.id(), fingerprint, id);
            return true;
        } catch (AlertmanagerException e) {
            warn("cannot renew the acknowledgement silence " + s.id() + ": " + e.getMessage());
            return false;
        }
    }

    // ---------------------------------------------------------------- acknowledging

    /**
     * Acknowledges {@code alert}: a silence matching exactly its labels, by {@code who}, with {@code comment} and the
     * marker, from now for {@link Settings#ackHorizon()}. Blocks on HTTP. Acknowledging an alert that already is
     * adds this person's acknowledgement (the view shows the latest).
     *
     * @throws IllegalArgumentException when {@code who} is blank or the alert has no labels
     */
    public Acknowledgement acknowledge(AmAlert alert, String who, String comment) throws AlertmanagerException {
        Objects.requireNonNull(alert, "alert");
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs the name of who makes it");
        }
        if (alert.labels().isEmpty()) {
            throw new IllegalArgumentException("an alert without labels cannot be acknowledged");
        }
        Acknowledgement ack;
        synchronized (this) {
            Instant now = clock.instant();
            Instant end = now.plus(settings.ackHorizon());
            String words = comment == null ? "" : comment.strip();
            String id = client.createSilence(SilenceSpec.create(
                    Acknowledgement.matchersOf(alert.labels()),
                    now,
                    end,
                    who.strip(),
                    Acknowledgement.silenceComment(words, alert.fingerprint())));
            ledger.record(alert.fingerprint(), id);
            ackAlertAbsentSince.remove(alert.fingerprint());
            log.info(
                    "Alertmanager: alert {} {} acknowledged by {} (silence {})",
                    alert.name(),
                    alert.fingerprint(),
                    who.strip(),
                    id);
            ack = new Acknowledgement(alert.fingerprint(), id, who.strip(), words, now, end);
            nextReadAt = now; // show it at the next tick
        }
        return ack;
    }

    /**
     * Ends every acknowledgement of {@code alert}, whoever made it: reads the silences afresh and expires each
     * acknowledgement silence of the alert (and the one this console recorded). Blocks on HTTP.
     *
     * @return how many silences this call expired (0 when none was active)
     */
    public int unacknowledge(AmAlert alert) throws AlertmanagerException {
        Objects.requireNonNull(alert, "alert");
        synchronized (this) {
            List<AmSilence> silences = client.silences();
            Map<String, AmAlert> only = Map.of(alert.fingerprint(), alert);
            Set<String> ids = new java.util.LinkedHashSet<>();
            for (AmSilence s : silences) {
                Acknowledgement.of(s, only)
                        .filter(a -> a.alertFingerprint().equals(alert.fingerprint()))
                        .ifPresent(a -> ids.add(s.id()));
            }
            ledger.lookup(alert.fingerprint())
                    .filter(id -> silences.stream().anyMatch(x -> x.id().equals(id) && x.active()))
                    .ifPresent(ids::add); // this console's, even if edited elsewhere
            int expired = 0;
            for (String id : ids) {
                if (client.expireSilence(id)) {
                    expired++;
                }
            }
            ledger.remove(alert.fingerprint());
            ackAlertAbsentSince.remove(alert.fingerprint());
            log.info(
                    "Alertmanager: alert {} {} unacknowledged ({} silences expired)",
                    alert.name(),
                    alert.fingerprint(),
                    expired);
            nextReadAt = clock.instant();
            return expired;
        }
    }

    /** Reads Alertmanager at the next tick instead of waiting for the read interval. */
    public synchronized void refreshSoon() {
        nextReadAt = Instant.MIN;
    }

    // ---------------------------------------------------------------- status

    private void succeeded(Instant now) {
        lastSuccess = now;
        anyExchange = true;
    }

    private void warn(String message) {
        log.warn("Alertmanager: {}", message);
        upkeepWarning = message;
    }

    private void publishStatus() {
        int queued = pushFailures > 0
                ? pendingBatch
                : (int) tracked.values().stream().filter(Tracked::undelivered).count();
        MirrorStatus.State state = !anyExchange
                ? MirrorStatus.State.UNKNOWN
                : pushFailures > 0 || readError != null ? MirrorStatus.State.DOWN : MirrorStatus.State.UP;
        String error = pushError != null
                ? pushError
                : readError != null ? readError : pushWarning != null ? pushWarning : upkeepWarning;
        MirrorStatus next = new MirrorStatus(
                state,
                Optional.of(client.options().baseUrl()),
                Optional.ofNullable(lastSuccess),
                Optional.ofNullable(error),
                queued,
                Optional.ofNullable(nextRetryAt),
                pushFailures);
        if (!next.equals(status)) {
            status = next;
        }
    }

    private void notifyListeners() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.warn("Alertmanager mirror: a listener failed", e);
            }
        }
    }
}
