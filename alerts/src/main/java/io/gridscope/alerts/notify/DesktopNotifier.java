package io.gridscope.alerts.notify;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Shows notifications on the user's desktop. Implementations never throw into the caller and never block it for
 * longer than their call timeout: failures complete the returned futures exceptionally (with a {@link
 * DesktopNotificationException}) and show in {@link #availability()}.
 */
public interface DesktopNotifier extends AutoCloseable {

    /**
     * Whether notifications can be shown now, and why not. Answers at once when the answer is known (or there is no
     * bus at all); otherwise asks the desktop first and waits at most the notifier's call timeout.
     */
    Availability availability();

    /**
     * Shows {@code notification}.
     *
     * @param onAction receives the key of an action the user invoked on this notification (such as {@code
     *     acknowledge}), on the notifier's thread; may be {@code null}. Keep it short: hand work to the UI thread.
     * @return the id the server gave the notification, or an exceptional completion ({@link
     *     DesktopNotificationException}) within the call timeout
     */
    CompletableFuture<Long> show(DesktopNotification notification, Consumer<String> onAction);

    /** Closes the notification the server gave {@code id}; completes when the server accepted that. */
    CompletableFuture<Void> close(long id);

    /** Closes the connection and the notifier's thread; pending futures complete exceptionally. */
    @Override
    void close();

    /**
     * Whether desktop notifications work.
     *
     * @param available true when a notification server answered
     * @param reason what serves them (such as "notification server dunst 1.9.0 (actions, body)") or why they cannot
     *     be shown (such as "no notification server on the session bus")
     */
    record Availability(boolean available, String reason) {
        public Availability {
            Objects.requireNonNull(reason, "reason");
        }

        public static Availability ok(String detail) {
            return new Availability(true, detail);
        }

        public static Availability unavailable(String reason) {
            return new Availability(false, reason);
        }
    }
}
