package io.gridscope.alerts.notify;

import io.gridscope.alerts.notify.DesktopNotification.Action;
import io.gridscope.alerts.notify.DesktopNotification.Urgency;
import io.gridscope.alerts.notify.DesktopNotifier.Availability;
import java.util.concurrent.TimeUnit;

/**
 * Shows one alert notification, as Gridscope sends it, on the session bus of the environment
 * ({@code DBUS_SESSION_BUS_ADDRESS}); for {@code scripts/screenshot-notification.sh}. Waits up to 15 s for a
 * notification server, then prints the availability and the id; exits 2 when there is none.
 */
final class NotificationDemo {
    private NotificationDemo() {}

    public static void main(String[] args) throws Exception {
        try (DbusNotifier notifier = DbusNotifier.forSessionBus()) {
            Availability availability = notifier.availability();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!availability.available() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                availability = notifier.availability();
            }
            System.out.println("availability: " + availability);
            if (!availability.available()) {
                System.exit(2);
            }
            DesktopNotification alert = DesktopNotification.of(
                            Urgency.CRITICAL,
                            "GPU 3 on node-7: 92 °C",
                            "Above 85 °C for 5 min (rule gpu-temperature).\nUtilisation 100 % & fan < 40 %.")
                    .withCategory("device.error")
                    .withActions(Action.ACKNOWLEDGE);
            long id = notifier.show(alert, key -> System.out.println("action: " + key))
                    .get(10, TimeUnit.SECONDS);
            System.out.println("shown: id " + id);
        }
    }
}
