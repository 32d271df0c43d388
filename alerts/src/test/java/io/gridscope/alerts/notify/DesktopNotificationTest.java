package io.gridscope.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.alerts.notify.DesktopNotification.Action;
import io.gridscope.alerts.notify.DesktopNotification.Urgency;
import org.junit.jupiter.api.Test;

class DesktopNotificationTest {

    @Test
    void ofGivesGridscopeTheUrgencysIconAndTheServersDefaults() {
        DesktopNotification n = DesktopNotification.of(Urgency.NORMAL, "summary", null);

        assertThat(n.appName()).isEqualTo("Gridscope");
        assertThat(n.body()).isEmpty();
        assertThat(n.iconName()).isEqualTo("dialog-warning");
        assertThat(n.expireTimeoutMs()).isEqualTo(DesktopNotification.EXPIRE_DEFAULT);
        assertThat(n.actions()).isEmpty();
        assertThat(n.category()).isNull();
    }

    @Test
    void urgencyHintsAreTheSpecificationsBytes() {
        assertThat(Urgency.LOW.hint()).isEqualTo((byte) 0);
        assertThat(Urgency.NORMAL.hint()).isEqualTo((byte) 1);
        assertThat(Urgency.CRITICAL.hint()).isEqualTo((byte) 2);
    }

    @Test
    void withersChangeOneThing() {
        DesktopNotification n = DesktopNotification.of(Urgency.CRITICAL, "s", "b")
                .withActions(Action.ACKNOWLEDGE)
                .withCategory("device.error")
                .withIconName("gpu")
                .withExpireTimeoutMs(DesktopNotification.EXPIRE_NEVER);

        assertThat(n.actions()).containsExactly(new Action("acknowledge", "Acknowledge"));
        assertThat(n.category()).isEqualTo("device.error");
        assertThat(n.iconName()).isEqualTo("gpu");
        assertThat(n.expireTimeoutMs()).isZero();
        assertThat(n.withCategory(" ").category()).isNull();
    }

    @Test
    void nonsenseIsRefused() {
        DesktopNotification n = DesktopNotification.of(Urgency.LOW, "s", "b");
        assertThatThrownBy(() -> n.withExpireTimeoutMs(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> n.withActions(Action.ACKNOWLEDGE, new Action("acknowledge", "Ack")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Action(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DesktopNotification.of(Urgency.LOW, null, "b"))
                .isInstanceOf(NullPointerException.class);
    }
}
