package io.gridscope.console.app.secrets;

import io.gridscope.console.app.secrets.SecretServiceApi.Collection;
import io.gridscope.console.app.secrets.SecretServiceApi.Item;
import io.gridscope.console.app.secrets.SecretServiceApi.Prompt;
import io.gridscope.console.app.secrets.SecretServiceApi.Secret;
import io.gridscope.console.app.secrets.SecretServiceApi.Service;
import io.gridscope.console.app.secrets.SecretServiceApi.Two;
import io.gridscope.console.app.secrets.SecretStoreException.Reason;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets in the desktop's keyring through the freedesktop.org Secret Service API ({@code org.freedesktop.secrets}
 * on the session bus: GNOME Keyring, KWallet, KeePassXC), with dbus-java over the JDK's Unix sockets.
 *
 * <p>Items go into the collection the {@code default} alias names (GNOME's "login" keyring), labelled "Gridscope:
 * KIND NAME" with the attributes of {@link SecretRef#attributes()}, so {@code secret-tool search application
 * gridscope} lists them. A locked collection or item is unlocked through the service's own prompt (the desktop asks
 * for the keyring's password); a dismissed or unanswered prompt is a {@link Reason#LOCKED} error.
 *
 * <p>Transfer: every call opens a session with the {@code dh-ietf1024-sha256_aes128-cbc-pkcs7} algorithm first, as
 * libsecret does: a 1024-bit Diffie-Hellman exchange in the RFC 2409 second Oakley group, HKDF-SHA256 (no salt, no
 * info) of the shared secret to a 128-bit key, and AES-128-CBC with PKCS#7 padding and a random IV per secret. (The
 * shared secret goes into HKDF as the group's 128-byte big-endian number; a run whose secret starts with a zero byte
 * is discarded and the session opened again, so implementations that strip leading zeros agree.) A service that
 * answers {@code NotSupported} (Debian 12's gnome-keyring-daemon does, when started with only the secrets component)
 * gets the {@code plain} algorithm instead, as libsecret falls back to it: the secret then crosses the session bus
 * unencrypted. That bus is a Unix socket of the user's own session that only the user's processes can connect to,
 * and a process that can read that traffic can equally ask the unlocked keyring for the secret; the secret is still
 * never written anywhere in clear. {@link #lastTransfer()} says which algorithm the last call used; the log says so
 * once per store.
 *
 * <p>Every method blocks: it connects, works and disconnects within {@code callTimeout}, plus {@code promptTimeout}
 * when a prompt is shown. Call off the FX thread.
 */
public final class SecretServiceStore implements SecretStore {
    public static final String ALGORITHM = "dh-ietf1024-sha256_aes128-cbc-pkcs7";
    public static final String PLAIN = "plain";
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PROMPT_TIMEOUT = Duration.ofMinutes(2);
    static final String NO_SESSION_BUS = "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset)";
    static final String NO_SERVICE = "no Secret Service (GNOME Keyring, KWallet) on the session bus";

    private static final Logger LOG = LoggerFactory.getLogger(SecretServiceStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 2409, section 6.2: the second Oakley group, 1024 bits, generator 2. */
    static final BigInteger PRIME = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
                    + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
                    + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
            16);

    private static final BigInteger GENERATOR = BigInteger.TWO;
    private static final int PRIME_BYTES = 128;
    private static final String CONTENT_TYPE = "text/plain";
    private static final String LABEL = "org.freedesktop.Secret.Item.Label";
    private static final String ATTRIBUTES = "org.freedesktop.Secret.Item.Attributes";
    private static final int CONNECT_TIMEOUT_MS = 999;

    private final String address;
    private final String noBusReason;
    private volatile String lastTransfer = "";
    private final java.util.concurrent.atomic.AtomicBoolean plainLogged =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final Duration callTimeout;
    private final Duration promptTimeout;

    /**
     * The store on this process's session bus: {@code DBUS_SESSION_BUS_ADDRESS}, else the systemd user bus at {@code
     * $XDG_RUNTIME_DIR/bus} where that socket exists, else none (every call then fails as {@link Reason#UNAVAILABLE}).
     */
    public static SecretServiceStore forSessionBus() {
        return fromEnvironment(System.getenv());
    }

    static SecretServiceStore fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, DEFAULT_PROMPT_TIMEOUT);
    }

    /** {@link #forSessionBus()} for {@code env}, waiting at most {@code promptTimeout} for an unlock prompt. */
    public static SecretServiceStore fromEnvironment(Map<String, String> env, Duration promptTimeout) {
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
        return new SecretServiceStore(address, NO_SESSION_BUS, DEFAULT_CALL_TIMEOUT, promptTimeout);
    }

    /** The store on the bus at {@code busAddress} (e.g. {@code unix:path=/run/user/1000/bus}). */
    public SecretServiceStore(String busAddress, Duration callTimeout, Duration promptTimeout) {
        this(busAddress, "no D-Bus session bus (no bus address given)", callTimeout, promptTimeout);
    }

    private SecretServiceStore(String busAddress, String noBusReason, Duration callTimeout, Duration promptTimeout) {
        this.address = busAddress == null || busAddress.isBlank() ? null : busAddress.strip();
        this.noBusReason = noBusReason;
        this.callTimeout = positive(callTimeout, "callTimeout");
        this.promptTimeout = positive(promptTimeout, "promptTimeout");
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    @Override
    public SecretStoreKind kind() {
        return SecretStoreKind.KEYRING;
    }

    /** The session algorithm of the last call: {@link #ALGORITHM}, {@code "plain"}, or empty before the first. */
    public String lastTransfer() {
        return lastTransfer;
    }

    /**
     * Whether a Secret Service answers and has a default collection: opens an encrypted session and reads the
     * alias. Returns where secrets would go, in words.
     */
    public String probe() throws SecretStoreException {
        return call(
                "reach the Secret Service", false, c -> "desktop keyring, collection " + name(c.defaultCollection()));
    }

    @Override
    public void put(SecretRef ref, char[] secret) throws SecretStoreException {
        char[] copy = secret.clone();
        try {
            call("store a secret in the keyring", true, c -> {
                DBusPath collection = c.defaultCollection();
                c.unlock(List.of(collection));
                Map<String, Variant<?>> props = new LinkedHashMap<>();
                props.put(LABEL, new Variant<>("Gridscope: " + ref.kind() + " " + ref.name()));
                props.put(ATTRIBUTES, new Variant<>(ref.attributes(), "a{ss}"));
                Collection coll = c.remote(collection.getPath(), Collection.class);
                Two<DBusPath, DBusPath> created = coll.CreateItem(props, c.encrypt(copy), true);
                c.prompt(created.getSecond(), "storing the secret");
                return null;
            });
        } finally {
            Arrays.fill(copy, '\0');
        }
    }

    @Override
    public Optional<char[]> get(SecretRef ref) throws SecretStoreException {
        return call("read a secret from the keyring", true, c -> {
            List<DBusPath> items = c.search(ref.attributes());
            if (items.isEmpty()) {
                return Optional.<char[]>empty();
            }
            Item item = c.remote(items.get(0).getPath(), Item.class);
            return Optional.of(c.decrypt(item.GetSecret(c.session)));
        });
    }

    @Override
    public void delete(SecretRef ref) throws SecretStoreException {
        call("delete a secret from the keyring", true, c -> c.deleteAll(ref.attributes()));
    }

    @Override
    public int deleteAll() throws SecretStoreException {
        return call(
                "delete Gridscope's secrets from the keyring",
                true,
                c -> c.deleteAll(Map.of("application", SecretRef.APPLICATION)));
    }

    /** Locks the default collection (as the desktop does on screen lock); for tests. */
    void lockDefaultCollection() throws SecretStoreException {
        call("lock the keyring", false, c -> {
            c.service.Lock(List.of(c.defaultCollection()));
            return null;
        });
    }

    @Override
    public String describe() {
        return "desktop keyring (Secret Service)";
    }

    @Override
    public String toString() {
        return "SecretServiceStore[" + (address == null ? "no bus" : address) + "]";
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SecretStoreException, DBusException;
    }

    /** Runs {@code work} on a connection of its own, on a thread of its own, within the time bound. */
    private <T> T call(String what, boolean mayPrompt, Work<T> work) throws SecretStoreException {
        if (address == null) {
            throw new SecretStoreException(Reason.UNAVAILABLE, noBusReason);
        }
        Duration bound = mayPrompt ? callTimeout.plus(promptTimeout) : callTimeout;
        FutureTask<T> task = new FutureTask<>(() -> {
            try (Connection c = new Connection()) {
                return work.run(c);
            }
        });
        Thread.ofPlatform().daemon().name("gridscope-secret-service").start(task);
        try {
            return task.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new SecretStoreException(
                    Reason.IO, "the Secret Service did not answer within " + bound.toSeconds() + " s (" + what + ")");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new SecretStoreException(Reason.IO, "interrupted while trying to " + what, e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    // getType() is the only way to read an error name dbus-java has no class for (org.freedesktop.Secret.Error.*)
    @SuppressWarnings("removal")
    private SecretStoreException translate(String what, Throwable t) {
        if (t instanceof SecretStoreException s) {
            return s;
        }
        if (t instanceof ServiceUnknown) {
            return new SecretStoreException(Reason.UNAVAILABLE, NO_SERVICE, t);
        }
        if (t instanceof DBusExecutionException e) {
            String type = e.getType() == null ? "" : e.getType();
            if (type.endsWith("IsLocked")) {
                return new SecretStoreException(Reason.LOCKED, "the keyring is locked", e);
            }
            return new SecretStoreException(Reason.IO, "cannot " + what + ": " + e.getMessage(), e);
        }
        if (t instanceof DBusException e) {
            return new SecretStoreException(
                    Reason.UNAVAILABLE, "cannot reach the session bus (" + what + "): " + e.getMessage(), e);
        }
        return new SecretStoreException(Reason.IO, "cannot " + what + ": " + t, t);
    }

    private static String name(DBusPath path) {
        String p = path.getPath();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** One bus connection with an encrypted session on it. */
    private final class Connection implements AutoCloseable {
        final DBusConnection bus;
        final Service service;
        DBusPath session;
        SecretKeySpec key;

        Connection() throws DBusException, SecretStoreException {
            bus = DBusConnectionBuilder.forAddress(address)
                    .withShared(false)
                    .transportConfig()
                    .withTimeout(CONNECT_TIMEOUT_MS)
                    .back()
                    .build();
            try {
                service = remote(SecretServiceApi.SERVICE_PATH, Service.class);
                openSession();
            } catch (DBusException | SecretStoreException | RuntimeException e) {
                bus.disconnect();
                throw e;
            }
        }

        <I extends org.freedesktop.dbus.interfaces.DBusInterface> I remote(String path, Class<I> type)
                throws DBusException {
            return bus.getRemoteObject(SecretServiceApi.BUS_NAME, path, type);
        }

        private void openSession() throws DBusException, SecretStoreException {
            for (int attempt = 0; attempt < 8; attempt++) {
                BigInteger privateKey = new BigInteger(PRIME.bitLength() - 1, RANDOM).add(BigInteger.TWO);
                byte[] publicKey = unsigned(GENERATOR.modPow(privateKey, PRIME));
                Two<Variant<?>, DBusPath> opened;
                try {
                    opened = service.OpenSession(ALGORITHM, new Variant<>(publicKey, "ay"));
                } catch (org.freedesktop.dbus.errors.NotSupported e) {
                    openPlainSession();
                    return;
                }
                session = opened.getSecond();
                if (!(opened.getFirst().getValue() instanceof byte[] peerBytes)) {
                    throw new SecretStoreException(Reason.IO, "the Secret Service answered OpenSession without a key");
                }
                BigInteger peer = new BigInteger(1, peerBytes);
                if (peer.compareTo(BigInteger.ONE) <= 0 || peer.compareTo(PRIME.subtract(BigInteger.ONE)) >= 0) {
                    throw new SecretStoreException(Reason.IO, "the Secret Service sent an invalid public key");
                }
                byte[] shared = fixedLength(peer.modPow(privateKey, PRIME));
                try {
                    if (shared[0] != 0) {
                        key = new SecretKeySpec(hkdfSha256(shared, 16), "AES");
                        lastTransfer = ALGORITHM;
                        return;
                    }
                } finally {
                    Arrays.fill(shared, (byte) 0);
                }
                closeSession();
            }
            throw new SecretStoreException(Reason.IO, "could not agree on a session key with the Secret Service");
        }

        private void openPlainSession() {
            session = service.OpenSession(PLAIN, new Variant<>("")).getSecond();
            key = null;
            lastTransfer = PLAIN;
            if (plainLogged.compareAndSet(false, true)) {
                LOG.info(
                        "Secret Service: {} is not offered; secrets cross the session bus with the plain algorithm",
                        ALGORITHM);
            }
        }

        DBusPath defaultCollection() throws SecretStoreException {
            DBusPath collection = service.ReadAlias("default");
            if (collection == null || SecretServiceApi.NO_OBJECT.equals(collection.getPath())) {
                throw new SecretStoreException(
                        Reason.UNAVAILABLE,
                        "the Secret Service has no default keyring; create one (e.g. in Passwords and Keys) or keep"
                                + " secrets in the encrypted file");
            }
            return collection;
        }

        /** Unlocks {@code objects}, through the service's prompt where it needs one. */
        void unlock(List<DBusPath> objects) throws DBusException, SecretStoreException {
            Two<List<DBusPath>, DBusPath> r = service.Unlock(objects);
            prompt(r.getSecond(), "unlocking the keyring");
        }

        /** The items with these attributes, unlocked (through a prompt if need be). */
        List<DBusPath> search(Map<String, String> attributes) throws DBusException, SecretStoreException {
            Two<List<DBusPath>, List<DBusPath>> found = service.SearchItems(attributes);
            List<DBusPath> items = new ArrayList<>(found.getFirst());
            if (!found.getSecond().isEmpty()) {
                unlock(found.getSecond());
                items.addAll(found.getSecond());
            }
            return items;
        }

        int deleteAll(Map<String, String> attributes) throws DBusException, SecretStoreException {
            List<DBusPath> items = search(attributes);
            for (DBusPath path : items) {
                prompt(remote(path.getPath(), Item.class).Delete(), "deleting a secret");
            }
            return items.size();
        }

        /** Shows the prompt at {@code path} unless it is "/", and waits for its answer. */
        void prompt(DBusPath path, String purpose) throws DBusException, SecretStoreException {
            if (path == null || SecretServiceApi.NO_OBJECT.equals(path.getPath())) {
                return;
            }
            CompletableFuture<Boolean> dismissed = new CompletableFuture<>();
            try (AutoCloseable handler = bus.addSigHandler(Prompt.Completed.class, signal -> {
                if (path.getPath().equals(signal.getPath())) {
                    dismissed.complete(signal.dismissed());
                }
            })) {
                Prompt prompt = remote(path.getPath(), Prompt.class);
                prompt.Prompt("");
                boolean wasDismissed;
                try {
                    wasDismissed = dismissed.get(promptTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    try {
                        prompt.Dismiss();
                    } catch (DBusExecutionException ignored) {
                        LOG.debug("Secret Service: dismissing an unanswered prompt failed: {}", ignored.getMessage());
                    }
                    throw new SecretStoreException(
                            Reason.LOCKED,
                            "the keyring asked for its password and got no answer within " + promptTimeout.toSeconds()
                                    + " s (" + purpose + ")");
                } catch (ExecutionException e) {
                    throw new SecretStoreException(Reason.IO, "the keyring's prompt failed (" + purpose + ")", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SecretStoreException(Reason.IO, "interrupted while the keyring prompted", e);
                }
                if (wasDismissed) {
                    throw new SecretStoreException(
                            Reason.LOCKED,
                            "the keyring stays locked: its password prompt was dismissed (" + purpose + ")");
                }
            } catch (DBusExecutionException e) {
                throw new SecretStoreException(
                        Reason.LOCKED,
                        "the keyring is locked and could not ask for its password (" + purpose + "): " + e.getMessage(),
                        e);
            } catch (SecretStoreException | DBusException e) {
                throw e;
            } catch (Exception e) {
                throw new SecretStoreException(Reason.IO, "the keyring's prompt failed (" + purpose + ")", e);
            }
        }

        Secret encrypt(char[] secret) throws SecretStoreException {
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
            byte[] plain = new byte[encoded.remaining()];
            encoded.get(plain);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            if (key == null) {
                return new Secret(session, new byte[0], plain.clone(), CONTENT_TYPE);
            }
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            try {
                Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
                return new Secret(session, iv, cipher.doFinal(plain), CONTENT_TYPE);
            } catch (GeneralSecurityException e) {
                throw new SecretStoreException(Reason.IO, "AES-CBC is not available: " + e.getMessage(), e);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }

        char[] decrypt(Secret secret) throws SecretStoreException {
            byte[] plain;
            try {
                if (key == null) {
                    plain = secret.getValue();
                } else {
                    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
                    cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(secret.iv()));
                    plain = cipher.doFinal(secret.getValue());
                }
            } catch (GeneralSecurityException e) {
                throw new SecretStoreException(
                        Reason.IO, "the keyring sent a secret this session cannot decrypt: " + e.getMessage(), e);
            }
            try {
                CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
                char[] out = new char[chars.remaining()];
                chars.get(out);
                if (chars.hasArray()) {
                    Arrays.fill(chars.array(), '\0');
                }
                return out;
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }

        private void closeSession() {
            if (session == null) {
                return;
            }
            try {
                remote(session.getPath(), SecretServiceApi.Session.class).Close();
            } catch (DBusException | DBusExecutionException e) {
                LOG.debug("Secret Service: closing the session failed: {}", e.getMessage());
            }
            session = null;
        }

        @Override
        public void close() {
            closeSession();
            bus.disconnect();
        }
    }

    /** Big-endian, without a sign byte. */
    static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** Big-endian, left-padded with zeros to the prime's 128 bytes. */
    static byte[] fixedLength(BigInteger n) {
        byte[] b = unsigned(n);
        byte[] out = new byte[PRIME_BYTES];
        System.arraycopy(b, 0, out, PRIME_BYTES - b.length, b.length);
        Arrays.fill(b, (byte) 0);
        return out;
    }

    /** RFC 5869 HKDF with SHA-256, an all-zero salt and empty info, as libsecret and gnome-keyring derive the key. */
    static byte[] hkdfSha256(byte[] inputKey, int length) throws SecretStoreException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(inputKey);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] okm = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(t);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, okm, done, n);
                done += n;
            }
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(t, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException(Reason.IO, "HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }
}
