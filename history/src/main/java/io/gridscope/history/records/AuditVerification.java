package io.gridscope.history.records;

import java.util.Objects;
import java.util.Optional;

/**
 * What a walk along the audit log's hash chain found (see {@link AuditChain}): how many entries verified, and the
 * first entry where the chain breaks, if it does. The walk stops there: what follows a break proves nothing.
 *
 * @param entriesVerified the entries found intact: all of them when the chain holds, else those before the break
 * @param firstBreak      the first broken entry; empty when the chain holds
 */
public record AuditVerification(long entriesVerified, Optional<Break> firstBreak) {
    /** What is wrong with a broken entry. */
    public enum Problem {
        /** The entry's fields do not give its stored hash: it was changed after it was written. */
        HASH_MISMATCH,
        /**
         * The entry's {@code prev_hash} is not the hash of the entry before it: that entry was changed and its hash
         * computed again, or this entry was forged.
         */
        PREV_HASH_MISMATCH,
        /** Ids are missing before this entry: entries were deleted. */
        MISSING_ENTRIES,
        /** The entry's id cannot be part of the chain (ids start at 1): it was forged. */
        UNEXPECTED_ID
    }

    /**
     * The first broken entry: its id and time as stored, what is wrong, and a sentence that says so (without the id
     * and time, which the caller formats).
     */
    public record Break(long id, long epochMillis, Problem problem, String detail) {
        public Break {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public AuditVerification {
        Objects.requireNonNull(firstBreak, "firstBreak");
    }

    static AuditVerification intact(long entries) {
        return new AuditVerification(entries, Optional.empty());
    }

    static AuditVerification broken(long verified, Break b) {
        return new AuditVerification(verified, Optional.of(b));
    }

    /** True when every entry verified and each links to the one before it. */
    public boolean intact() {
        return firstBreak.isEmpty();
    }
}
