package io.gridscope.alerts.service;

import io.gridscope.alerts.notify.DesktopNotification;
import io.gridscope.alerts.notify.DesktopNotifier;
import io.gridscope.alerts.store.AlertActions;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert notifications on the desktop (freedesktop notifications over D-Bus): critical alerts with critical
 * urgency, each firing or escalated one with an "Acknowledge" action where the notification server offers actions.
 * Clicking it acknowledges the alert as {@code who}, with a comment saying so. {@code wanted} decides per notice
 * (the console shows its own notifications while its window has the focus).
 */
public final class DesktopAlertNotifier implements AlertNotifier {
    private static final Logger log = LoggerFactory.getLogger(DesktopAlertNotifier.class);
    public static final String ACK_COMMENT = "acknowledged from the desktop notification";

    private final DesktopNotifier desktop;
    private final AlertActions actions;
    private final String who;
    private final BooleanSupplier wanted;

    public DesktopAlertNotifier(DesktopNotifier desktop, AlertActions actions, String who, BooleanSupplier wanted) {
        this.desktop = desktop;
        this.actions = actions;
        this.who = who;
        this.wanted = wanted;
    }

    @Override
    public String name() {
        return "desktop";
    }

    @Override
    public void send(AlertNotice notice) {
        if (!wanted.getAsBoolean()) {
            return;
        }
        DesktopNotification n = notification(notice);
        long id = notice.alert().id();
        desktop.show(n, action -> {
                    if (DesktopNotification.Action.ACKNOWLEDGE.key().equals(action)) {
                        AlertActions.Outcome o = actions.acknowledge(id, who, ACK_COMMENT);
                        log.info("desktop notification action on alert {}: {}", id, o.message());
                    }
                })
                .exceptionally(e -> {
                    log.warn("desktop notification for alert {} not shown: {}", id, e.getMessage());
                    return -1L;
                });
    }

    static DesktopNotification notification(AlertNotice notice) {
        DesktopNotification.Urgency urgency = switch (notice.kind()) {
            case RESOLVED -> DesktopNotification.Urgency.LOW;
            case FIRING, ESCALATED ->
                switch (notice.alert().severity()) {
                    case "critical" -> DesktopNotification.Urgency.CRITICAL;
                    case "info" -> DesktopNotification.Urgency.LOW;
                    default -> DesktopNotification.Urgency.NORMAL;
                };
        };
        String body = notice.alert().description().isEmpty()
                ? notice.alert().rule()
                : notice.alert().description();
        DesktopNotification n = DesktopNotification.of(
                        urgency,
                        notice.title(),
                        body + "\n(alert " + notice.alert().id() + ", "
                                + notice.alert().rule() + ")")
                .withCategory(notice.kind() == AlertNotice.Kind.RESOLVED ? "device" : "device.error");
        if (notice.kind() != AlertNotice.Kind.RESOLVED) {
            n = n.withActions(DesktopNotification.Action.ACKNOWLEDGE);
        }
        return n;
    }
}
