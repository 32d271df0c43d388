package io.gridscope.console.app;

import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.console.app.secrets.SecretRef;
import io.gridscope.console.app.secrets.SecretStoreException;
import io.gridscope.console.app.secrets.SecretStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a Prometheus source authenticates. The secret (bearer token or password) is either typed, and then kept in
 * memory, for this session only or also in a secret store ({@link SecretRef}: the desktop keyring or the encrypted
 * file) of which only the reference is saved; or read from a file the user manages (as Prometheus' {@code
 * credentials_file}), of which only the path is saved. {@link #toString()} never shows the secret.
 *
 * @param username   for {@link Kind#BASIC}; empty otherwise
 * @param secret     typed secret (or one read from its store), memory only
 * @param secretFile file holding the secret (first line, at most {@link #MAX_SECRET_FILE_BYTES}), read at each use
 * @param stored     the secret store that keeps the typed secret between runs, if any
 */
public record SourceAuth(
        Kind kind, String username, Optional<String> secret, Optional<Path> secretFile, Optional<SecretRef> stored) {
    public enum Kind {
        NONE,
        BEARER,
        BASIC
    }

    public static final SourceAuth NONE =
            new SourceAuth(Kind.NONE, "", Optional.empty(), Optional.empty(), Optional.empty());
    static final int MAX_SECRET_FILE_BYTES = 16 * 1024;

    public SourceAuth {
        java.util.Objects.requireNonNull(kind);
        java.util.Objects.requireNonNull(username);
        java.util.Objects.requireNonNull(secret);
        java.util.Objects.requireNonNull(secretFile);
        java.util.Objects.requireNonNull(stored);
    }

    /** Without a secret store: typed for this session only, or from a file. */
    public SourceAuth(Kind kind, String username, Optional<String> secret, Optional<Path> secretFile) {
        this(kind, username, secret, secretFile, Optional.empty());
    }

    /** The same, its typed secret kept in {@code ref}'s store between runs. */
    public SourceAuth storedIn(SecretRef ref) {
        return new SourceAuth(kind, username, secret, Optional.empty(), Optional.of(ref));
    }

    /** The same with the secret read from its store. */
    public SourceAuth withSecret(String value) {
        return new SourceAuth(kind, username, Optional.of(value), secretFile, stored);
    }

    /**
     * This auth with its secret read from its store when it has to be ({@link #needsStoredSecret()}); otherwise this
     * auth itself. Blocks on the store (a D-Bus call, a file read): off the FX thread.
     *
     * @throws SecretStoreException when the store cannot be read or holds no secret for it
     */
    public SourceAuth resolvedWith(SecretStores vault) throws SecretStoreException {
        if (!needsStoredSecret()) {
            return this;
        }
        char[] value = vault.read(stored.orElseThrow());
        try {
            return withSecret(new String(value));
        } finally {
            java.util.Arrays.fill(value, '\0');
        }
    }

    /** True when the secret must be read from a secret store before use (it is not in memory yet). */
    public boolean needsStoredSecret() {
        return kind != Kind.NONE && secret.isEmpty() && secretFile.isEmpty() && stored.isPresent();
    }

    public static SourceAuth bearer(String token) {
        return new SourceAuth(Kind.BEARER, "", Optional.of(token), Optional.empty(), Optional.empty());
    }

    /**
     * Checks the form's text (no I/O: whether the file can be read is found out on use); problems keyed by field
     * ("username", "secret").
     */
    public static Map<String, String> validate(Kind kind, String username, String secret, String secretFile) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (kind == Kind.NONE) {
            return errors;
        }
        if (kind == Kind.BASIC && (username.isBlank() || username.contains(":"))) {
            errors.put("username", "a user name without ':'");
        }
        String file = secretFile.strip();
        if (!file.isEmpty()) {
            try {
                if (!Path.of(file).isAbsolute()) {
                    errors.put("secret", "the secret file must be an absolute path");
                }
            } catch (java.nio.file.InvalidPathException e) {
                errors.put("secret", "not a path: " + e.getReason());
            }
        } else if (secret.isEmpty()) {
            errors.put(
                    "secret",
                    kind == Kind.BEARER
                            ? "type the token or give a file holding it"
                            : "type the password or give a file holding it");
        }
        return errors;
    }

    /** Builds the auth from text {@link #validate} accepted; a file, when given, wins over typed text. */
    public static SourceAuth of(Kind kind, String username, String secret, String secretFile) {
        if (kind == Kind.NONE) {
            return NONE;
        }
        String file = secretFile.strip();
        return new SourceAuth(
                kind,
                kind == Kind.BASIC ? username.strip() : "",
                file.isEmpty() && !secret.isEmpty() ? Optional.of(secret) : Optional.empty(),
                file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)));
    }

    /** True when the secret was typed and kept in no store, so it is gone after a restart and must be entered again. */
    public boolean sessionOnly() {
        return kind != Kind.NONE && secretFile.isEmpty() && stored.isEmpty();
    }

    /** True when a secret is needed but there is none (a typed one from a previous session, kept in no store). */
    public boolean secretMissing() {
        return kind != Kind.NONE && secretFile.isEmpty() && secret.isEmpty() && stored.isEmpty();
    }

    /**
     * The credentials for a request; reads the secret file (I/O: call off the UI thread).
     *
     * @throws UserFacingException when the file cannot be read, is too large or empty
     */
    public Credentials credentials() {
        if (kind == Kind.NONE) {
            return Credentials.none();
        }
        String s = secretFile
                .map(SourceAuth::readSecret)
                .or(() -> secret)
                .orElseThrow(() -> new UserFacingException(
                        stored.map(ref -> "the " + (kind == Kind.BEARER ? "token" : "password") + " is kept in the "
                                        + ref.store().label().toLowerCase(java.util.Locale.ROOT)
                                        + " and was not read from it"
                                        + (ref.store()
                                                        == io.gridscope.console.app.secrets.SecretStoreKind
                                                                .ENCRYPTED_FILE
                                                ? " (its passphrase: Settings → Secrets, or "
                                                        + "GRIDSCOPE_SECRETS_PASSPHRASE_FILE for collect)"
                                                : ""))
                                .orElse("no " + (kind == Kind.BEARER ? "token" : "password")
                                        + ": a typed secret is kept for one session only; enter it again (Sources →"
                                        + " Edit), keep it in the keyring or the encrypted file, or point the source"
                                        + " at a file holding it"),
                        ExitCodes.USAGE));
        return kind == Kind.BEARER ? Credentials.bearer(s) : Credentials.basic(username, s);
    }

    private static String readSecret(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_SECRET_FILE_BYTES + 1);
            if (bytes.length > MAX_SECRET_FILE_BYTES) {
                throw new UserFacingException("secret file " + file + " is larger than 16 KiB", ExitCodes.USAGE);
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            int eol = text.indexOf('\n');
            String first = (eol >= 0 ? text.substring(0, eol) : text).strip();
            if (first.isEmpty()) {
                throw new UserFacingException("secret file " + file + " is empty", ExitCodes.USAGE);
            }
            return first;
        } catch (IOException e) {
            throw new UserFacingException("cannot read secret file " + file + ": " + e.getMessage(), ExitCodes.IO, e);
        }
    }

    /** Saves the kind, user name, file path and store reference under {@code prefix}; never the secret. */
    void storeInto(UiSettings settings, String prefix) {
        settings.put(prefix + "auth", kind.name());
        settings.put(prefix + "username", username);
        settings.put(prefix + "secretFile", secretFile.map(Path::toString).orElse(""));
        if (stored.isPresent()) {
            settings.put(prefix + "secretRef", stored.get().encode());
        } else {
            settings.remove(prefix + "secretRef");
        }
    }

    static SourceAuth load(UiSettings settings, String prefix) {
        Kind kind = Kind.valueOf(
                settings.get(prefix + "auth").filter(k -> !k.isBlank()).orElse("NONE"));
        return kind == Kind.NONE
                ? NONE
                : new SourceAuth(
                        kind,
                        settings.get(prefix + "username").orElse(""),
                        Optional.empty(),
                        settings.get(prefix + "secretFile")
                                .filter(f -> !f.isBlank())
                                .map(Path::of),
                        settings.get(prefix + "secretRef").flatMap(SecretRef::parse));
    }

    private String where() {
        return secretFile
                .map(f -> "from " + f)
                .or(() -> stored.map(r -> "<redacted> kept in " + r))
                .orElse("<redacted>");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "no auth";
            case BEARER -> "bearer " + where();
            case BASIC -> "basic " + username + " " + where();
        };
    }
}
