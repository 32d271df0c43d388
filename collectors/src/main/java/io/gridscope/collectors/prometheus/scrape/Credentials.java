package io.gridscope.collectors.prometheus.scrape;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How a request authenticates. Secrets are held only in memory, never logged: every {@code toString} redacts them.
 */
public sealed interface Credentials {
    /** The {@code Authorization} header value, if any. */
    Optional<String> authorizationHeader();

    /**
     * {@code text} with the secret, and the header value built from it, replaced by {@code <redacted>}: for anything
     * a server sends back (an error body, a redirect target) before it goes into a message or a log.
     */
    default String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets()) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "<redacted>");
            }
        }
        return out;
    }

    /** Whether {@code text} holds the secret or its header value. */
    default boolean appearsIn(String text) {
        return text != null && !redact(text).equals(text);
    }

    /** The strings that must never be shown, longest first. */
    private java.util.List<String> secrets() {
        return switch (this) {
            case None n -> java.util.List.of();
            case Bearer b -> java.util.List.of(authorizationHeader().orElseThrow(), b.token);
            case Basic b ->
                java.util.List.of(
                        authorizationHeader().orElseThrow(),
                        authorizationHeader().orElseThrow().substring("Basic ".length()),
                        b.password);
        };
    }

    static Credentials none() {
        return None.INSTANCE;
    }

    static Credentials bearer(String token) {
        return new Bearer(token);
    }

    static Credentials basic(String username, String password) {
        return new Basic(username, password);
    }

    /** No authentication. */
    enum None implements Credentials {
        INSTANCE;

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }
    }

    /** {@code Authorization: Bearer <token>}. */
    final class Bearer implements Credentials {
        private final String token;

        Bearer(String token) {
            this.token = Objects.requireNonNull(token, "token");
            if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("bearer token must be non-empty printable ASCII without spaces");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[token=<redacted>]";
        }
    }

    /** HTTP basic authentication. */
    final class Basic implements Credentials {
        private final String username;
        private final String password;

        Basic(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("basic-auth username must not contain ':'");
            }
        }

        public String username() {
            return username;
        }

        @Override
        public Optional<String> authorizationHeader() {
            String pair = username + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=<redacted>]";
        }
    }
}
