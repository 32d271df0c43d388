package io.gridscope.console.app.secrets;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

/**
 * The parts of the freedesktop.org Secret Service API (version 0.2) that {@link SecretServiceStore} calls, as
 * dbus-java maps them. Wire types only. Method names are the D-Bus member names, hence upper case.
 */
@SuppressWarnings({"checkstyle:MethodName", "MethodName"})
public final class SecretServiceApi {
    public static final String BUS_NAME = "org.freedesktop.secrets";
    public static final String SERVICE_PATH = "/org/freedesktop/secrets";
    public static final String NO_OBJECT = "/";

    private SecretServiceApi() {}

    /** {@code org.freedesktop.Secret.Service}. */
    @DBusInterfaceName("org.freedesktop.Secret.Service")
    public interface Service extends DBusInterface {
        /** {@code sv → vo}: the algorithm's output (our peer's public key for dh-ietf) and the session. */
        Two<Variant<?>, DBusPath> OpenSession(String algorithm, Variant<?> input);

        /** {@code a{ss} → aoao}: unlocked and locked items with all these attributes. */
        Two<List<DBusPath>, List<DBusPath>> SearchItems(Map<String, String> attributes);

        /** {@code ao → aoo}: what was unlocked at once, and a prompt ("/" for none) for the rest. */
        Two<List<DBusPath>, DBusPath> Unlock(List<DBusPath> objects);

        /** {@code s → o}: the collection an alias names ("/" for none). */
        DBusPath ReadAlias(String name);

        /** {@code ao → aoo}: locks collections or items (for tests). */
        Two<List<DBusPath>, DBusPath> Lock(List<DBusPath> objects);
    }

    /** {@code org.freedesktop.Secret.Collection}. */
    @DBusInterfaceName("org.freedesktop.Secret.Collection")
    public interface Collection extends DBusInterface {
        /** {@code a{sv}(oayays)b → oo}: the item, and a prompt ("/" for none). */
        Two<DBusPath, DBusPath> CreateItem(Map<String, Variant<?>> properties, Secret secret, boolean replace);
    }

    /** {@code org.freedesktop.Secret.Item}. */
    @DBusInterfaceName("org.freedesktop.Secret.Item")
    public interface Item extends DBusInterface {
        /** {@code → o}: a prompt ("/" for none). */
        DBusPath Delete();

        /** {@code o → (oayays)}. */
        Secret GetSecret(DBusPath session);
    }

    /** {@code org.freedesktop.Secret.Session}. */
    @DBusInterfaceName("org.freedesktop.Secret.Session")
    public interface Session extends DBusInterface {
        void Close();
    }

    /** {@code org.freedesktop.Secret.Prompt}. */
    @DBusInterfaceName("org.freedesktop.Secret.Prompt")
    public interface Prompt extends DBusInterface {
        /** Shows the prompt; the answer comes as {@link Completed}. */
        void Prompt(String windowId);

        void Dismiss();

        /** {@code bv}: whether the user dismissed the prompt, and what it produced. */
        final class Completed extends DBusSignal {
            private final boolean dismissed;

            public Completed(String path, boolean dismissed, Variant<?> result) throws DBusException {
                super(path, dismissed, result);
                this.dismissed = dismissed;
            }

            boolean dismissed() {
                return dismissed;
            }
        }
    }

    /**
     * The {@code (oayays)} secret: session, algorithm parameters (the AES IV), value, content type. The value is
     * always encrypted with the session's key (dbus-java's final {@code toString} shows its bytes: ciphertext only).
     */
    public static final class Secret extends Struct {
        @Position(0)
        private final DBusPath session;

        @Position(1)
        private final byte[] parameters;

        @Position(2)
        private final byte[] value;

        @Position(3)
        private final String contentType;

        public Secret(DBusPath session, byte[] parameters, byte[] value, String contentType) {
            this.session = session;
            this.parameters = parameters;
            this.value = value;
            this.contentType = contentType;
        }

        public DBusPath getSession() {
            return session;
        }

        public byte[] iv() {
            return parameters;
        }

        public byte[] getValue() {
            return value;
        }

        public String getContentType() {
            return contentType;
        }
    }

    /** Two returned values. Generic because dbus-java reads a returned tuple's D-Bus types from its type arguments. */
    public static final class Two<A, B> extends Tuple {
        @Position(0)
        private final A first;

        @Position(1)
        private final B second;

        public Two(A first, B second) {
            this.first = first;
            this.second = second;
        }

        public A getFirst() {
            return first;
        }

        public B getSecond() {
            return second;
        }
    }
}
