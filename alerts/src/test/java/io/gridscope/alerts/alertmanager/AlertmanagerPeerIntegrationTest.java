package io.gridscope.alerts.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.testsupport.PeerProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client and the mirror against a real Alertmanager ({@code /usr/bin/prometheus-alertmanager}): pushes, reads,
 * acknowledgements seen by a second console, expiry, {@code amtool}'s silences, and an outage with a restart on the
 * same port and storage. Real peers work in wall-clock time, so the mirror runs on the system clock with short
 * intervals. Skipped outside CI when the binary is missing; fails under {@code CI=true}.
 */
class AlertmanagerPeerIntegrationTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Short intervals: pushes every 2 s (firing alerts end 8 s ahead), a read at each tick, no ack grace. */
    private static final AlertmanagerMirror.Settings FAST = AlertmanagerMirror.Settings.defaults()
            .withPushInterval(Duration.ofSeconds(2))
            .withReadInterval(Duration.ofMillis(100))
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
            .withAckTimes(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ZERO)
            .withTickPeriod(Duration.ofMillis(100))
            .withExtraLabels(Map.of("source", "gridscope-it"));

    @TempDir
    static Path dir;

    private static RealAlertmanager am;
    private static AlertmanagerClient raw;

    private final List<LocalAlert> local = new CopyOnWriteArrayList<>();
    private final List<AlertmanagerMirror> mirrors = new ArrayList<>();

    @BeforeAll
    static void startAlertmanager() throws Exception {
        am = RealAlertmanager.start(dir.resolve("shared"));
        raw = new AlertmanagerClient(AlertmanagerClient.Options.of(am.url()), AlertmanagerAuth.none(), CLOCK);
    }

    @AfterAll
    static void stopAlertmanager() {
        if (raw != null) {
            raw.close();
        }
        if (am != null) {
            am.close();
        }
    }

    @AfterEach
    void closeMirrors() {
        mirrors.forEach(AlertmanagerMirror::close);
    }

    private AlertmanagerMirror mirror(
            RealAlertmanager on, AlertmanagerMirror.Settings settings, Supplier<List<LocalAlert>> alerts) {
        AlertmanagerClient client = new AlertmanagerClient(
                AlertmanagerClient.Options.of(on.url())
                        .withConnectTimeout(Duration.ofSeconds(1))
                        .withRequestTimeout(Duration.ofSeconds(5)),
                AlertmanagerAuth.none(),
                CLOCK);
        AlertmanagerMirror m = new AlertmanagerMirror(client, alerts, AckLedger.inMemory(), settings, CLOCK);
        mirrors.add(m);
        return m;
    }

    private AlertmanagerMirror mirror() {
        return mirror(am, FAST, () -> List.copyOf(local));
    }

    private static Map<String, String> labels(String name) {
        return Map.of("alertname", name, "gpu", "0", "host", "it-workstation", "severity", "warning");
    }

    private static LocalAlert firing(String name) {
        return LocalAlert.firing(name, labels(name), Map.of("summary", name + " fires"), CLOCK.instant());
    }

    private void set(LocalAlert... alerts) {
        local.clear();
        local.addAll(List.of(alerts));
    }

    private static Optional<AmAlert> held(String name) {
        try {
            return raw.alerts().stream().filter(a -> a.name().equals(name)).findFirst();
        } catch (AlertmanagerException e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<AmSilence> silence(String id) {
        try {
            return raw.silences().stream().filter(s -> s.id().equals(id)).findFirst();
        } catch (AlertmanagerException e) {
            throw new AssertionError(e);
        }
    }

    /** Ticks {@code m} until {@code condition} holds. */
    private static void tickUntil(AlertmanagerMirror m, Supplier<Boolean> condition, String what) {
        PeerProcess.await(
                () -> {
                    m.tick();
                    return condition.get();
                },
                WAIT,
                what + " (" + m.status().describe(CLOCK.instant()) + ")");
    }

    private static AmAlert inView(AlertmanagerMirror m, String name) {
        return m.view().alerts().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the mirror's view"));
    }

    @Test
    void pushedAlertsArriveWithTheirLabelsTheirEndRefreshedAndTheirResolution() throws Exception {
        AlertmanagerMirror m = mirror();
        LocalAlert alert = firing("ItPushed");
        set(alert);
        Instant before = CLOCK.instant();
        m.tick();
        AmAlert got = held("ItPushed").orElseThrow(() -> new AssertionError("ItPushed not in Alertmanager"));
        assertThat(got.labels()).containsAllEntriesOf(labels("ItPushed")).containsEntry("source", "gridscope-it");
        assertThat(got.annotations()).containsEntry("summary", "ItPushed fires");
        assertThat(got.state()).isEqualTo(AmAlert.State.ACTIVE);
        assertThat(got.receivers()).containsExactly("null");
        assertThat(got.fingerprint())
                .as("the fingerprint Gridscope computes is Alertmanager's")
                .isEqualTo(Acknowledgement.fingerprint(got.labels()));
        assertThat(got.endsAt())
                .isBetween(before.plusSeconds(7), CLOCK.instant().plusSeconds(9));
        assertThat(m.status().state()).isEqualTo(MirrorStatus.State.UP);

        Instant firstEnd = got.endsAt();
        tickUntil(
                m,
                () -> held("ItPushed").orElseThrow().endsAt().isAfter(firstEnd.plusSeconds(1)),
                "the end of ItPushed was not refreshed");

        long resolvedBefore = am.resolvedAlertsReceived();
        set(alert.resolved(CLOCK.instant()));
        m.tick();
        assertThat(held("ItPushed")).as("resolved: no longer listed").isEmpty();
        assertThat(am.resolvedAlertsReceived()).isGreaterThan(resolvedBefore);
    }

    @Test
    void anAcknowledgementIsAnExactSilenceThatEveryConsoleSeesAndEitherCanEnd() throws Exception {
        AlertmanagerMirror console1 = mirror();
        set(firing("ItAcknowledged"));
        tickUntil(
                console1,
                () -> console1.view().alerts().stream().anyMatch(a -> a.name().equals("ItAcknowledged")),
                "ItAcknowledged did not reach the view");
        AmAlert alert = inView(console1, "ItAcknowledged");

        Acknowledgement ack = console1.acknowledge(alert, "alice", "GPU fan replaced, watching it");
        AmSilence s = silence(ack.silenceId()).orElseThrow();
        assertThat(s.state()).isEqualTo(AmSilence.State.ACTIVE);
        assertThat(s.createdBy()).isEqualTo("alice");
        assertThat(s.comment()).isEqualTo("GPU fan replaced, watching it [gridscope ack " + alert.fingerprint() + "]");
        assertThat(s.matchers())
                .allSatisfy(x -> assertThat(x.isExactEquality()).isTrue())
                .extracting(x -> Map.entry(x.name(), x.value()))
                .containsExactlyInAnyOrderElementsOf(alert.labels().entrySet());
        assertThat(Duration.between(s.startsAt(), s.endsAt())).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));

        tickUntil(
                console1,
                () -> inView(console1, "ItAcknowledged").state() == AmAlert.State.SUPPRESSED,
                "the acknowledged alert is not suppressed");
        assertThat(inView(console1, "ItAcknowledged").silencedBy()).containsExactly(ack.silenceId());
        assertThat(console1.view().acknowledgement(inView(console1, "ItAcknowledged")))
                .hasValueSatisfying(a -> {
                    assertThat(a.silenceId()).isEqualTo(ack.silenceId());
                    assertThat(a.createdBy()).isEqualTo("alice");
                    assertThat(a.comment()).isEqualTo("GPU fan replaced, watching it");
                });

        // a second console, with nothing of its own to push and an empty ledger, sees the same acknowledgement
        AlertmanagerMirror console2 = mirror(am, FAST, List::of);
        console2.tick();
        AmAlert seen2 = inView(console2, "ItAcknowledged");
        assertThat(console2.view().acknowledgement(seen2)).hasValueSatisfying(a -> {
            assertThat(a.createdBy()).isEqualTo("alice");
            assertThat(a.comment()).isEqualTo("GPU fan replaced, watching it");
        });
        assertThat(console2.view().plainSilences()).noneMatch(x -> x.id().equals(ack.silenceId()));

        // and unacknowledges it
        assertThat(console2.unacknowledge(seen2)).isEqualTo(1);
        assertThat(silence(ack.silenceId()).orElseThrow().state()).isEqualTo(AmSilence.State.EXPIRED);
        tickUntil(
                console1,
                () -> inView(console1, "ItAcknowledged").state() == AmAlert.State.ACTIVE,
                "the unacknowledged alert is still suppressed");
        assertThat(console1.view().acknowledgements()).doesNotContainKey(alert.fingerprint());
    }

    @Test
    void anAcknowledgementEndsWhenItsAlertResolves() throws Exception {
        AlertmanagerMirror m = mirror();
        LocalAlert local = firing("ItAckResolves");
        set(local);
        tickUntil(
                m,
                () -> m.view().alerts().stream().anyMatch(a -> a.name().equals("ItAckResolves")),
                "ItAckResolves did not reach the view");
        Acknowledgement ack = m.acknowledge(inView(m, "ItAckResolves"), "bob", "on it");
        set(local.resolved(CLOCK.instant()));
        tickUntil(
                m,
                () -> silence(ack.silenceId()).orElseThrow().state() == AmSilence.State.EXPIRED,
                "the acknowledgement silence of a resolved alert was not expired");
        assertThat(m.view().acknowledgements()).doesNotContainKey(ack.alertFingerprint());
    }

    @Test
    void anAcknowledgementIsRenewedWhileItsAlertFires() throws Exception {
        AlertmanagerMirror m = mirror(
                am,
                FAST.withAckTimes(Duration.ofMinutes(10), Duration.ofSeconds(598), Duration.ofMinutes(2)),
                () -> List.copyOf(local));
        set(firing("ItAckRenewed"));
        tickUntil(
                m,
                () -> m.view().alerts().stream().anyMatch(a -> a.name().equals("ItAckRenewed")),
                "ItAckRenewed did not reach the view");
        AmAlert alert = inView(m, "ItAckRenewed");
        Acknowledgement ack = m.acknowledge(alert, "carol", "renew me");
        tickUntil(
                m,
                () -> m.view()
                        .acknowledgement(alert)
                        .map(a -> a.endsAt().isAfter(ack.endsAt().plusSeconds(2)))
                        .orElse(false),
                "the acknowledgement was not renewed");
        Acknowledgement renewed = m.view().acknowledgement(alert).orElseThrow();
        assertThat(renewed.createdBy()).isEqualTo("carol");
        assertThat(renewed.comment()).isEqualTo("renew me");
        long active = raw.silences().stream()
                .filter(s -> s.active() && s.comment().contains(alert.fingerprint()))
                .count();
        assertThat(active)
                .as("one active acknowledgement, whether renewed in place or replaced")
                .isEqualTo(1);
    }

    @Test
    void silencesMadeWithAmtoolOrByOthersShowWithTheirCreatorAndComment() throws Exception {
        String id = am.amtool(
                "silence",
                "add",
                "--author=dave",
                "--comment=Planned maintenance of it-node-7",
                "--duration=1h",
                "alertname=ItMaintenance",
                "instance=~it-node-7:.*");
        String other = raw.createSilence(SilenceSpec.create(
                List.of(AmMatcher.equal("alertname", "ItOther")),
                CLOCK.instant(),
                CLOCK.instant().plusSeconds(600),
                "grafana",
                "muted from a dashboard"));
        AlertmanagerMirror m = mirror(am, FAST, List::of);
        m.tick();
        assertThat(m.view().plainSilences())
                .anySatisfy(s -> {
                    assertThat(s.id()).isEqualTo(id);
                    assertThat(s.createdBy()).isEqualTo("dave");
                    assertThat(s.comment()).isEqualTo("Planned maintenance of it-node-7");
                    assertThat(s.matchers()).contains(new AmMatcher("instance", "it-node-7:.*", true, true));
                })
                .anySatisfy(s -> {
                    assertThat(s.id()).isEqualTo(other);
                    assertThat(s.createdBy()).isEqualTo("grafana");
                    assertThat(s.comment()).isEqualTo("muted from a dashboard");
                });
        assertThat(raw.expireSilence(other)).isTrue();
        raw.expireSilence(other); // already expired: no failure (0.25 answers 200, later versions an error)
        assertThat(silence(other).orElseThrow().state()).isEqualTo(AmSilence.State.EXPIRED);
        assertThat(raw.expireSilence("00000000-0000-0000-0000-000000000000"))
                .as("unknown")
                .isFalse();
    }

    @Test
    void whileAlertmanagerIsDownNothingIsLostAndTheStateArrivesAfterItsRestart() throws Exception {
        RealAlertmanager own = RealAlertmanager.start(dir.resolve("outage"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "it-alertmanager-mirror");
            t.setDaemon(true);
            return t;
        });
        try (AlertmanagerClient check =
                new AlertmanagerClient(AlertmanagerClient.Options.of(own.url()), AlertmanagerAuth.none(), CLOCK)) {
            // an ack of its own, 2 min grace: it must survive Alertmanager forgetting its alerts over the restart
            AlertmanagerMirror m = mirror(
                    own,
                    FAST.withAckTimes(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(2)),
                    () -> List.copyOf(local));
            LocalAlert before = firing("ItBeforeOutage");
            set(before);
            m.start(scheduler);
            PeerProcess.await(
                    () -> m.view().alerts().stream().anyMatch(a -> a.name().equals("ItBeforeOutage")),
                    WAIT,
                    "ItBeforeOutage did not reach the view");
            Acknowledgement ack = m.acknowledge(inView(m, "ItBeforeOutage"), "erin", "before the outage");

            own.stop();
            PeerProcess.await(
                    () -> m.status().state() == MirrorStatus.State.DOWN
                            && m.status().nextRetry().isPresent(),
                    WAIT,
                    "the mirror did not notice Alertmanager is down");
            MirrorStatus down = m.status();
            assertThat(down.lastError())
                    .hasValueSatisfying(e -> assertThat(e).contains("cannot connect to Alertmanager at 127.0.0.1:"));
            assertThat(down.lastSuccess()).isPresent();
            assertThat(m.view().stale()).isTrue();

            // during the outage one alert starts firing, another fires and resolves
            LocalAlert during = firing("ItDuringOutage");
            LocalAlert brief = firing("ItFiredAndResolvedDuringOutage");
            set(before, during, brief);
            PeerProcess.await(() -> m.status().queuedAlerts() == 3, WAIT, "three alerts are not queued");
            set(before, during, brief.resolved(CLOCK.instant()));
            PeerProcess.await(() -> m.status().consecutiveFailures() >= 3, WAIT, "the mirror does not keep retrying");
            assertThat(m.status().queuedAlerts()).isEqualTo(3);
            assertThat(m.status().describe(CLOCK.instant())).contains("DOWN").contains("3 alerts queued");

            own.restart();
            PeerProcess.await(
                    () -> m.status().state() == MirrorStatus.State.UP, WAIT, "the mirror did not come back up");
            PeerProcess.await(
                    () -> {
                        try {
                            List<String> names =
                                    check.alerts().stream().map(AmAlert::name).toList();
                            return names.contains("ItBeforeOutage") && names.contains("ItDuringOutage");
                        } catch (AlertmanagerException e) {
                            return false;
                        }
                    },
                    WAIT,
                    "the firing alerts did not arrive after the restart");
            assertThat(check.alerts()).noneMatch(a -> a.name().equals("ItFiredAndResolvedDuringOutage"));
            assertThat(own.resolvedAlertsReceived())
                    .as("the resolution that happened during the outage was delivered")
                    .isGreaterThanOrEqualTo(1);
            assertThat(m.status().queuedAlerts()).isZero();
            assertThat(m.status().lastError()).isEmpty();

            // the acknowledgement outlived the restart (silences are stored), its alert being back in time
            PeerProcess.await(
                    () -> m.view().alerts().stream().anyMatch(a -> a.name().equals("ItBeforeOutage")),
                    WAIT,
                    "ItBeforeOutage is not back in the view");
            assertThat(m.view().acknowledgement(inView(m, "ItBeforeOutage")))
                    .hasValueSatisfying(a -> assertThat(a.silenceId()).isEqualTo(ack.silenceId()));
            assertThat(check.silences())
                    .filteredOn(s -> s.id().equals(ack.silenceId()))
                    .singleElement()
                    .satisfies(s -> assertThat(s.state()).isEqualTo(AmSilence.State.ACTIVE));
        } finally {
            scheduler.shutdownNow();
            own.close();
        }
    }
}
