package io.gridscope.history.records;

import java.util.Objects;

/**
 * One line of the append-only audit log: when (epoch millis UTC), which OS user, what ({@code subject}, e.g.
 * "accounting"; {@code action}, e.g. "change"), and the text before and after (whole, so a change can be checked
 * and undone by hand). Secrets are never written here: callers store only what their files hold, and those hold no
 * secret.
 */
public record AuditEntry(long epochMillis, String osUser, String subject, String action, String before, String after) {
    /** Longest before/after text kept (larger texts are refused rather than cut). */
    public static final int MAX_TEXT_CHARS = 4 * 1024 * 1024;

    public AuditEntry {
        Objects.requireNonNull(osUser);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(action);
        Objects.requireNonNull(before);
        Objects.requireNonNull(after);
        if (before.length() > MAX_TEXT_CHARS || after.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("an audited text is longer than " + MAX_TEXT_CHARS + " characters");
        }
    }
}
