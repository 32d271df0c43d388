package io.gridscope.console.app.secrets;

import io.gridscope.console.app.secrets.SecretStoreException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets in one file, {@value #FILE_NAME} in the config directory, encrypted with AES-256-GCM under a key derived
 * from a passphrase. For desktops without a Secret Service, and for {@code collect} (which reads the passphrase from a
 * file).
 *
 * <h2>Key derivation</h2>
 * PBKDF2-HMAC-SHA256 with a random 16-byte salt and {@value #DEFAULT_ITERATIONS} iterations (OWASP's 2023 figure
 * for this hash) derives a 32-byte master key, once per {@link #unlock}; HMAC-SHA256 of it with the labels {@code
 * "gridscope encryption key"} and {@code "gridscope passphrase check"} gives the AES key and a 16-byte check value
 * stored in the header. PBKDF2 comes with the JDK; a memory-hard function (Argon2id) would cost GPU attackers more,
 * but would add a cryptography provider of several MiB to the package for one call; the header names the function
 * and its parameters, so a later version can move to one and rewrite the file. The check value lets a wrong
 * passphrase be told apart from a damaged file; it helps no attacker, who can test a guess against the GCM tag at the
 * same cost.
 *
 * <h2>File format, version 1 (big-endian)</h2>
 * <pre>
 *  8  magic "GSSECRET"
 *  1  version (1)
 *  1  KDF (1 = PBKDF2-HMAC-SHA256)
 *  4  iterations
 *  1  salt length (16), then the salt
 * 16  passphrase check
 *  1  nonce length (12), then the nonce: fresh from SecureRandom at every write
 *  4  ciphertext length, then the ciphertext with its 16-byte GCM tag
 * </pre>
 * Everything before the ciphertext is the GCM additional authenticated data, so no header byte can be changed
 * unnoticed. The plaintext is a count (4 bytes) of entries, each a key (2-byte length, UTF-8) and a secret (4-byte
 * length, UTF-8). The file is at most {@value #MAX_FILE_BYTES} bytes.
 *
 * <h2>Writes</h2>
 * Each change re-reads the file under a lock (a {@code FileLock} on {@value #FILE_NAME}{@code .lock}, and a lock
 * per file within this JVM), so two consoles writing at once lose neither's secret; then writes a temporary file
 * (mode 0600) beside it, forces it to disk, renames it over the old one and forces the directory. A failed write
 * leaves the old file as it was.
 *
 * <p>Thread-safe. Every method does file I/O; {@link #unlock} also runs the key derivation (about a second).
 */
public final class EncryptedFileSecretStore implements SecretStore {
    public static final String FILE_NAME = "secrets.enc";
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Fewer iterations than this are refused, as are more than {@link #MAX_ITERATIONS} (a forged header). */
    static final int MIN_ITERATIONS = 10_000;

    static final int MAX_ITERATIONS = 20_000_000;
    static final int MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_ENTRIES = 4096;
    /** A new file's passphrase is at least this long. */
    public static final int MIN_PASSPHRASE_CHARS = 8;

    static final byte[] MAGIC = "GSSECRET".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int KDF_PBKDF2_SHA256 = 1;
    private static final int SALT_BYTES = 16;
    private static final int CHECK_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final ReentrantLock jvmLock;
    private final AtomicWriter writer;
    /** The derivation the keys below came from; the file may be replaced by another process with another salt. */
    private Kdf kdf;

    private SecretKeySpec aesKey;
    private byte[] check;
    private char[] passphrase;

    private record Kdf(int iterations, byte[] salt) {
        boolean same(Kdf o) {
            return iterations == o.iterations && MessageDigest.isEqual(salt, o.salt);
        }
    }

    /** The decoded file: its derivation, check value and entries. */
    private record Contents(Kdf kdf, Map<String, char[]> entries) {}

    /** Replaces a file with new contents, all or nothing; {@link #writeAtomically} unless a test fails it on purpose. */
    @FunctionalInterface
    interface AtomicWriter {
        void write(Path target, byte[] bytes) throws IOException;
    }

    private EncryptedFileSecretStore(Path file, AtomicWriter writer) {
        this.writer = writer;
        this.file = file.toAbsolutePath().normalize();
        this.jvmLock = JVM_LOCKS.computeIfAbsent(this.file, f -> new ReentrantLock());
    }

    /** The secrets file in {@code configDir}. */
    public static Path fileIn(Path configDir) {
        return configDir.resolve(FILE_NAME);
    }

    /** Whether {@code configDir} holds a secrets file (then {@link #unlock} needs its passphrase). */
    public static boolean exists(Path configDir) {
        return Files.exists(fileIn(configDir));
    }

    /**
     * Opens the store in {@code file} with {@code passphrase} (copied; the caller may wipe its own): when the file
     * exists its passphrase is checked and the file decrypted; otherwise the passphrase (at least {@value
     * #MIN_PASSPHRASE_CHARS} characters) will encrypt the file written by the first {@link #put}.
     *
     * @throws SecretStoreException {@code WRONG_PASSPHRASE}, {@code CORRUPT}, {@code IO}, or {@code UNAVAILABLE} for a
     *     passphrase too short to start a new file
     */
    public static EncryptedFileSecretStore unlock(Path file, char[] passphrase) throws SecretStoreException {
        return unlock(file, passphrase, DEFAULT_ITERATIONS);
    }

    /** {@link #unlock(Path, char[])} with the iteration count a new file gets (tests use fewer). */
    static EncryptedFileSecretStore unlock(Path file, char[] passphrase, int newFileIterations)
            throws SecretStoreException {
        return unlock(file, passphrase, newFileIterations, EncryptedFileSecretStore::writeAtomically);
    }

    static EncryptedFileSecretStore unlock(Path file, char[] passphrase, int newFileIterations, AtomicWriter writer)
            throws SecretStoreException {
        Objects.requireNonNull(passphrase, "passphrase");
        if (newFileIterations < MIN_ITERATIONS || newFileIterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations out of range: " + newFileIterations);
        }
        EncryptedFileSecretStore store = new EncryptedFileSecretStore(file, writer);
        store.passphrase = passphrase.clone();
        store.jvmLock.lock();
        try {
            Optional<Contents> contents = store.readIfPresent();
            if (contents.isPresent()) {
                wipe(contents.get().entries());
            } else {
                if (passphrase.length < MIN_PASSPHRASE_CHARS) {
                    throw new SecretStoreException(
                            Reason.UNAVAILABLE,
                            "a new secrets file needs a passphrase of at least " + MIN_PASSPHRASE_CHARS
                                    + " characters");
                }
                byte[] salt = new byte[SALT_BYTES];
                RANDOM.nextBytes(salt);
                store.derive(new Kdf(newFileIterations, salt));
            }
            return store;
        } finally {
            store.jvmLock.unlock();
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public SecretStoreKind kind() {
        return SecretStoreKind.ENCRYPTED_FILE;
    }

    @Override
    public void put(SecretRef ref, char[] secret) throws SecretStoreException {
        char[] copy = secret.clone();
        change(entries -> {
            char[] old = entries.put(ref.key(), copy);
            if (old != null) {
                Arrays.fill(old, '\0');
            }
            if (entries.size() > MAX_ENTRIES) {
                throw new SecretStoreException(Reason.IO, "the secrets file holds " + MAX_ENTRIES + " secrets at most");
            }
            return true;
        });
    }

    @Override
    public Optional<char[]> get(SecretRef ref) throws SecretStoreException {
        jvmLock.lock();
        try {
            Optional<Contents> contents = readIfPresent();
            if (contents.isEmpty()) {
                return Optional.empty();
            }
            Map<String, char[]> entries = contents.get().entries();
            Optional<char[]> found = Optional.ofNullable(entries.remove(ref.key()));
            wipe(entries);
            return found;
        } finally {
            jvmLock.unlock();
        }
    }

    @Override
    public void delete(SecretRef ref) throws SecretStoreException {
        change(entries -> {
            char[] old = entries.remove(ref.key());
            if (old != null) {
                Arrays.fill(old, '\0');
            }
            return old != null;
        });
    }

    @Override
    public int deleteAll() throws SecretStoreException {
        int[] n = {0};
        change(entries -> {
            n[0] = entries.size();
            wipe(entries);
            return n[0] > 0;
        });
        return n[0];
    }

    @Override
    public String describe() {
        return "encrypted file " + file;
    }

    @Override
    public String toString() {
        return "EncryptedFileSecretStore[" + file + "]";
    }

    @FunctionalInterface
    private interface Change {
        /** Changes the entries; true when there is something to write. */
        boolean apply(Map<String, char[]> entries) throws SecretStoreException;
    }

    /** Read, change and write, under both locks. */
    private void change(Change change) throws SecretStoreException {
        jvmLock.lock();
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(FILE_NAME + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = acquire(channel)) {
                Optional<Contents> contents = readIfPresent();
                Map<String, char[]> entries = contents.map(Contents::entries).orElseGet(TreeMap::new);
                try {
                    if (change.apply(entries)) {
                        write(entries);
                    }
                } finally {
                    wipe(entries);
                }
            }
        } catch (IOException e) {
            throw new SecretStoreException(Reason.IO, "cannot write " + file + ": " + describe(e), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private FileLock acquire(FileChannel channel) throws IOException, SecretStoreException {
        long deadline = System.nanoTime() + LOCK_TIMEOUT.toNanos();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new SecretStoreException(
                        Reason.IO,
                        "another Gridscope has held " + file + " locked for " + LOCK_TIMEOUT.toSeconds()
                                + " s; try again");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecretStoreException(Reason.IO, "interrupted waiting for the lock on " + file, e);
            }
        }
    }

    /** The file's entries; derives the key again when another process rewrote it with another salt. */
    private Optional<Contents> readIfPresent() throws SecretStoreException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SecretStoreException(Reason.IO, "cannot read " + file + ": " + describe(e), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw corrupt("it is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
        }
        return Optional.of(decode(bytes));
    }

    private Contents decode(byte[] bytes) throws SecretStoreException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw corrupt("it is not a Gridscope secrets file");
            }
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw corrupt("it is version " + version + " of the format; this Gridscope reads version " + VERSION);
            }
            int kdfId = in.get() & 0xff;
            if (kdfId != KDF_PBKDF2_SHA256) {
                throw corrupt("unknown key derivation " + kdfId);
            }
            int iterations = in.getInt();
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                throw corrupt("iteration count " + Integer.toUnsignedString(iterations) + " out of range");
            }
            byte[] salt = lengthPrefixed(in, SALT_BYTES, "salt");
            byte[] storedCheck = new byte[CHECK_BYTES];
            in.get(storedCheck);
            byte[] nonce = lengthPrefixed(in, NONCE_BYTES, "nonce");
            int length = in.getInt();
            int aadLength = in.position();
            if (length < TAG_BITS / 8 || length != in.remaining()) {
                throw corrupt("the ciphertext length does not match the file's size (truncated?)");
            }
            Kdf fileKdf = new Kdf(iterations, salt);
            if (kdf == null || !kdf.same(fileKdf)) {
                derive(fileKdf);
            }
            if (!MessageDigest.isEqual(check, storedCheck)) {
                throw new SecretStoreException(
                        Reason.WRONG_PASSPHRASE, "wrong passphrase for " + file + " (or its header was altered)");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(bytes, 0, aadLength);
            byte[] plain;
            try {
                plain = cipher.doFinal(bytes, aadLength, length);
            } catch (AEADBadTagException e) {
                throw corrupt("its contents were altered or damaged (the authentication tag does not match)");
            }
            try {
                return new Contents(fileKdf, parseEntries(plain));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw corrupt("it ends too early (truncated)");
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException(Reason.IO, "AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    private byte[] lengthPrefixed(ByteBuffer in, int expected, String what) throws SecretStoreException {
        int n = in.get() & 0xff;
        if (n != expected) {
            throw corrupt("the " + what + " is " + n + " bytes, not " + expected);
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private Map<String, char[]> parseEntries(byte[] plain) throws SecretStoreException {
        ByteBuffer in = ByteBuffer.wrap(plain);
        Map<String, char[]> entries = new TreeMap<>();
        try {
            int count = in.getInt();
            if (count < 0 || count > MAX_ENTRIES) {
                throw corrupt("it claims " + count + " secrets");
            }
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[in.getShort() & 0xffff];
                in.get(key);
                int n = in.getInt();
                if (n < 0 || n > in.remaining()) {
                    throw corrupt("an entry's length is out of range");
                }
                ByteBuffer secret = in.slice(in.position(), n);
                in.position(in.position() + n);
                CharBuffer chars = StandardCharsets.UTF_8.decode(secret);
                char[] value = new char[chars.remaining()];
                chars.get(value);
                if (chars.hasArray()) {
                    Arrays.fill(chars.array(), '\0');
                }
                entries.put(new String(key, StandardCharsets.UTF_8), value);
            }
            if (in.hasRemaining()) {
                throw corrupt("bytes follow the last entry");
            }
            return entries;
        } catch (java.nio.BufferUnderflowException e) {
            wipe(entries);
            throw corrupt("an entry ends too early");
        } catch (SecretStoreException e) {
            wipe(entries);
            throw e;
        }
    }

    private void write(Map<String, char[]> entries) throws IOException, SecretStoreException {
        byte[] plain = encodeEntries(entries);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.write(MAGIC);
        h.writeByte(VERSION);
        h.writeByte(KDF_PBKDF2_SHA256);
        h.writeInt(kdf.iterations());
        h.writeByte(SALT_BYTES);
        h.write(kdf.salt());
        h.write(check);
        h.writeByte(NONCE_BYTES);
        h.write(nonce);
        h.writeInt(plain.length + TAG_BITS / 8);
        byte[] aad = header.toByteArray();
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            sealed = cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException(Reason.IO, "AES-GCM is not available: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        byte[] out = Arrays.copyOf(aad, aad.length + sealed.length);
        System.arraycopy(sealed, 0, out, aad.length, sealed.length);
        if (out.length > MAX_FILE_BYTES) {
            throw new SecretStoreException(Reason.IO, "the secrets would exceed " + MAX_FILE_BYTES / 1024 + " KiB");
        }
        writer.write(file, out);
    }

    /** Temp file (0600) beside {@code target}, fsync, rename over it, fsync the directory; the old file survives a failure. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Path tmp = null;
        for (int attempt = 0; tmp == null; attempt++) {
            Path candidate =
                    dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                Files.createFile(
                        candidate, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                tmp = candidate;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot replace a file atomically", e);
            }
            moved = true;
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static byte[] encodeEntries(Map<String, char[]> entries) throws IOException {
        WipeableBytes bytes = new WipeableBytes();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(entries.size());
        for (Map.Entry<String, char[]> e : entries.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeShort(key.length);
            out.write(key);
            ByteBuffer secret = StandardCharsets.UTF_8.encode(CharBuffer.wrap(e.getValue()));
            byte[] s = new byte[secret.remaining()];
            secret.get(s);
            if (secret.hasArray()) {
                Arrays.fill(secret.array(), (byte) 0);
            }
            out.writeInt(s.length);
            out.write(s);
            Arrays.fill(s, (byte) 0);
        }
        byte[] result = bytes.toByteArray();
        bytes.wipe();
        return result;
    }

    /** A byte stream whose buffer (which held plaintext) can be overwritten. */
    private static final class WipeableBytes extends ByteArrayOutputStream {
        void wipe() {
            Arrays.fill(buf, (byte) 0);
            reset();
        }
    }

    private void derive(Kdf newKdf) throws SecretStoreException {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            PBEKeySpec spec = new PBEKeySpec(passphrase, newKdf.salt(), newKdf.iterations(), 256);
            byte[] master = f.generateSecret(spec).getEncoded();
            spec.clearPassword();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            byte[] enc = mac.doFinal("gridscope encryption key".getBytes(StandardCharsets.US_ASCII));
            byte[] chk = mac.doFinal("gridscope passphrase check".getBytes(StandardCharsets.US_ASCII));
            Arrays.fill(master, (byte) 0);
            aesKey = new SecretKeySpec(enc, "AES");
            Arrays.fill(enc, (byte) 0);
            check = Arrays.copyOf(chk, CHECK_BYTES);
            kdf = newKdf;
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException(Reason.IO, "PBKDF2-HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    private SecretStoreException corrupt(String why) {
        return new SecretStoreException(Reason.CORRUPT, file + " is damaged or not a secrets file: " + why);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private static void wipe(Map<String, char[]> entries) {
        entries.values().forEach(v -> Arrays.fill(v, '\0'));
        entries.clear();
    }
}
