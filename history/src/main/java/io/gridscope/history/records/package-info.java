/**
 * Durable history rows that are not samples. Samples live in the tiers (raw chunks and rollups, see {@link
 * io.gridscope.history.Tier}); everything else the history keeps goes here, one class per kind of record, each
 * owning its table's SQL: what the writer inserts, what the reader reads, and what maintenance deletes.
 *
 * <p>Today: {@link io.gridscope.history.records.EventRecords} (discrete {@code TelemetryEvent}s such as GPU XIDs)
 * and {@link io.gridscope.history.records.AuditRecords} (the append-only, hash-chained audit log; the chain's
 * encoding is {@link io.gridscope.history.records.AuditChain}). Alert states, alert acknowledgements and the history
 * of the accounting configuration belong here too, as further {@code *Records} classes with their own retention
 * option and schema migration.
 *
 * <p>Rules shared by every record kind: rows are written by the history's writer thread, inside its batched
 * transactions (the one write road), so a record and the samples around it commit together; reads go through {@link
 * io.gridscope.history.HistoryReader}, on read-only connections; retention is applied only by the writable store's
 * maintenance. The classes here are stateless and take the caller's connection; they never open one.
 *
 * <p>The one exception is the audit log: each entry is appended in a transaction of its own that reads the newest
 * entry and links to it ({@code BEGIN IMMEDIATE}), on the writer thread ({@link
 * io.gridscope.history.HistoryStore#audit}) or, from a process that does not hold the history open, on a short
 * write connection of its own ({@link io.gridscope.history.AuditLog#append}). SQLite serialises the two.
 */
package io.gridscope.history.records;
