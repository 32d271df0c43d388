package io.gridscope.alerts.notify;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The D-Bus interface {@code org.freedesktop.Notifications} (Desktop Notifications Specification 1.2) as dbus-java
 * maps it: what {@link DbusNotifier} calls and what a notification server exports. Wire types only; callers use
 * {@link DesktopNotifier}.
 *
 * <p>Method names are the D-Bus member names, hence upper case. {@code Notify}'s last parameter is an {@code Integer}
 * rather than an {@code int} because dbus-java finds the method for an asynchronous call by the classes of its
 * arguments.
 */
@DBusInterfaceName(FreedesktopNotifications.INTERFACE)
@SuppressWarnings({"checkstyle:MethodName", "MethodName"})
public interface FreedesktopNotifications extends DBusInterface {
    /** The well-known bus name and the interface name. */
    String INTERFACE = "org.freedesktop.Notifications";

    /** The object path every server exports the interface on. */
    String OBJECT_PATH = "/org/freedesktop/Notifications";

    /** Signature {@code susssasa{sv}i → u}: shows (or replaces) a notification and returns the id it was given. */
    UInt32 Notify(
            String appName,
            UInt32 replacesId,
            String appIcon,
            String summary,
            String body,
            List<String> actions,
            Map<String, Variant<?>> hints,
            Integer expireTimeout);

    /** Closes a notification; the server answers with {@link NotificationClosed} (reason 3). */
    void CloseNotification(UInt32 id);

    /** The optional features the server has, such as {@code actions}, {@code body} and {@code body-markup}. */
    List<String> GetCapabilities();

    /** Name, vendor, version and specification version of the server. */
    ServerInformation<String, String, String, String> GetServerInformation();

    /**
     * The four strings {@code GetServerInformation} returns ({@code ssss}). Generic because dbus-java reads the D-Bus
     * types of a returned tuple from its type arguments.
     */
    final class ServerInformation<A, B, C, D> extends Tuple {
        @Position(0)
        private final A name;

        @Position(1)
        private final B vendor;

        @Position(2)
        private final C version;

        @Position(3)
        private final D specVersion;

        public ServerInformation(A name, B vendor, C version, D specVersion) {
            this.name = name;
            this.vendor = vendor;
            this.version = version;
            this.specVersion = specVersion;
        }

        public A name() {
            return name;
        }

        public B vendor() {
            return vendor;
        }

        public C version() {
            return version;
        }

        public D specVersion() {
            return specVersion;
        }
    }

    /** Emitted by the server when the user invoked one of a notification's actions ({@code us}). */
    final class ActionInvoked extends DBusSignal {
        private final UInt32 id;
        private final String actionKey;

        public ActionInvoked(String path, UInt32 id, String actionKey) throws DBusException {
            super(path, id, actionKey);
            this.id = id;
            this.actionKey = actionKey;
        }

        public long id() {
            return id.longValue();
        }

        public String actionKey() {
            return actionKey;
        }
    }

    /**
     * Emitted by the server when a notification was closed ({@code uu}); reason 1 expired, 2 dismissed by the user, 3
     * closed by {@code CloseNotification}, 4 undefined.
     */
    final class NotificationClosed extends DBusSignal {
        private final UInt32 id;
        private final UInt32 reason;

        public NotificationClosed(String path, UInt32 id, UInt32 reason) throws DBusException {
            super(path, id, reason);
            this.id = id;
            this.reason = reason;
        }

        public long id() {
            return id.longValue();
        }

        public long reason() {
            return reason.longValue();
        }
    }
}
