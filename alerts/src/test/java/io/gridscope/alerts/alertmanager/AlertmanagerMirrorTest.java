package io.gridscope.alerts.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridscope.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mirror against an in-memory Alertmanager, driven tick by tick with a hand-moved clock. */
class AlertmanagerMirrorTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final Map<String, String> GPU_HOT = Map.of("alertname", "GpuTooHot", "gpu", "0", "host", "ws1");
    private static final Map<String, String> BUDGET = Map.of("alertname", "BudgetExceeded", "team", "ml");

    private final ManualClock clock = new ManualClock(T0.toEpochMilli());
    private final List<LocalAlert> local = new CopyOnWriteArrayList<>();
    private final AckLedger ledger = AckLedger.inMemory();
    private FakeAlertmanager am;
    private final List<AlertmanagerMirror> mirrors = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        am = new FakeAlertmanager(clock);
    }

    @AfterEach
    void stop() {
        mirrors.forEach(AlertmanagerMirror::close);
        am.close();
    }

    private AlertmanagerMirror mirror(AlertmanagerMirror.Settings settings) {
        return mirror(settings, () -> List.copyOf(local), ledger);
    }

    private AlertmanagerMirror mirror(
            AlertmanagerMirror.Settings settings, Supplier<List<LocalAlert>> alerts, AckLedger ledger) {
        AlertmanagerClient client = new AlertmanagerClient(
                AlertmanagerClient.Options.of(am.url()).withRequestTimeout(Duration.ofSeconds(5)),
                AlertmanagerAuth.none(),
                clock);
        AlertmanagerMirror m = new AlertmanagerMirror(client, alerts, ledger, settings, clock);
        mirrors.add(m);
        return m;
    }

    private AlertmanagerMirror mirror() {
        return mirror(AlertmanagerMirror.Settings.defaults());
    }

    private Instant now() {
        return clock.instant();
    }

    private void advance(Duration d) {
        clock.advance(d);
    }

    private static LocalAlert firing(String key, Map<String, String> labels, Instant since) {
        return LocalAlert.firing(key, labels, Map.of("summary", key + " fires"), since);
    }

    private void set(LocalAlert... alerts) {
        local.clear();
        local.addAll(List.of(alerts));
    }

    /** The alerts of the last push, as label "alertname" → the JSON sent. */
    private JsonNode lastPushed(String alertname) {
        List<JsonNode> pushes = am.pushes();
        assertThat(pushes).isNotEmpty();
        for (JsonNode a : pushes.getLast()) {
            if (a.get("labels").get("alertname").asText().equals(alertname)) {
                return a;
            }
        }
        throw new AssertionError(alertname + " not in the last push " + pushes.getLast());
    }

    private static Instant endsAt(JsonNode pushed) {
        return Instant.parse(pushed.get("endsAt").asText());
    }

    // ---------------------------------------------------------------- pushing

    @Test
    void aFiringAlertIsPushedAtOnceAndItsEndRefreshedEveryInterval() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0.minusSeconds(5)));
        m.tick();
        assertThat(am.pushes()).hasSize(1);
        JsonNode sent = lastPushed("GpuTooHot");
        assertThat(endsAt(sent)).as("four push intervals ahead").isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(Instant.parse(sent.get("startsAt").asText())).isEqualTo(T0.minusSeconds(5));
        assertThat(sent.get("annotations").get("summary").asText()).isEqualTo("gpu-hot fires");
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);
        assertThat(m.status().queuedAlerts()).isZero();

        advance(Duration.ofSeconds(10));
        m.tick();
        assertThat(am.pushes()).as("nothing new before the interval").hasSize(1);

        advance(Duration.ofSeconds(20));
        m.tick();
        assertThat(am.pushes()).hasSize(2);
        assertThat(endsAt(lastPushed("GpuTooHot"))).isEqualTo(T0.plusSeconds(30).plus(Duration.ofMinutes(2)));
        assertThat(am.alert(GPU_HOT).endsAt()).isEqualTo(T0.plusSeconds(150));
    }

    @Test
    void aNewAlertOrResolutionIsPushedWithoutWaitingForTheInterval() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        advance(Duration.ofSeconds(3));
        set(firing("gpu-hot", GPU_HOT, T0), firing("budget", BUDGET, now()));
        m.tick();
        assertThat(am.pushes()).hasSize(2);
        assertThat(am.pushes().getLast()).hasSize(2);
        advance(Duration.ofSeconds(3));
        set(
                firing("gpu-hot", GPU_HOT, T0),
                firing("budget", BUDGET, T0.plusSeconds(3)).resolved(now()));
        m.tick();
        assertThat(am.pushes()).hasSize(3);
        assertThat(endsAt(lastPushed("BudgetExceeded"))).isEqualTo(now());
    }

    @Test
    void aResolvedAlertIsSentWithItsResolutionForFiveMinutesThenNoMore() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        advance(Duration.ofSeconds(10));
        Instant resolved = now();
        set(firing("gpu-hot", GPU_HOT, T0).resolved(resolved));
        m.tick();
        assertThat(endsAt(lastPushed("GpuTooHot"))).isEqualTo(resolved);
        int pushes = am.pushes().size();
        for (int i = 0; i < 9; i++) { // 4 min 30 s: still repeated
            advance(Duration.ofSeconds(30));
            m.tick();
            assertThat(endsAt(lastPushed("GpuTooHot"))).isEqualTo(resolved);
        }
        assertThat(am.pushes()).hasSize(pushes + 9);
        advance(Duration.ofSeconds(30)); // 5 min after the resolution: no longer sent
        m.tick();
        advance(Duration.ofSeconds(30));
        m.tick();
        assertThat(am.pushes()).hasSize(pushes + 9);
        assertThat(m.status().queuedAlerts()).isZero();
    }

    @Test
    void extraLabelsAndTheGeneratorUrlGoWithEveryAlert() {
        AlertmanagerMirror m = mirror(AlertmanagerMirror.Settings.defaults()
                .withExtraLabels(Map.of("source", "gridscope", "host", "overridden-by-the-alert"))
                .withGeneratorUrl("http://ws1:8080/alerts"));
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        JsonNode sent = lastPushed("GpuTooHot");
        assertThat(sent.get("labels").get("source").asText()).isEqualTo("gridscope");
        assertThat(sent.get("labels").get("host").asText()).isEqualTo("ws1");
        assertThat(sent.get("generatorURL").asText()).isEqualTo("http://ws1:8080/alerts");
    }

    // ---------------------------------------------------------------- outages

    @Test
    void whileAlertmanagerIsDownPushesQueueAndBackOffAndRecoveryDeliversEverything() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        assertThat(am.pushes()).hasSize(1);

        am.failWith(503, "\"shutting down\"");
        advance(Duration.ofSeconds(30));
        int before = am.requests.get();
        m.tick();
        MirrorStatus down = m.status();
        assertThat(down.state()).isEqualTo(MirrorStatus.State.DOWN);
        assertThat(down.lastError()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 503: shutting down"));
        assertThat(down.lastSuccess()).contains(T0);
        assertThat(down.queuedAlerts()).isEqualTo(1);
        assertThat(down.nextRetry()).contains(now().plusSeconds(1));
        assertThat(down.describe(now()))
                .contains("DOWN")
                .contains("1 alert queued")
                .contains("next try in 1 s");

        // the budget alert fires and resolves during the outage: its resolution is delivered later, however late
        Instant budgetStart = now().plusSeconds(5);
        set(firing("gpu-hot", GPU_HOT, T0), firing("budget", BUDGET, budgetStart));
        List<Duration> waits = new ArrayList<>();
        Instant lastTry = now();
        for (int i = 0; i < 14; i++) {
            Instant retry = m.status().nextRetry().orElseThrow();
            // nothing is tried before the retry time
            clock.set(retry.minusMillis(1).toEpochMilli());
            int attempts = am.pushAttempts.get();
            m.tick();
            assertThat(am.pushAttempts.get())
                    .as("no push before the retry time")
                    .isEqualTo(attempts);
            clock.set(retry.toEpochMilli());
            m.tick();
            waits.add(Duration.between(lastTry, retry));
            lastTry = retry;
            if (i == 3) {
                set(
                        firing("gpu-hot", GPU_HOT, T0),
                        firing("budget", BUDGET, budgetStart).resolved(now()));
            }
        }
        assertThat(waits.subList(0, 10))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(32),
                        Duration.ofSeconds(64),
                        Duration.ofSeconds(128),
                        Duration.ofSeconds(256),
                        Duration.ofMinutes(5));
        assertThat(waits.getLast()).isEqualTo(Duration.ofMinutes(5));
        assertThat(m.status().queuedAlerts()).isEqualTo(2);
        assertThat(m.status().consecutiveFailures()).isEqualTo(15);
        assertThat(am.requests.get() - before)
                .as("one push and one read per try, no more")
                .isLessThan(60);

        am.recover();
        clock.set(m.status().nextRetry().orElseThrow().toEpochMilli());
        m.tick();
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);
        assertThat(m.status().queuedAlerts()).isZero();
        assertThat(m.status().nextRetry()).isEmpty();
        assertThat(m.status().lastError()).isEmpty();
        JsonNode budget = lastPushed("BudgetExceeded");
        assertThat(Duration.between(endsAt(budget), now()))
                .as("resolved long ago")
                .isGreaterThan(Duration.ofMinutes(5));
        assertThat(endsAt(lastPushed("GpuTooHot"))).isEqualTo(now().plus(Duration.ofMinutes(2)));
        assertThat(am.alert(BUDGET)).isNotNull();
        assertThat(am.alert(BUDGET).endsAt()).isBefore(now());
        assertThat(m.view().stale()).as("read again at once on recovery").isFalse();

        // delivered: not sent again, being older than five minutes
        advance(Duration.ofSeconds(30));
        m.tick();
        assertThat(am.pushes().getLast()).hasSize(1);
    }

    @Test
    void aPushAnsweredWithRetryAfterSendsNothingUntilThenThoughNewAlertsFire() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        assertThat(am.pushes()).hasSize(1);

        am.failWith(429, "\"rate limited\"", "120");
        advance(Duration.ofSeconds(30));
        m.tick();
        Instant throttledAt = now();
        MirrorStatus throttled = m.status();
        assertThat(throttled.state()).isEqualTo(MirrorStatus.State.DOWN);
        assertThat(throttled.lastError())
                .hasValueSatisfying(
                        e -> assertThat(e).contains("HTTP 429").contains("(the server asks to retry after 2 min)"));
        assertThat(throttled.nextRetry())
                .as("the wait asked for, not the first backoff of 1 s")
                .contains(throttledAt.plusSeconds(120));
        int requests = am.requests.get();

        // a new alert fires and the read interval passes: still nothing is sent before the time asked
        set(firing("gpu-hot", GPU_HOT, T0), firing("budget", BUDGET, now()));
        for (int s = 1; s < 120; s++) {
            advance(Duration.ofSeconds(1));
            m.tick();
        }
        assertThat(am.requests.get()).as("requests while asked to wait").isEqualTo(requests);
        assertThat(m.status().queuedAlerts()).isEqualTo(2);

        am.recover();
        advance(Duration.ofSeconds(1));
        m.tick();
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);
        assertThat(lastPushed("BudgetExceeded")).isNotNull();
        assertThat(m.view().stale()).isFalse();
    }

    @Test
    void aReadAnsweredWithRetryAfterWaitsAtMostTheLongestBackoff() {
        AlertmanagerMirror m = mirror(
                AlertmanagerMirror.Settings.defaults().withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(3)));
        m.tick();
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);

        am.failWith(503, "\"overloaded\"", "3600");
        advance(Duration.ofSeconds(30));
        m.tick(); // the read fails: an hour asked, three minutes granted
        assertThat(m.view().stale()).isTrue();
        assertThat(m.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("retry after 1 h"));
        int requests = am.requests.get();
        Instant readFailedAt = now();

        clock.set(readFailedAt.plus(Duration.ofMinutes(3)).minusMillis(1).toEpochMilli());
        m.tick();
        assertThat(am.requests.get())
                .as("no read for three minutes though the interval is 30 s")
                .isEqualTo(requests);

        am.recover();
        clock.set(readFailedAt.plus(Duration.ofMinutes(3)).toEpochMilli());
        m.tick();
        assertThat(am.requests.get()).isGreaterThan(requests);
        assertThat(m.view().stale()).isFalse();
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);
    }

    @Test
    void aRetryAfterOnAnotherStatusIsNotAWait() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0));
        am.failWith(500, "\"broken\"", "600");
        m.tick();
        assertThat(m.status().nextRetry()).as("500 is backed off as usual").contains(now().plusSeconds(1));
        assertThat(m.status().lastError()).hasValueSatisfying(e -> assertThat(e).doesNotContain("retry after"));
    }

    @Test
    void backoffDoublesFromTheMinimumUpToTheMaximum() {
        AlertmanagerMirror m = mirror(
                AlertmanagerMirror.Settings.defaults().withBackoff(Duration.ofMillis(500), Duration.ofSeconds(3)));
        assertThat(List.of(1, 2, 3, 4, 5, 60, Integer.MAX_VALUE).stream().map(m::backoff))
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(3));
    }

    @Test
    void anAlertTheEngineDropsAfterDeliveryIsSentResolved() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0), firing("budget", BUDGET, T0));
        m.tick();
        advance(Duration.ofSeconds(30));
        set(firing("budget", BUDGET, T0)); // the rule was deleted
        m.tick();
        assertThat(endsAt(lastPushed("GpuTooHot"))).isEqualTo(now());
        assertThat(endsAt(lastPushed("BudgetExceeded"))).isAfter(now());
    }

    @Test
    void anUndeliveredResolutionIsKeptWhenTheEngineForgetsTheAlert() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        am.failWith(503, "\"down\"");
        advance(Duration.ofSeconds(30));
        Instant resolved = now();
        set(firing("gpu-hot", GPU_HOT, T0).resolved(resolved));
        m.tick();
        set(); // the engine forgets resolved alerts
        advance(Duration.ofMinutes(20));
        m.tick();
        assertThat(m.status().queuedAlerts()).isEqualTo(1);
        am.recover();
        advance(Duration.ofMinutes(5));
        m.tick();
        assertThat(endsAt(lastPushed("GpuTooHot"))).isEqualTo(resolved);
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);
    }

    @Test
    void anAlertThatNeverReachedAlertmanagerAndVanishedIsNotInvented() {
        AlertmanagerMirror m = mirror();
        am.failWith(503, "\"down\"");
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        set();
        am.recover();
        advance(Duration.ofSeconds(2));
        m.tick();
        assertThat(am.pushes()).isEmpty();
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);
    }

    @Test
    void aFailingAlertListResolvesNothing() {
        AtomicInteger calls = new AtomicInteger();
        AlertmanagerMirror m = mirror(
                AlertmanagerMirror.Settings.defaults(),
                () -> {
                    if (calls.incrementAndGet() > 1) {
                        throw new IllegalStateException("engine busy");
                    }
                    return List.of(firing("gpu-hot", GPU_HOT, T0));
                },
                ledger);
        m.tick();
        advance(Duration.ofSeconds(30));
        m.tick();
        assertThat(am.pushes()).hasSize(2);
        assertThat(endsAt(lastPushed("GpuTooHot"))).isAfter(now());
    }

    @Test
    void alertsAlertmanagerRefusesAreReportedNotRetried() {
        AlertmanagerMirror m = mirror();
        am.failOnly("POST /api/v2/alerts", 400, "\"invalid label set: invalid name \\\"bad-name\\\"\"");
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);
        assertThat(m.status().lastError())
                .hasValueSatisfying(e -> assertThat(e).contains("refused").contains("bad-name"));
        assertThat(m.status().nextRetry()).isEmpty();
        int attempts = am.pushAttempts.get();
        advance(Duration.ofSeconds(5));
        m.tick();
        assertThat(am.pushAttempts.get()).isEqualTo(attempts);
    }

    // ---------------------------------------------------------------- reading

    @Test
    void aFailedReadKeepsThePreviousPictureMarkedStale() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        advance(Duration.ofSeconds(30)); // the first read ran before the push landed; this one sees the alert
        m.tick();
        assertThat(m.view().alerts()).extracting(AmAlert::name).containsExactly("GpuTooHot");
        assertThat(m.view().fetchedAt()).contains(now());
        Instant fetched = now();

        am.failWith(500, "\"boom\"");
        advance(Duration.ofSeconds(30));
        m.tick();
        AmView stale = m.view();
        assertThat(stale.stale()).isTrue();
        assertThat(stale.error()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 500: boom"));
        assertThat(stale.alerts()).extracting(AmAlert::name).containsExactly("GpuTooHot");
        assertThat(stale.age(now())).contains(Duration.between(fetched, now()));
    }

    @Test
    void silencesMadeElsewhereShowWithTheirCreatorAndComment() {
        AlertmanagerMirror m = mirror();
        am.addSilence(
                List.of(new AmMatcher("instance", "cpu-node-7:9100", false, true)),
                T0.plusSeconds(3600),
                "bob",
                "Planned maintenance of cpu-node-7");
        m.tick();
        assertThat(m.view().plainSilences()).singleElement().satisfies(s -> {
            assertThat(s.createdBy()).isEqualTo("bob");
            assertThat(s.comment()).isEqualTo("Planned maintenance of cpu-node-7");
        });
        assertThat(m.view().acknowledgements()).isEmpty();
    }

    @Test
    void listenersHearOfChanges() {
        AlertmanagerMirror m = mirror();
        AtomicInteger heard = new AtomicInteger();
        m.addListener(heard::incrementAndGet);
        m.addListener(() -> {
            throw new IllegalStateException("a broken listener");
        });
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        assertThat(heard).hasValue(1);
        m.tick();
        assertThat(heard).as("nothing changed").hasValue(1);
    }

    // ---------------------------------------------------------------- acknowledging

    private AmAlert amAlert(AlertmanagerMirror m, String name) {
        return m.view().alerts().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError(name + " not in " + m.view().alerts()));
    }

    /** Pushes GPU_HOT and reads it back into the view. */
    private AlertmanagerMirror mirrorWithFiringAlert() {
        AlertmanagerMirror m = mirror();
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        m.refreshSoon();
        m.tick();
        return m;
    }

    @Test
    void acknowledgingCreatesASilenceOfExactlyThatAlertSeenByEveryConsole() throws Exception {
        AlertmanagerMirror m = mirrorWithFiringAlert();
        AmAlert alert = amAlert(m, "GpuTooHot");
        Acknowledgement ack = m.acknowledge(alert, "alice", "  on it ");
        assertThat(ack.createdBy()).isEqualTo("alice");
        assertThat(ack.comment()).isEqualTo("on it");
        assertThat(ack.endsAt()).isEqualTo(now().plus(Duration.ofDays(7)));
        assertThat(ledger.lookup(alert.fingerprint())).contains(ack.silenceId());

        FakeAlertmanager.Silence s = am.silence(ack.silenceId());
        assertThat(s.matchers())
                .containsExactlyInAnyOrder(
                        AmMatcher.equal("alertname", "GpuTooHot"),
                        AmMatcher.equal("gpu", "0"),
                        AmMatcher.equal("host", "ws1"));
        assertThat(s.createdBy()).isEqualTo("alice");
        assertThat(s.comment()).isEqualTo("on it [gridscope ack " + alert.fingerprint() + "]");

        m.tick(); // reads at once after an acknowledgement
        assertThat(amAlert(m, "GpuTooHot").state()).isEqualTo(AmAlert.State.SUPPRESSED);
        assertThat(m.view().acknowledgement(amAlert(m, "GpuTooHot"))).contains(ack);
        assertThat(m.view().plainSilences()).isEmpty();

        // another console, with a ledger of its own, sees the same acknowledgement
        AlertmanagerMirror other = mirror(AlertmanagerMirror.Settings.defaults(), List::of, AckLedger.inMemory());
        other.tick();
        assertThat(other.view().acknowledgement(amAlert(other, "GpuTooHot"))).contains(ack);

        // and may end it
        assertThat(other.unacknowledge(amAlert(other, "GpuTooHot"))).isEqualTo(1);
        assertThat(am.silence(ack.silenceId()).endsAt()).isEqualTo(now());
        advance(Duration.ofSeconds(1));
        m.refreshSoon();
        m.tick();
        assertThat(m.view().acknowledgements()).isEmpty();
        assertThat(amAlert(m, "GpuTooHot").state()).isEqualTo(AmAlert.State.ACTIVE);
        assertThat(ledger.entries())
                .as("the silence is gone from this console's ledger")
                .isEmpty();
    }

    @Test
    void unacknowledgingEndsThisConsolesSilenceEvenIfEditedElsewhere() throws Exception {
        AlertmanagerMirror m = mirrorWithFiringAlert();
        AmAlert alert = amAlert(m, "GpuTooHot");
        Acknowledgement ack = m.acknowledge(alert, "alice", "on it");
        ledger.record(alert.fingerprint(), ack.silenceId());
        // someone widened it in Alertmanager's UI: a new silence, without the marker, that this console recorded
        String edited = am.addSilence(
                List.of(AmMatcher.equal("alertname", "GpuTooHot")),
                now().plusSeconds(3600),
                "alice",
                "on it (all GPUs)");
        ledger.record(alert.fingerprint(), edited);
        assertThat(m.unacknowledge(alert)).isEqualTo(2);
        assertThat(am.silence(edited).endsAt()).isEqualTo(now());
        assertThat(m.unacknowledge(alert)).as("nothing left").isZero();
    }

    @Test
    void anAcknowledgementEndsWhenItsAlertIsGoneForTheGracePeriod() throws Exception {
        AlertmanagerMirror m = mirrorWithFiringAlert();
        AmAlert alert = amAlert(m, "GpuTooHot");
        Acknowledgement ack = m.acknowledge(alert, "alice", "on it");
        set(firing("gpu-hot", GPU_HOT, T0).resolved(now()));
        m.tick(); // pushes the resolution and reads: the alert is gone
        assertThat(m.view().alerts()).isEmpty();
        assertThat(am.silence(ack.silenceId()).endsAt())
                .as("not before the grace period")
                .isAfter(now());

        advance(Duration.ofSeconds(90));
        m.tick();
        assertThat(am.silence(ack.silenceId()).endsAt()).isAfter(now());
        advance(Duration.ofSeconds(30)); // two minutes gone
        m.tick();
        assertThat(am.silence(ack.silenceId()).endsAt()).isEqualTo(now());
        assertThat(ledger.entries()).isEmpty();
        assertThat(m.view().acknowledgements()).isEmpty();
    }

    @Test
    void anyConsoleEndsTheAcknowledgementOfAResolvedAlert() throws Exception {
        AlertmanagerMirror m = mirrorWithFiringAlert();
        Acknowledgement ack = m.acknowledge(amAlert(m, "GpuTooHot"), "alice", "on it");
        m.close(); // the acknowledging console is gone
        mirrors.remove(m);
        set(firing("gpu-hot", GPU_HOT, T0).resolved(now()));
        AlertmanagerMirror pusher =
                mirror(AlertmanagerMirror.Settings.defaults(), () -> List.copyOf(local), AckLedger.inMemory());
        AlertmanagerMirror other = mirror(AlertmanagerMirror.Settings.defaults(), List::of, AckLedger.inMemory());
        pusher.tick(); // delivers the resolution (a pusher that never sent it firing still does, being unsure)
        other.tick();
        assertThat(other.view().alerts()).isEmpty();
        advance(Duration.ofMinutes(2));
        other.tick();
        assertThat(am.silence(ack.silenceId()).endsAt()).isEqualTo(now());
    }

    @Test
    void anAcknowledgementSurvivesAnAlertmanagerRestartWhileItsAlertStillFires() throws Exception {
        AlertmanagerMirror m = mirrorWithFiringAlert();
        Acknowledgement ack = m.acknowledge(amAlert(m, "GpuTooHot"), "alice", "on it");
        am.forgetAlerts(); // a restart: alerts are not kept, silences are
        m.refreshSoon();
        m.tick();
        assertThat(m.view().alerts()).isEmpty();
        advance(Duration.ofSeconds(30));
        m.tick(); // the push brings the alert back within the grace period
        m.refreshSoon();
        m.tick();
        advance(Duration.ofMinutes(5));
        m.tick();
        assertThat(am.silence(ack.silenceId()).endsAt()).isAfter(now());
        assertThat(m.view().acknowledgements()).containsKey(ack.alertFingerprint());
    }

    @Test
    void anAcknowledgementIsRenewedWhileItsAlertFires() throws Exception {
        AlertmanagerMirror m = mirror(AlertmanagerMirror.Settings.defaults()
                .withAckTimes(Duration.ofHours(2), Duration.ofMinutes(30), Duration.ofMinutes(2)));
        set(firing("gpu-hot", GPU_HOT, T0));
        m.tick();
        m.refreshSoon();
        m.tick();
        Acknowledgement ack = m.acknowledge(amAlert(m, "GpuTooHot"), "alice", "on it");
        for (int i = 0; i < 2 * 60 * 2 + 10; i++) { // 2 h 5 min of ticks every 30 s
            advance(Duration.ofSeconds(30));
            m.tick();
        }
        FakeAlertmanager.Silence s = am.silence(ack.silenceId());
        assertThat(s.endsAt()).as("renewed in place").isAfter(now().plus(Duration.ofMinutes(30)));
        assertThat(s.createdBy()).isEqualTo("alice");
        assertThat(m.view().acknowledgement(amAlert(m, "GpuTooHot")))
                .hasValueSatisfying(a -> assertThat(a.comment()).isEqualTo("on it"));
    }

    @Test
    void anAcknowledgementNeedsItsAuthor() {
        AlertmanagerMirror m = mirrorWithFiringAlert();
        assertThatThrownBy(() -> m.acknowledge(amAlert(m, "GpuTooHot"), " ", "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAcknowledgementFailsVisiblyWhenAlertmanagerIsDown() {
        AlertmanagerMirror m = mirrorWithFiringAlert();
        am.failWith(503, "\"down\"");
        assertThatThrownBy(() -> m.acknowledge(amAlert(m, "GpuTooHot"), "alice", "c"))
                .isInstanceOfSatisfying(
                        AlertmanagerException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void statusBeforeAnyExchangeIsUnknownAndWithoutAlertmanagerNotConfigured() {
        assertThat(mirror().status().state()).isEqualTo(MirrorStatus.State.UNKNOWN);
        assertThat(MirrorStatus.notConfigured().state()).isEqualTo(MirrorStatus.State.NOT_CONFIGURED);
        assertThat(MirrorStatus.notConfigured().describe(T0)).isEqualTo("Alertmanager not configured");
    }
}
