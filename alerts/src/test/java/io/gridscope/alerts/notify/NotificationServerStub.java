package io.gridscope.alerts.notify;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * A small notification server on a test bus: owns {@code org.freedesktop.Notifications}, exports the interface on
 * {@code /org/freedesktop/Notifications}, records what it is asked and emits the signals a real one emits.
 */
final class NotificationServerStub implements FreedesktopNotifications, AutoCloseable {

    record NotifyCall(
            String appName,
            long replacesId,
            String appIcon,
            String summary,
            String body,
            List<String> actions,
            Map<String, Variant<?>> hints,
            int expireTimeout,
            long id) {}

    final LinkedBlockingQueue<NotifyCall> notified = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Long> closed = new LinkedBlockingQueue<>();

    private final DBusConnection connection;
    private final List<String> capabilities;
    private final AtomicLong ids = new AtomicLong();
    private volatile CountDownLatch notifyGate;

    private NotificationServerStub(DBusConnection connection, List<String> capabilities) {
        this.connection = connection;
        this.capabilities = List.copyOf(capabilities);
    }

    /** Connects to the bus at {@code address} and serves notifications with these capabilities. */
    static NotificationServerStub start(String address, String... capabilities) throws DBusException {
        DBusConnection connection =
                DBusConnectionBuilder.forAddress(address).withShared(false).build();
        NotificationServerStub server = new NotificationServerStub(connection, List.of(capabilities));
        connection.exportObject(OBJECT_PATH, server);
        connection.requestBusName(INTERFACE);
        return server;
    }

    /** Makes {@code Notify} wait until {@code gate} opens (a server that does not answer). */
    void holdNotifyUntil(CountDownLatch gate) {
        this.notifyGate = gate;
    }

    /** The user clicked the action {@code key} of notification {@code id}. */
    void invokeAction(long id, String key) throws DBusException {
        connection.sendMessage(new ActionInvoked(OBJECT_PATH, new UInt32(id), key));
    }

    /** The user dismissed notification {@code id}. */
    void dismiss(long id) throws DBusException {
        connection.sendMessage(new NotificationClosed(OBJECT_PATH, new UInt32(id), new UInt32(2)));
    }

    @Override
    public UInt32 Notify(
            String appName,
            UInt32 replacesId,
            String appIcon,
            String summary,
            String body,
            List<String> actions,
            Map<String, Variant<?>> hints,
            Integer expireTimeout) {
        CountDownLatch gate = notifyGate;
        if (gate != null) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long id = replacesId.longValue() != 0 ? replacesId.longValue() : ids.incrementAndGet();
        notified.add(new NotifyCall(
                appName,
                replacesId.longValue(),
                appIcon,
                summary,
                body,
                List.copyOf(actions),
                Map.copyOf(hints),
                expireTimeout,
                id));
        return new UInt32(id);
    }

    @Override
    public void CloseNotification(UInt32 id) {
        closed.add(id.longValue());
        try {
            connection.sendMessage(new NotificationClosed(OBJECT_PATH, id, new UInt32(3)));
        } catch (DBusException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> GetCapabilities() {
        return capabilities;
    }

    @Override
    public ServerInformation<String, String, String, String> GetServerInformation() {
        return new ServerInformation<>("gridscope-test-server", "Gridscope", "1.0", "1.2");
    }

    @Override
    public String getObjectPath() {
        return OBJECT_PATH;
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
