package io.gridscope.alerts.alertmanager;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How requests to Alertmanager authenticate (usually through a reverse proxy in front of it): none, HTTP basic or a
 * bearer token. Secrets are given as {@code char[]}, copied, held in memory only, and shown by no {@code toString};
 * {@link #clear()} wipes the copy when the connection is dropped.
 */
public sealed interface AlertmanagerAuth {
    /** The {@code Authorization} header value, built at each request, if any. */
    Optional<String> authorizationHeader();

    /** {@code text} with the secret (and the header built from it) blanked out: for anything the server sends back. */
    String redact(String text);

    /** Overwrites the secret held in memory; later requests send none. */
    void clear();

    static AlertmanagerAuth none() {
        return None.INSTANCE;
    }

    /** {@code Authorization: Bearer <token>}; the array is copied (the caller may wipe its own). */
    static AlertmanagerAuth bearer(char[] token) {
        return new Bearer(token);
    }

    /** HTTP basic authentication; the password array is copied (the caller may wipe its own). */
    static AlertmanagerAuth basic(String username, char[] password) {
        return new Basic(username, password);
    }

    /** No authentication. */
    enum None implements AlertmanagerAuth {
        INSTANCE;

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }

        @Override
        public String redact(String text) {
            return text;
        }

        @Override
        public void clear() {}

        @Override
        public String toString() {
            return "no authentication";
        }
    }

    /** A bearer token. */
    final class Bearer implements AlertmanagerAuth {
        private final char[] token;

        private Bearer(char[] token) {
            Objects.requireNonNull(token, "token");
            if (token.length == 0) {
                throw new IllegalArgumentException("the bearer token is empty");
            }
            for (char c : token) {
                if (c < 0x21 || c > 0x7e) {
                    throw new IllegalArgumentException("the bearer token must be printable ASCII without spaces");
                }
            }
            this.token = token.clone();
        }

        @Override
        public synchronized Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + new String(token));
        }

        @Override
        public synchronized String redact(String text) {
            return text.replace(new String(token), "[secret]");
        }

        @Override
        public synchronized void clear() {
            Arrays.fill(token, '\0');
        }

        @Override
        public String toString() {
            return "bearer token (redacted)";
        }
    }

    /** HTTP basic authentication. */
    final class Basic implements AlertmanagerAuth {
        private final String username;
        private final char[] password;

        private Basic(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isEmpty()
                    || username.indexOf(':') >= 0
                    || username.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("the basic-auth user name must be non-empty, without ':'");
            }
            this.password = password.clone();
        }

        public String username() {
            return username;
        }

        @Override
        public synchronized Optional<String> authorizationHeader() {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] user = (username + ":").getBytes(StandardCharsets.UTF_8);
            byte[] pair = new byte[user.length + bytes.remaining()];
            System.arraycopy(user, 0, pair, 0, user.length);
            bytes.get(pair, user.length, bytes.remaining());
            String header = "Basic " + Base64.getEncoder().encodeToString(pair);
            Arrays.fill(pair, (byte) 0);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            return Optional.of(header);
        }

        @Override
        public synchronized String redact(String text) {
            String out = text;
            if (password.length > 0) {
                out = out.replace(new String(password), "[secret]");
            }
            return out.replace(authorizationHeader().orElseThrow().substring("Basic ".length()), "[secret]");
        }

        @Override
        public synchronized void clear() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String toString() {
            return "basic authentication as " + username + " (password redacted)";
        }
    }
}
