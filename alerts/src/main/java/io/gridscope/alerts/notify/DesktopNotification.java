package io.gridscope.alerts.notify;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One desktop notification as the freedesktop specification describes it.
 *
 * @param appName the application name the server shows ({@value #APP_NAME} unless told otherwise)
 * @param summary one line of plain text, the notification's title; never markup
 * @param body the longer text, may be empty; {@link DbusNotifier} escapes {@code &}, {@code <} and {@code >} where the
 *     server interprets markup
 * @param urgency sent as the {@code urgency} hint (byte 0, 1 or 2)
 * @param iconName a freedesktop icon name such as {@code dialog-error}, or empty for none
 * @param expireTimeoutMs milliseconds until the server closes it: {@link #EXPIRE_DEFAULT} for the server's default,
 *     {@link #EXPIRE_NEVER} to stay until dismissed (servers ignore it for critical ones, which stay)
 * @param actions the actions offered (key and label), in order; offered only where the server lists the {@code
 *     actions} capability
 * @param category the {@code category} hint such as {@code device.error}, or {@code null} for none
 */
public record DesktopNotification(
        String appName,
        String summary,
        String body,
        Urgency urgency,
        String iconName,
        int expireTimeoutMs,
        List<Action> actions,
        String category) {

    /** The application name Gridscope's notifications carry. */
    public static final String APP_NAME = "Gridscope";

    /** {@code expire_timeout} -1: the server decides how long the notification stays. */
    public static final int EXPIRE_DEFAULT = -1;

    /** {@code expire_timeout} 0: the notification stays until the user or the program closes it. */
    public static final int EXPIRE_NEVER = 0;

    /** The freedesktop {@code urgency} hint. */
    public enum Urgency {
        LOW((byte) 0, "dialog-information"),
        NORMAL((byte) 1, "dialog-warning"),
        CRITICAL((byte) 2, "dialog-error");

        private final byte hint;
        private final String defaultIcon;

        Urgency(byte hint, String defaultIcon) {
            this.hint = hint;
            this.defaultIcon = defaultIcon;
        }

        /** The hint's value: 0 low, 1 normal, 2 critical. */
        public byte hint() {
            return hint;
        }

        /** The freedesktop icon name {@link DesktopNotification#of} gives a notification of this urgency. */
        public String defaultIcon() {
            return defaultIcon;
        }
    }

    /**
     * An action the user can invoke from the notification.
     *
     * @param key what the server sends back in {@code ActionInvoked} and the notifier hands to the callback
     * @param label what the user reads on the button
     */
    public record Action(String key, String label) {
        /** Acknowledges the alert the notification is about. */
        public static final Action ACKNOWLEDGE = new Action("acknowledge", "Acknowledge");

        public Action {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(label, "label");
            if (key.isBlank()) {
                throw new IllegalArgumentException("action key is blank");
            }
        }
    }

    public DesktopNotification {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(summary, "summary");
        body = body == null ? "" : body;
        Objects.requireNonNull(urgency, "urgency");
        iconName = iconName == null ? "" : iconName;
        if (expireTimeoutMs < EXPIRE_DEFAULT) {
            throw new IllegalArgumentException("expireTimeoutMs must be -1, 0 or positive: " + expireTimeoutMs);
        }
        actions = actions == null ? List.of() : List.copyOf(actions);
        Set<String> keys = new HashSet<>();
        for (Action action : actions) {
            if (!keys.add(action.key())) {
                throw new IllegalArgumentException("action key given twice: " + action.key());
            }
        }
        category = category == null || category.isBlank() ? null : category;
    }

    /**
     * A notification from {@value #APP_NAME} with the urgency's icon, the server's default timeout, no action and no
     * category.
     */
    public static DesktopNotification of(Urgency urgency, String summary, String body) {
        return new DesktopNotification(
                APP_NAME, summary, body, urgency, urgency.defaultIcon(), EXPIRE_DEFAULT, List.of(), null);
    }

    /** This notification offering {@code actions} instead of its own. */
    public DesktopNotification withActions(Action... actions) {
        return new DesktopNotification(
                appName, summary, body, urgency, iconName, expireTimeoutMs, List.of(actions), category);
    }

    /** This notification with the {@code category} hint (such as {@code device.error}), or none for null. */
    public DesktopNotification withCategory(String category) {
        return new DesktopNotification(appName, summary, body, urgency, iconName, expireTimeoutMs, actions, category);
    }

    /** This notification with another icon name (empty for none). */
    public DesktopNotification withIconName(String iconName) {
        return new DesktopNotification(appName, summary, body, urgency, iconName, expireTimeoutMs, actions, category);
    }

    /** This notification with another expiry: {@link #EXPIRE_DEFAULT}, {@link #EXPIRE_NEVER} or milliseconds. */
    public DesktopNotification withExpireTimeoutMs(int expireTimeoutMs) {
        return new DesktopNotification(appName, summary, body, urgency, iconName, expireTimeoutMs, actions, category);
    }
}
