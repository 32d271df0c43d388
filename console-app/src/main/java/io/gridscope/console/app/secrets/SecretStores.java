package io.gridscope.console.app.secrets;

import java.nio.file.Path;
import java.util.List;

/**
 * The secret stores of one Gridscope process, as the console and {@code collect} use them ({@link SecretVault}).
 * Every method but the plain getters blocks (D-Bus calls, file I/O, a key derivation): never on the FX thread.
 */
public interface SecretStores {
    /** Asks the Secret Service whether it answers; returns what to show ("desktop keyring, collection login"). */
    String probeKeyring();

    /** Whether the last {@link #probeKeyring()} found a Secret Service. */
    boolean keyringAvailable();

    /** The stores a typed secret can go to now, the session's first. */
    List<SecretStoreKind> available();

    /** The encrypted file's path (it may not exist yet). */
    Path encryptedFile();

    /** Whether the encrypted file exists (file I/O). */
    boolean fileExists();

    /** Whether the encrypted file's passphrase was given in this run. */
    boolean fileUnlocked();

    /** Opens (or prepares to create) the encrypted file with {@code passphrase}; runs the key derivation. */
    void unlockFile(char[] passphrase) throws SecretStoreException;

    /** The store of {@code kind}; the file only once unlocked. */
    SecretStore store(SecretStoreKind kind) throws SecretStoreException;

    /** The secret stored under {@code ref} (the caller wipes the array); an error when there is none. */
    char[] read(SecretRef ref) throws SecretStoreException;

    /** Forgets every stored secret; returns what was done, in words. */
    String forgetAll() throws SecretStoreException;
}
