package io.gridscope.console.app.secrets;

import java.util.Optional;

/**
 * A place that keeps secrets under {@link SecretRef} keys. Implementations block (D-Bus calls, file I/O, key
 * derivation): call them off the FX thread. Secrets travel as {@code char[]} that the caller may wipe; a returned
 * array belongs to the caller.
 */
public interface SecretStore {
    SecretStoreKind kind();

    /** Stores {@code secret} under {@code ref}'s key, replacing one stored before. */
    void put(SecretRef ref, char[] secret) throws SecretStoreException;

    /** The secret stored under {@code ref}'s key, if any. */
    Optional<char[]> get(SecretRef ref) throws SecretStoreException;

    /** Deletes the secret stored under {@code ref}'s key; nothing happens when there is none. */
    void delete(SecretRef ref) throws SecretStoreException;

    /** Deletes every secret Gridscope stored here; returns how many. */
    int deleteAll() throws SecretStoreException;

    /** Where the secrets are, in words ("GNOME Keyring, collection login", "/home/u/.config/gridscope/…"). */
    String describe();
}
