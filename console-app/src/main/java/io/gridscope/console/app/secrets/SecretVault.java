package io.gridscope.console.app.secrets;

import io.gridscope.console.app.secrets.SecretStoreException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The secret stores of one Gridscope process: the session's memory (always), the desktop keyring (when a Secret
 * Service answered {@link #probeKeyring()}), and the encrypted file in the config directory (once {@link
 * #unlockFile} was given its passphrase, asked once per run). Every method that is not a plain getter blocks: call
 * off the FX thread. Thread-safe.
 */
public final class SecretVault implements SecretStores {
    /** Names a file holding the encrypted file's passphrase (first line), for {@code collect} and scripts. */
    public static final String PASSPHRASE_FILE_ENV = "GRIDSCOPE_SECRETS_PASSPHRASE_FILE";

    private static final int MAX_PASSPHRASE_FILE_BYTES = 4096;

    private final SessionSecretStore session = new SessionSecretStore();
    private final Optional<SecretServiceStore> keyring;
    private final Path configDir;
    private volatile String keyringStatus = "not checked yet";
    private volatile boolean keyringAvailable;
    private volatile EncryptedFileSecretStore file;

    /** @param keyring the Secret Service to try, or empty where none is to be used */
    public SecretVault(Path configDir, Optional<SecretServiceStore> keyring) {
        this.configDir = configDir;
        this.keyring = keyring;
    }

    /**
     * The stores {@code collect} can use without a person: the keyring on the session bus, when one answers (an
     * unlock prompt is given 15 s), and the encrypted file when the
     * environment names a passphrase file.
     *
     * @throws SecretStoreException when the passphrase file cannot be read or does not open the encrypted file
     */
    public static SecretVault forHeadless(Path configDir, Map<String, String> env) throws SecretStoreException {
        // nobody may be there to answer the keyring's unlock prompt: give it 15 s, not minutes
        SecretVault vault = new SecretVault(
                configDir, Optional.of(SecretServiceStore.fromEnvironment(env, java.time.Duration.ofSeconds(15))));
        String passphraseFile = env.get(PASSPHRASE_FILE_ENV);
        if (passphraseFile != null && !passphraseFile.isBlank()) {
            char[] passphrase = readPassphrase(Path.of(passphraseFile.strip()));
            try {
                vault.unlockFile(passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
        return vault;
    }

    private static char[] readPassphrase(Path file) throws SecretStoreException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_PASSPHRASE_FILE_BYTES + 1);
            if (bytes.length > MAX_PASSPHRASE_FILE_BYTES) {
                throw new SecretStoreException(
                        Reason.UNAVAILABLE, PASSPHRASE_FILE_ENV + ": " + file + " is larger than 4 KiB");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            Arrays.fill(bytes, (byte) 0);
            int eol = text.indexOf('\n');
            String first = eol >= 0 ? text.substring(0, eol) : text;
            if (first.endsWith("\r")) {
                first = first.substring(0, first.length() - 1);
            }
            if (first.isEmpty()) {
                throw new SecretStoreException(Reason.UNAVAILABLE, PASSPHRASE_FILE_ENV + ": " + file + " is empty");
            }
            return first.toCharArray();
        } catch (IOException e) {
            throw new SecretStoreException(
                    Reason.UNAVAILABLE,
                    PASSPHRASE_FILE_ENV + ": cannot read " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** Asks the Secret Service whether it answers; returns what to show ("desktop keyring, collection login"). */
    @Override
    public String probeKeyring() {
        if (keyring.isEmpty()) {
            keyringAvailable = false;
            keyringStatus = "not used";
            return keyringStatus;
        }
        try {
            keyringStatus = keyring.get().probe();
            keyringAvailable = true;
        } catch (SecretStoreException e) {
            keyringAvailable = false;
            keyringStatus = "unavailable: " + e.getMessage();
        }
        return keyringStatus;
    }

    @Override
    public boolean keyringAvailable() {
        return keyringAvailable;
    }

    /** What the last {@link #probeKeyring()} found. */
    public String keyringStatus() {
        return keyringStatus;
    }

    @Override
    public Path encryptedFile() {
        return EncryptedFileSecretStore.fileIn(configDir);
    }

    @Override
    public boolean fileExists() {
        return Files.exists(encryptedFile());
    }

    @Override
    public boolean fileUnlocked() {
        return file != null;
    }

    /** Opens (or prepares to create) the encrypted file with {@code passphrase}; runs the key derivation. */
    @Override
    public void unlockFile(char[] passphrase) throws SecretStoreException {
        file = EncryptedFileSecretStore.unlock(encryptedFile(), passphrase);
    }

    /** The stores a typed secret can go to now, the session's first. */
    @Override
    public List<SecretStoreKind> available() {
        List<SecretStoreKind> kinds = new ArrayList<>(List.of(SecretStoreKind.SESSION));
        if (keyringAvailable) {
            kinds.add(SecretStoreKind.KEYRING);
        }
        kinds.add(SecretStoreKind.ENCRYPTED_FILE);
        return kinds;
    }

    /** The store of {@code kind}; the file only once unlocked, the keyring only once it answered. */
    @Override
    public SecretStore store(SecretStoreKind kind) throws SecretStoreException {
        return switch (kind) {
            case SESSION -> session;
            case KEYRING -> {
                if (keyring.isEmpty()) {
                    throw new SecretStoreException(Reason.UNAVAILABLE, "the desktop keyring is not used here");
                }
                yield keyring.get();
            }
            case ENCRYPTED_FILE -> {
                EncryptedFileSecretStore f = file;
                if (f == null) {
                    throw new SecretStoreException(
                            Reason.UNAVAILABLE,
                            "the encrypted file is locked: give its passphrase (Settings → Secrets; for collect, "
                                    + PASSPHRASE_FILE_ENV + ")");
                }
                yield f;
            }
        };
    }

    /**
     * The secret stored under {@code ref} (the caller wipes the array).
     *
     * @throws SecretStoreException when the store cannot be read or holds no secret for it
     */
    @Override
    public char[] read(SecretRef ref) throws SecretStoreException {
        return store(ref.store())
                .get(ref)
                .orElseThrow(() -> new SecretStoreException(
                        Reason.UNAVAILABLE,
                        "the " + ref.store().label().toLowerCase(Locale.ROOT) + " holds no secret for " + ref.name()
                                + "; enter it again (Sources → Edit)"));
    }

    /**
     * Forgets every stored secret: deletes Gridscope's items from the keyring (when it answers) and the secrets from
     * the encrypted file (deleting the file itself when it is still locked: forgetting needs no passphrase). Returns
     * what was done, in words.
     */
    @Override
    public String forgetAll() throws SecretStoreException {
        List<String> done = new ArrayList<>();
        int inSession = session.deleteAll();
        done.add(inSession + " in memory");
        if (keyringAvailable && keyring.isPresent()) {
            done.add(keyring.get().deleteAll() + " in the desktop keyring");
        }
        EncryptedFileSecretStore f = file;
        if (f != null) {
            done.add(f.deleteAll() + " in the encrypted file");
        } else if (fileExists()) {
            try {
                Files.delete(encryptedFile());
                done.add("the encrypted file deleted");
            } catch (IOException e) {
                throw new SecretStoreException(
                        Reason.IO,
                        "cannot delete " + encryptedFile() + ": " + e.getClass().getSimpleName(),
                        e);
            }
        }
        return "Forgot the stored secrets: " + String.join(", ", done) + ".";
    }

    @Override
    public String toString() {
        return "SecretVault[keyring " + (keyringAvailable ? "available" : "unavailable") + ", file "
                + (file != null ? "unlocked" : "locked") + "]";
    }
}
