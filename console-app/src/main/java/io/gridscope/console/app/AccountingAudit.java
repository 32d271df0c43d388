package io.gridscope.console.app;

import java.time.Instant;

/**
 * The audit trail of the accounting configuration: every change saved from the console is recorded with who made
 * it, when, and the file's text before and after. Implementations may do I/O; the console calls them on the
 * accounting thread only, after the new file is in place. A failure is thrown (never swallowed) and shown.
 */
public interface AccountingAudit {
    /**
     * @param when the time of the change
     * @param osUser the operating-system user who saved it ({@code user.name})
     * @param before the file's text before the change ("" when there was no file)
     * @param after the file's text after the change
     * @throws java.io.UncheckedIOException or another runtime exception when the entry could not be recorded
     */
    void record(Instant when, String osUser, String before, String after);

    /** Where the entries go, for the user ("/home/ada/.local/share/gridscope/accounting-audit.log"). */
    default String describe() {
        return "the audit trail";
    }
}
