package io.gridscope.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.notify.DesktopNotification.Action;
import io.gridscope.alerts.notify.DesktopNotification.Urgency;
import io.gridscope.alerts.notify.DesktopNotifier.Availability;
import io.gridscope.alerts.notify.NotificationServerStub.NotifyCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link DbusNotifier} against a real dbus-daemon with a small notification server on it. */
@Timeout(60)
class DbusNotifierTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private SessionBus bus;
    private NotificationServerStub server;
    private DbusNotifier notifier;

    @AfterEach
    void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        if (server != null) {
            server.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    private void startBus(String... capabilities) throws Exception {
        bus = SessionBus.start(dir);
        server = NotificationServerStub.start(bus.address(), capabilities);
        notifier = new DbusNotifier(bus.address());
    }

    private static DesktopNotification gpuHot() {
        return DesktopNotification.of(Urgency.CRITICAL, "GPU 3 on node-7 too hot", "92 °C for 5 minutes")
                .withCategory("device.error")
                .withActions(Action.ACKNOWLEDGE);
    }

    @Test
    void aNotificationArrivesWithSummaryBodyUrgencyAndAppName() throws Exception {
        startBus("body", "actions");

        long id = notifier.show(gpuHot(), key -> {}).get(10, TimeUnit.SECONDS);

        NotifyCall call = server.notified.poll(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.id()).isEqualTo(id);
        assertThat(call.appName()).isEqualTo("Gridscope");
        assertThat(call.summary()).isEqualTo("GPU 3 on node-7 too hot");
        assertThat(call.body()).isEqualTo("92 °C for 5 minutes");
        assertThat(call.appIcon()).isEqualTo("dialog-error");
        assertThat(call.replacesId()).isZero();
        assertThat(call.expireTimeout()).isEqualTo(-1);
        assertThat(call.hints().get("urgency").getValue()).isEqualTo((byte) 2);
        assertThat(call.hints().get("urgency").getSig()).isEqualTo("y");
        assertThat(call.hints().get("category").getValue()).isEqualTo("device.error");

        notifier.show(DesktopNotification.of(Urgency.LOW, "Node back", ""), null)
                .get(10, TimeUnit.SECONDS);
        NotifyCall low = server.notified.poll(5, TimeUnit.SECONDS);
        assertThat(low.hints().get("urgency").getValue()).isEqualTo((byte) 0);
        assertThat(low.hints()).doesNotContainKey("category");
        assertThat(low.actions()).isEmpty();
    }

    @Test
    void availableNamesTheServerAndItsCapabilities() throws Exception {
        startBus("body", "actions");

        Availability availability = notifier.availability();

        assertThat(availability.available()).isTrue();
        assertThat(availability.reason()).contains("gridscope-test-server 1.0").contains("actions");
    }

    @Test
    void acknowledgeIsOfferedWhereTheServerListsActions() throws Exception {
        startBus("body", "actions");

        notifier.show(gpuHot(), key -> {}).get(10, TimeUnit.SECONDS);

        assertThat(server.notified.poll(5, TimeUnit.SECONDS).actions()).containsExactly("acknowledge", "Acknowledge");
    }

    @Test
    void noActionIsOfferedWhereTheServerListsNone() throws Exception {
        startBus("body");
        BlockingQueue<String> invoked = new LinkedBlockingQueue<>();

        long id = notifier.show(gpuHot(), invoked::add).get(10, TimeUnit.SECONDS);

        assertThat(server.notified.poll(5, TimeUnit.SECONDS).actions()).isEmpty();
        assertThat(notifier.routesActionsOf(id)).isFalse();
    }

    @Test
    void clickingAcknowledgeCallsTheCallbackOfThatNotificationOnly() throws Exception {
        startBus("body", "actions");
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        BlockingQueue<String> second = new LinkedBlockingQueue<>();
        long firstId = notifier.show(gpuHot(), first::add).get(10, TimeUnit.SECONDS);
        long secondId = notifier.show(gpuHot(), second::add).get(10, TimeUnit.SECONDS);
        assertThat(secondId).isNotEqualTo(firstId);

        server.invokeAction(firstId + secondId + 100, "acknowledge"); // another application's notification
        server.invokeAction(secondId, "acknowledge");

        assertThat(second.poll(10, TimeUnit.SECONDS)).isEqualTo("acknowledge");
        // Signals are handled in order on one thread: had the first two reached a callback, they would be there now.
        assertThat(first).isEmpty();
        assertThat(second).isEmpty();

        server.invokeAction(firstId, "acknowledge");
        assertThat(first.poll(10, TimeUnit.SECONDS)).isEqualTo("acknowledge");
    }

    @Test
    void closeClosesTheNotificationAndForgetsItsCallback() throws Exception {
        startBus("body", "actions");
        BlockingQueue<String> invoked = new LinkedBlockingQueue<>();
        long id = notifier.show(gpuHot(), invoked::add).get(10, TimeUnit.SECONDS);
        assertThat(notifier.routesActionsOf(id)).isTrue();

        notifier.close(id).get(10, TimeUnit.SECONDS);

        assertThat(server.closed.poll(5, TimeUnit.SECONDS)).isEqualTo(id);
        assertThat(notifier.routesActionsOf(id)).isFalse();
    }

    @Test
    void aNotificationTheUserDismissedIsForgotten() throws Exception {
        startBus("body", "actions");
        BlockingQueue<String> invoked = new LinkedBlockingQueue<>();
        BlockingQueue<String> other = new LinkedBlockingQueue<>();
        long id = notifier.show(gpuHot(), invoked::add).get(10, TimeUnit.SECONDS);
        long otherId = notifier.show(gpuHot(), other::add).get(10, TimeUnit.SECONDS);

        server.dismiss(id);
        server.invokeAction(id, "acknowledge");
        server.invokeAction(otherId, "acknowledge");

        assertThat(other.poll(10, TimeUnit.SECONDS)).isEqualTo("acknowledge");
        assertThat(invoked).isEmpty();
        assertThat(notifier.routesActionsOf(id)).isFalse();
    }

    @Test
    void theBodyIsEscapedWhereTheServerReadsMarkup() throws Exception {
        startBus("body", "body-markup");
        String body = "util > 95 % & <rising>";

        notifier.show(DesktopNotification.of(Urgency.NORMAL, "a < b", body), null)
                .get(10, TimeUnit.SECONDS);

        NotifyCall call = server.notified.poll(5, TimeUnit.SECONDS);
        assertThat(call.body()).isEqualTo("util &gt; 95 % &amp; &lt;rising&gt;");
        assertThat(call.summary()).isEqualTo("a < b");
    }

    @Test
    void theBodyIsSentAsItIsWhereTheServerReadsNoMarkup() throws Exception {
        startBus("body");

        notifier.show(DesktopNotification.of(Urgency.NORMAL, "s", "util > 95 % & <rising>"), null)
                .get(10, TimeUnit.SECONDS);

        assertThat(server.notified.poll(5, TimeUnit.SECONDS).body()).isEqualTo("util > 95 % & <rising>");
    }

    @Test
    void withoutANotificationServerItSaysSoAndShowFailsQuickly() throws Exception {
        bus = SessionBus.start(dir);
        notifier = new DbusNotifier(bus.address());

        Availability availability = notifier.availability();
        assertThat(availability.available()).isFalse();
        assertThat(availability.reason()).isEqualTo(DbusNotifier.NO_SERVER);

        long start = System.nanoTime();
        CompletableFuture<Long> shown = notifier.show(gpuHot(), key -> {});
        assertThat(shown)
                .failsWithin(WITHIN)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(DesktopNotificationException.class)
                .withMessage(DbusNotifier.NO_SERVER);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServerThatAppearsLaterIsFound() throws Exception {
        bus = SessionBus.start(dir);
        notifier = new DbusNotifier(bus.address());
        assertThat(notifier.availability().available()).isFalse();

        server = NotificationServerStub.start(bus.address(), "body", "actions");

        assertThat(notifier.availability().available()).isTrue();
        assertThat(notifier.show(gpuHot(), null)).succeedsWithin(WITHIN);
    }

    @Test
    void withoutABusAddressItIsUnavailableWithTheReason() {
        notifier = DbusNotifier.fromEnvironment(Map.of(), Duration.ofSeconds(1));

        long start = System.nanoTime();
        Availability availability = notifier.availability();
        CompletableFuture<Long> shown = notifier.show(gpuHot(), key -> {});
        CompletableFuture<Void> closed = notifier.close(1);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(availability.available()).isFalse();
        assertThat(availability.reason()).isEqualTo("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset)");
        assertThat(shown).isCompletedExceptionally();
        assertThat(shown)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .withMessage(DbusNotifier.NO_SESSION_BUS);
        assertThat(closed).isCompletedExceptionally();

        DbusNotifier explicit = new DbusNotifier(" ");
        assertThat(explicit.availability().available()).isFalse();
        explicit.close();
    }

    @Test
    void aBusThatIsNotThereMakesItUnavailableAtOnce() {
        notifier = new DbusNotifier("unix:path=" + dir.resolve("no-bus-here"), Duration.ofSeconds(2));

        long start = System.nanoTime();
        Availability availability = notifier.availability();
        CompletableFuture<Long> shown = notifier.show(gpuHot(), key -> {});

        assertThat(availability.available()).isFalse();
        assertThat(availability.reason()).startsWith("cannot use the D-Bus session bus at unix:path=");
        assertThat(shown)
                .failsWithin(WITHIN)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(DesktopNotificationException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theUserBusInTheRuntimeDirectoryServesWhenTheAddressIsUnset() throws Exception {
        startBus("body", "actions");
        notifier.close();

        notifier = DbusNotifier.fromEnvironment(Map.of("XDG_RUNTIME_DIR", dir.toString()), Duration.ofSeconds(3));

        assertThat(notifier.availability().available()).isTrue();
        assertThat(notifier.show(gpuHot(), null)).succeedsWithin(WITHIN);
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheCallWithinTheTimeout() throws Exception {
        bus = SessionBus.start(dir);
        server = NotificationServerStub.start(bus.address(), "body", "actions");
        notifier = new DbusNotifier(bus.address(), Duration.ofSeconds(1));
        assertThat(notifier.availability().available()).isTrue();
        CountDownLatch gate = new CountDownLatch(1);
        server.holdNotifyUntil(gate);
        try {
            long start = System.nanoTime();
            CompletableFuture<Long> shown = notifier.show(gpuHot(), key -> {});

            assertThat(shown)
                    .failsWithin(WITHIN)
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(DesktopNotificationException.class)
                    .withMessageContaining("within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            gate.countDown();
        }
        server.holdNotifyUntil(null);
        assertThat(notifier.show(gpuHot(), null)).succeedsWithin(WITHIN);
    }

    @Test
    void itReconnectsAfterTheBusCameBack() throws Exception {
        startBus("body", "actions");
        assertThat(notifier.show(gpuHot(), null)).succeedsWithin(WITHIN);

        server.close();
        server = null;
        bus.close();
        bus = null;
        assertThat(notifier.show(gpuHot(), null)).failsWithin(WITHIN);

        bus = SessionBus.start(dir);
        server = NotificationServerStub.start(bus.address(), "body", "actions");
        BlockingQueue<String> invoked = new LinkedBlockingQueue<>();
        long id = -1;
        for (int attempt = 0; attempt < 20 && id < 0; attempt++) {
            try {
                id = notifier.show(gpuHot(), invoked::add).get(10, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                Thread.sleep(100);
            }
        }
        assertThat(id).isPositive();
        assertThat(notifier.availability().available()).isTrue();
        server.invokeAction(id, "acknowledge");
        assertThat(invoked.poll(10, TimeUnit.SECONDS)).isEqualTo("acknowledge");
    }

    @Test
    void aClosedNotifierRefusesAtOnce() throws Exception {
        startBus("body", "actions");
        assertThat(notifier.show(gpuHot(), null)).succeedsWithin(WITHIN);

        notifier.close();

        assertThat(notifier.availability().available()).isFalse();
        assertThat(notifier.show(gpuHot(), null)).isCompletedExceptionally();
        assertThat(notifier.close(1)).isCompletedExceptionally();
    }

    @Test
    void markupEscapingCoversAmpersandAndAngleBracketsOnly() {
        assertThat(DbusNotifier.escapeMarkup("a & b < c > d \"e\" 'f'")).isEqualTo("a &amp; b &lt; c &gt; d \"e\" 'f'");
        assertThat(DbusNotifier.escapeMarkup("")).isEmpty();
    }
}
