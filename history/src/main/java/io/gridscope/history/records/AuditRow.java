package io.gridscope.history.records;

/**
 * One stored row of the audit log as it is in the table: its id (the position in the chain, from 1), the entry's
 * fields, and the chain's {@code prevHash} and {@code hash} (see {@link AuditChain}). The fields are the stored
 * text, unchecked: a row read from a tampered file may hold anything the table allows ({@code prevHash} and
 * {@code hash} may be null); {@link AuditRecords#verify} says whether the chain holds.
 */
public record AuditRow(
        long id,
        long epochMillis,
        String osUser,
        String subject,
        String action,
        String before,
        String after,
        String prevHash,
        String hash) {}
