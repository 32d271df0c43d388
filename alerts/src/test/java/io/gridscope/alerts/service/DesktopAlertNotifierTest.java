package io.gridscope.alerts.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.notify.DesktopNotification;
import io.gridscope.alerts.notify.DesktopNotificationException;
import io.gridscope.alerts.notify.DesktopNotifier;
import io.gridscope.alerts.store.AlertActions;
import io.gridscope.alerts.store.StoredAlerts;
import io.gridscope.history.records.AlertRow;
import io.gridscope.testsupport.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert notices as desktop notifications, and the Acknowledge action they offer, over a fake notification server. */
class DesktopAlertNotifierTest {
    @TempDir
    Path dir;

    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());
    FakeDesktop desktop = new FakeDesktop();
    StoredAlerts stored;
    boolean wanted = true;
    DesktopAlertNotifier notifier;

    record Shown(DesktopNotification notification, Consumer<String> onAction) {}

    static final class FakeDesktop implements DesktopNotifier {
        final List<Shown> shown = new ArrayList<>();
        boolean failing;

        @Override
        public Availability availability() {
            return Availability.ok("fake");
        }

        @Override
        public CompletableFuture<Long> show(DesktopNotification notification, Consumer<String> onAction) {
            if (failing) {
                return CompletableFuture.failedFuture(new DesktopNotificationException("no notification server"));
            }
            shown.add(new Shown(notification, onAction));
            return CompletableFuture.completedFuture((long) shown.size());
        }

        @Override
        public CompletableFuture<Void> close(long id) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
    }

    @BeforeEach
    void setUp() {
        stored = StoredAlerts.in(dir);
        notifier = new DesktopAlertNotifier(desktop, new AlertActions(dir, clock), "maria", () -> wanted);
    }

    int hosts;

    /** A firing alert of GpuHot on the next host: gpu-01, gpu-02, … */
    AlertRow alert(String severity) throws Exception {
        return stored.row(stored.add("GpuHot", "gpu-0" + ++hosts, severity, "firing", clock.millis()));
    }

    DesktopNotification shown(AlertNotice.Kind kind, AlertRow alert) {
        notifier.send(new AlertNotice(kind, alert));
        return desktop.shown.get(desktop.shown.size() - 1).notification();
    }

    @Test
    void urgencyFollowsTheSeverityAndAResolutionIsLow() throws Exception {
        assertThat(shown(AlertNotice.Kind.FIRING, alert("critical")).urgency())
                .isEqualTo(DesktopNotification.Urgency.CRITICAL);
        assertThat(shown(AlertNotice.Kind.FIRING, alert("warning")).urgency())
                .isEqualTo(DesktopNotification.Urgency.NORMAL);
        assertThat(shown(AlertNotice.Kind.FIRING, alert("info")).urgency()).isEqualTo(DesktopNotification.Urgency.LOW);
        assertThat(shown(AlertNotice.Kind.ESCALATED, alert("critical")).urgency())
                .isEqualTo(DesktopNotification.Urgency.CRITICAL);
        assertThat(shown(AlertNotice.Kind.RESOLVED, alert("critical")).urgency())
                .isEqualTo(DesktopNotification.Urgency.LOW);
    }

    @Test
    void theNotificationCarriesTheTitleTheDescriptionTheAlertIdAndCategory() throws Exception {
        AlertRow a = alert("critical");
        DesktopNotification n = shown(AlertNotice.Kind.FIRING, a);
        assertThat(n.appName()).isEqualTo(DesktopNotification.APP_NAME);
        assertThat(n.summary()).isEqualTo("[CRITICAL] GpuHot on gpu-01");
        assertThat(n.body()).isEqualTo("the description of GpuHot\n(alert " + a.id() + ", GpuHot)");
        assertThat(n.iconName()).isEqualTo("dialog-error");
        assertThat(n.category()).isEqualTo("device.error");
        DesktopNotification resolved = shown(AlertNotice.Kind.RESOLVED, a);
        assertThat(resolved.summary()).isEqualTo("[RESOLVED] GpuHot on gpu-01");
        assertThat(resolved.category()).isEqualTo("device");
    }

    @Test
    void acknowledgeIsOfferedForFiringAndEscalatedAlertsButNotForResolvedOnes() throws Exception {
        AlertRow a = alert("warning");
        assertThat(shown(AlertNotice.Kind.FIRING, a).actions()).containsExactly(DesktopNotification.Action.ACKNOWLEDGE);
        assertThat(shown(AlertNotice.Kind.ESCALATED, a).actions())
                .containsExactly(DesktopNotification.Action.ACKNOWLEDGE);
        assertThat(shown(AlertNotice.Kind.RESOLVED, a).actions()).isEmpty();
    }

    @Test
    void theActionAcknowledgesThatAlertAsTheOperatorWithTheDesktopComment() throws Exception {
        AlertRow other = alert("critical");
        AlertRow a = alert("critical");
        notifier.send(new AlertNotice(AlertNotice.Kind.FIRING, a));
        Consumer<String> onAction = desktop.shown.get(0).onAction();

        onAction.accept("default"); // a click on the notification itself acknowledges nothing
        assertThat(stored.row(a.id()).acknowledged()).isFalse();

        onAction.accept(DesktopNotification.Action.ACKNOWLEDGE.key());
        AlertRow acked = stored.row(a.id());
        assertThat(acked.ackBy()).isEqualTo("maria");
        assertThat(acked.ackComment())
                .isEqualTo(DesktopAlertNotifier.ACK_COMMENT)
                .isEqualTo("acknowledged from the desktop notification");
        assertThat(acked.ackAtMillis()).isEqualTo(clock.millis());
        assertThat(stored.row(other.id()).acknowledged()).isFalse();
        assertThat(stored.audit("alert " + a.id())).singleElement().satisfies(e -> {
            assertThat(e.osUser()).isEqualTo("maria");
            assertThat(e.action()).isEqualTo("acknowledge");
            assertThat(e.after()).isEqualTo("acknowledged from the desktop notification");
        });

        onAction.accept(DesktopNotification.Action.ACKNOWLEDGE.key()); // a second click: refused, nothing breaks
        assertThat(stored.audit("alert " + a.id())).hasSize(1);
    }

    @Test
    void nothingIsShownWhileNotWantedAndAFailingServerDoesNotThrow() throws Exception {
        AlertRow a = alert("critical");
        wanted = false;
        notifier.send(new AlertNotice(AlertNotice.Kind.FIRING, a));
        assertThat(desktop.shown).isEmpty();
        wanted = true;
        desktop.failing = true;
        notifier.send(new AlertNotice(AlertNotice.Kind.FIRING, a));
        assertThat(desktop.shown).isEmpty();
        assertThat(notifier.name()).isEqualTo("desktop");
    }
}
