package io.gridscope.alerts.notify;

import io.gridscope.alerts.notify.FreedesktopNotifications.ActionInvoked;
import io.gridscope.alerts.notify.FreedesktopNotifications.NotificationClosed;
import io.gridscope.alerts.notify.FreedesktopNotifications.ServerInformation;
import io.gridscope.model.BackgroundPriority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.CallbackHandler;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freedesktop desktop notifications over the D-Bus session bus with dbus-java.
 *
 * <p>Connects lazily, on the first {@link #availability()}, {@link #show} or {@link #close(long)}, and again on the
 * next call after the bus went away. Everything it does on the bus starts on its own daemon thread; replies, {@code
 * ActionInvoked} and {@code NotificationClosed} arrive on dbus-java's threads and are handed back to it, so action
 * callbacks run on the notifier's thread. Each call to the server is given the call timeout (3 s unless told
 * otherwise); the caller's futures complete within it.
 *
 * <p>The server's capabilities are read once per connection: actions are offered only where it lists {@code
 * actions}, and the body's {@code &}, {@code <} and {@code >} are escaped where it lists {@code body-markup}. Without
 * a session bus (a headless server) it reports itself unavailable with the reason and every {@code show} fails at
 * once. No text of a notification is logged.
 */
public final class DbusNotifier implements DesktopNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(DbusNotifier.class);

    /** How long a call to the bus or the notification server may take unless told otherwise. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(3);

    /** The reason given when the environment names no session bus. */
    public static final String NO_SESSION_BUS = "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset)";

    /** The reason given when nothing owns {@code org.freedesktop.Notifications} on the bus. */
    public static final String NO_SERVER = "no notification server on the session bus";

    /** How many shown notifications with an action callback are remembered until the server closes them. */
    static final int MAX_TRACKED = 256;

    /** Under a second: dbus-java then makes one connection attempt (and a TCP bus gets that long to accept it). */
    private static final int CONNECT_TIMEOUT_MS = 999;

    private final String address;
    private final String noBusReason;
    private final Duration callTimeout;
    private final ExecutorService thread;
    private final Map<Long, Consumer<String>> actionHandlers;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> lastWarning = new AtomicReference<>();
    private volatile Availability known;
    private volatile boolean closed;

    /** Only touched on {@link #thread}. */
    private Session session;

    /**
     * The notifier of this process's session bus: {@code DBUS_SESSION_BUS_ADDRESS}, else the systemd user bus at
     * {@code $XDG_RUNTIME_DIR/bus} where that socket exists, else none (then it is unavailable with {@link
     * #NO_SESSION_BUS}).
     */
    public static DbusNotifier forSessionBus() {
        return fromEnvironment(System.getenv(), DEFAULT_CALL_TIMEOUT);
    }

    static DbusNotifier fromEnvironment(Map<String, String> env, Duration callTimeout) {
        String address = env.get("DBUS_SESSION_BUS_ADDRESS");
        if (address == null || address.isBlank()) {
            address = null;
            String runtimeDir = env.get("XDG_RUNTIME_DIR");
            if (runtimeDir != null && !runtimeDir.isBlank()) {
                Path userBus = Path.of(runtimeDir, "bus");
                if (Files.exists(userBus) && !Files.isRegularFile(userBus) && !Files.isDirectory(userBus)) {
                    address = "unix:path=" + userBus;
                }
            }
        }
        return new DbusNotifier(address, NO_SESSION_BUS, callTimeout);
    }

    /** The notifier of the bus at {@code busAddress} (a D-Bus address such as {@code unix:path=/run/user/1000/bus}). */
    public DbusNotifier(String busAddress) {
        this(busAddress, DEFAULT_CALL_TIMEOUT);
    }

    /**
     * The notifier of the bus at {@code busAddress} whose calls may take up to {@code callTimeout}; a null or blank
     * address makes a notifier that is unavailable.
     */
    public DbusNotifier(String busAddress, Duration callTimeout) {
        this(busAddress, "no D-Bus session bus (no bus address given)", callTimeout);
    }

    private DbusNotifier(String busAddress, String noBusReason, Duration callTimeout) {
        this.address = busAddress == null || busAddress.isBlank() ? null : busAddress.strip();
        this.noBusReason = noBusReason;
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
        this.thread = Executors.newSingleThreadExecutor(BackgroundPriority.daemonThreads("gridscope-desktop-notifier"));
        this.actionHandlers = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Consumer<String>> eldest) {
                return size() > MAX_TRACKED;
            }
        });
        if (address == null) {
            known = Availability.unavailable(noBusReason);
        }
    }

    @Override
    public Availability availability() {
        if (closed) {
            return Availability.unavailable("desktop notifier closed");
        }
        Availability now = known;
        if (address == null || (now != null && now.available())) {
            return now;
        }
        CompletableFuture<Availability> probe = track(onThread(() -> facts().thenApply(f -> {
            Availability ok = Availability.ok(f.description());
            known = ok;
            return ok;
        })));
        try {
            return probe.get(callTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Availability.unavailable("interrupted while asking the session bus");
        } catch (TimeoutException e) {
            return unavailable("no answer on the session bus within " + seconds(callTimeout));
        } catch (ExecutionException e) {
            return unavailable(reason(e.getCause()));
        }
    }

    @Override
    public CompletableFuture<Long> show(DesktopNotification notification, Consumer<String> onAction) {
        Objects.requireNonNull(notification, "notification");
        if (closed) {
            return CompletableFuture.failedFuture(new DesktopNotificationException("desktop notifier closed"));
        }
        if (address == null) {
            warnOnce("Desktop notifications unavailable: " + noBusReason);
            return CompletableFuture.failedFuture(new DesktopNotificationException(noBusReason));
        }
        return track(onThread(() -> facts().thenComposeAsync(facts -> notify(facts, notification, onAction), thread))
                .exceptionallyCompose(e -> failed("desktop notification not shown", e)));
    }

    @Override
    public CompletableFuture<Void> close(long id) {
        if (closed) {
            return CompletableFuture.failedFuture(new DesktopNotificationException("desktop notifier closed"));
        }
        if (address == null) {
            return CompletableFuture.failedFuture(new DesktopNotificationException(noBusReason));
        }
        actionHandlers.remove(id);
        return track(onThread(() ->
                        this.<Object>call("CloseNotification", new UInt32(id)).thenApply(ignored -> (Void) null))
                .exceptionallyCompose(e -> failed("desktop notification " + id + " not closed", e)));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        actionHandlers.clear();
        try {
            thread.execute(this::disconnect);
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        thread.shutdown();
        DesktopNotificationException closing = new DesktopNotificationException("desktop notifier closed");
        for (CompletableFuture<?> f : List.copyOf(pending)) {
            f.completeExceptionally(closing);
        }
        try {
            if (!thread.awaitTermination(callTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether an action of notification {@code id} would reach a callback (for tests). */
    boolean routesActionsOf(long id) {
        return actionHandlers.containsKey(id);
    }

    /** {@code text} with {@code &}, {@code <} and {@code >} as entities, for a server that reads body markup. */
    static String escapeMarkup(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // ---- on the notifier's thread -------------------------------------------------------------------------------

    private record ServerFacts(Set<String> capabilities, String description) {}

    /** One connection to the bus, the server's proxy on it, and what the server said about itself. */
    private static final class Session {
        final DBusConnection connection;
        final FreedesktopNotifications server;
        CompletableFuture<ServerFacts> facts;

        Session(DBusConnection connection, FreedesktopNotifications server) {
            this.connection = connection;
            this.server = server;
        }
    }

    private Session session() throws DBusException {
        if (session != null && session.connection.isConnected()) {
            return session;
        }
        if (session != null) {
            LOG.info("Desktop notifications: the session bus connection was lost; reconnecting");
            disconnect();
        }
        DBusConnection connection = DBusConnectionBuilder.forAddress(address)
                .withShared(false)
                // dbus-java retries a refused connection every 500 ms for this long: once is enough here.
                .transportConfig()
                .withTimeout(CONNECT_TIMEOUT_MS)
                .back()
                .withDisconnectCallback(new IDisconnectCallback() {
                    @Override
                    public void disconnectOnError(IOException e) {
                        lost(e);
                    }
                })
                .build();
        try {
            FreedesktopNotifications server = connection.getRemoteObject(
                    FreedesktopNotifications.INTERFACE,
                    FreedesktopNotifications.OBJECT_PATH,
                    FreedesktopNotifications.class,
                    true);
            connection.addSigHandler(ActionInvoked.class, this::onActionInvoked);
            connection.addSigHandler(NotificationClosed.class, this::onNotificationClosed);
            session = new Session(connection, server);
            LOG.debug("Desktop notifications: connected to the session bus as {}", connection.getUniqueName());
            return session;
        } catch (DBusException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    private void disconnect() {
        Session s = session;
        session = null;
        if (s != null) {
            try {
                s.connection.disconnect();
            } catch (RuntimeException e) {
                LOG.debug("Desktop notifications: disconnecting failed", e);
            }
        }
    }

    private void lost(IOException e) {
        LOG.debug("Desktop notifications: session bus connection lost", e);
        known = null;
        try {
            thread.execute(() -> {
                if (session != null && !session.connection.isConnected()) {
                    disconnect();
                }
            });
        } catch (RejectedExecutionException closing) {
            // the notifier is closing
        }
    }

    /** The capabilities and name of the server, asked once per connection (again after a failure). */
    private CompletableFuture<ServerFacts> facts() throws DBusException {
        Session s = session();
        if (s.facts != null && !s.facts.isCompletedExceptionally()) {
            return s.facts;
        }
        CompletableFuture<List<String>> capabilities = call("GetCapabilities");
        CompletableFuture<ServerInformation<String, String, String, String>> info =
                this.<ServerInformation<String, String, String, String>>call("GetServerInformation")
                        .exceptionally(e -> null);
        s.facts = capabilities.thenCombine(info, (caps, i) -> {
            Set<String> set = Set.copyOf(caps);
            String who = i == null ? "notification server" : "notification server " + i.name() + " " + i.version();
            ServerFacts facts = new ServerFacts(set, who + " (" + String.join(", ", caps) + ")");
            LOG.debug("Desktop notifications: {}", facts.description());
            return facts;
        });
        return s.facts;
    }

    private CompletableFuture<Long> notify(ServerFacts facts, DesktopNotification n, Consumer<String> onAction) {
        boolean offerActions =
                facts.capabilities().contains("actions") && !n.actions().isEmpty();
        List<String> actions = new ArrayList<>();
        if (offerActions) {
            for (DesktopNotification.Action action : n.actions()) {
                actions.add(action.key());
                actions.add(action.label());
            }
        }
        String body = facts.capabilities().contains("body-markup") ? escapeMarkup(n.body()) : n.body();
        Map<String, Variant<?>> hints = new LinkedHashMap<>();
        hints.put("urgency", new Variant<>(n.urgency().hint()));
        if (n.category() != null) {
            hints.put("category", new Variant<>(n.category()));
        }
        CompletableFuture<UInt32> reply = call(
                "Notify",
                n.appName(),
                new UInt32(0),
                n.iconName(),
                n.summary(),
                body,
                actions,
                hints,
                Integer.valueOf(n.expireTimeoutMs()));
        return reply.thenApply(id -> {
            long value = id.longValue();
            if (offerActions && onAction != null) {
                actionHandlers.put(value, onAction);
            }
            lastWarning.set(null);
            LOG.debug(
                    "Desktop notification {} shown (urgency {}, {} action(s) offered)",
                    value,
                    n.urgency(),
                    actions.size() / 2);
            return value;
        });
    }

    /** Calls {@code method} on the server without blocking; the future fails after the call timeout. */
    private <T> CompletableFuture<T> call(String method, Object... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            Session s = session();
            s.connection.callWithCallback(
                    s.server,
                    method,
                    new CallbackHandler<T>() {
                        @Override
                        public void handle(T value) {
                            result.complete(value);
                        }

                        @Override
                        public void handleError(DBusExecutionException e) {
                            result.completeExceptionally(e);
                        }
                    },
                    args);
        } catch (DBusException | RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result.orTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- signals, on dbus-java's threads -----------------------------------------------------------------------

    private void onActionInvoked(ActionInvoked signal) {
        Consumer<String> handler = actionHandlers.get(signal.id());
        if (handler == null) {
            return; // another application's notification, or one forgotten
        }
        String key = signal.actionKey();
        try {
            thread.execute(() -> {
                try {
                    handler.accept(key);
                } catch (RuntimeException e) {
                    LOG.warn("Desktop notification {}: the action handler failed", signal.id(), e);
                }
            });
        } catch (RejectedExecutionException closing) {
            // the notifier is closing
        }
    }

    private void onNotificationClosed(NotificationClosed signal) {
        actionHandlers.remove(signal.id());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Runs {@code work} on the notifier's thread and passes its future on; never throws. */
    private <T> CompletableFuture<T> onThread(ThrowingSupplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    work.get().whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (Exception | LinkageError e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DesktopNotificationException("desktop notifier closed"));
        }
        // Covers a notifier thread that is stuck (a bus that accepts the connection and never answers).
        return result.orTimeout(callTimeout.toMillis() + 250, TimeUnit.MILLISECONDS);
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        pending.add(future);
        future.whenComplete((v, e) -> pending.remove(future));
        return future;
    }

    private <T> CompletableFuture<T> failed(String what, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof DesktopNotificationException d) {
            return CompletableFuture.failedFuture(d);
        }
        String why = reason(cause);
        if (!(cause instanceof TimeoutException)) {
            known = null;
        }
        warnOnce(what + ": " + why);
        return CompletableFuture.failedFuture(new DesktopNotificationException(why, cause));
    }

    private Availability unavailable(String reason) {
        Availability a = Availability.unavailable(reason);
        warnOnce("Desktop notifications unavailable: " + reason);
        return a;
    }

    /** Logs a warning unless it is the one logged last, so a headless machine warns once and not on every alert. */
    private void warnOnce(String message) {
        if (!message.equals(lastWarning.getAndSet(message))) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }

    private String reason(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof DesktopNotificationException) {
            return cause.getMessage();
        }
        if (cause instanceof TimeoutException) {
            return "no answer from the session bus or the notification server within " + seconds(callTimeout);
        }
        if (cause instanceof ServiceUnknown
                || (cause.getMessage() != null && cause.getMessage().contains("ServiceUnknown"))) {
            return NO_SERVER;
        }
        if (cause instanceof DBusException) {
            return "cannot use the D-Bus session bus at " + address + ": " + message(cause);
        }
        return message(cause);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
