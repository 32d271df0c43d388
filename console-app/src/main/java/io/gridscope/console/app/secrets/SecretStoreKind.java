package io.gridscope.console.app.secrets;

import java.util.Locale;
import java.util.Optional;

/** Where a typed secret is kept; {@link #settingsName()} is what {@code ui.properties} records. */
public enum SecretStoreKind {
    /** In memory, gone when the console exits (the only choice when nothing else is available). */
    SESSION("This session only"),
    /** The desktop's Secret Service (org.freedesktop.secrets: GNOME Keyring, KWallet). */
    KEYRING("Desktop keyring"),
    /** {@value EncryptedFileSecretStore#FILE_NAME} in the config directory, under a passphrase. */
    ENCRYPTED_FILE("Encrypted file");

    private final String label;

    SecretStoreKind(String label) {
        this.label = label;
    }

    /** What the console shows: "This session only", "Desktop keyring", "Encrypted file". */
    public String label() {
        return label;
    }

    /** "session", "keyring" or "file". */
    public String settingsName() {
        return switch (this) {
            case SESSION -> "session";
            case KEYRING -> "keyring";
            case ENCRYPTED_FILE -> "file";
        };
    }

    /** The kind whose {@link #settingsName()} is {@code name}, if any. */
    public static Optional<SecretStoreKind> fromSettingsName(String name) {
        for (SecretStoreKind k : values()) {
            if (k.settingsName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
