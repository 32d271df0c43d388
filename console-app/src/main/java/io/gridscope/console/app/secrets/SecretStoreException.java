package io.gridscope.console.app.secrets;

/**
 * A secret could not be stored, read or deleted. The message says why in words a user can act on and never contains
 * a secret or a passphrase.
 */
public final class SecretStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for the caller to choose what to offer next. */
    public enum Reason {
        /** The store is not there (no session bus, no Secret Service, no passphrase given). */
        UNAVAILABLE,
        /** The keyring is locked and the unlock prompt was dismissed or not answered. */
        LOCKED,
        /** The encrypted file's passphrase is wrong. */
        WRONG_PASSPHRASE,
        /** The encrypted file is damaged, truncated, altered or not a secrets file. */
        CORRUPT,
        /** Reading or writing failed (disk full, permissions, a D-Bus error). */
        IO
    }

    private final Reason reason;

    public SecretStoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SecretStoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
