package io.gridscope.history.records;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain that makes the audit log tamper-evident. Every row stores {@code prev_hash}, the {@code hash} of
 * the row before it ({@link #GENESIS} for the first row), and its own {@code hash}: the lowercase hexadecimal
 * SHA-256 of the row's canonical encoding. Changing a stored row breaks its own hash; changing it and recomputing
 * its hash breaks the link from the row after it; deleting a row leaves a gap in the ids and a broken link.
 *
 * <p><b>Canonical encoding</b> (version 1), the bytes that are hashed, so that anyone can check an exported log
 * with a few lines of code. Nine fields, in this order:
 *
 * <ol>
 *   <li>the text {@value #DOMAIN} (names the encoding; a later one gets a new name);
 *   <li>{@code id}, the row id, and
 *   <li>{@code ts_ms}, its time in epoch milliseconds UTC, both as decimal ASCII text (no leading zeros, no sign
 *       unless negative);
 *   <li>{@code os_user}, {@code subject}, {@code action}, {@code before}, {@code after} and {@code prev_hash}, as
 *       they are stored (six fields).
 * </ol>
 *
 * Each field is written as one byte {@code 0x00} when it is NULL, or as the byte {@code 0x01}, the length of its
 * UTF-8 bytes as an unsigned 32-bit big-endian integer, and those bytes. The length prefix keeps the boundaries
 * between fields unambiguous ({@code ("ab", "c")} and {@code ("a", "bc")} encode differently) and the marker byte
 * tells NULL from the empty string.
 *
 * <p><b>What the chain does not show.</b> It has no secret: someone who can write the file can append new
 * well-formed rows, or remove the newest rows, without breaking it. Keeping the {@code hash} of the newest entry
 * elsewhere (an export does) lets a later check show that that entry and everything before it are unchanged.
 */
public final class AuditChain {
    /** The {@code prev_hash} of the first entry: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    /** The first field of every encoding: names the encoding's version. */
    public static final String DOMAIN = "gridscope-audit-v1";

    private static final byte NULL = 0x00;
    private static final byte PRESENT = 0x01;

    private AuditChain() {}

    /** The hash of a row: hex SHA-256 of its canonical encoding (see the class description). */
    public static String hash(
            long id,
            long epochMillis,
            String osUser,
            String subject,
            String action,
            String before,
            String after,
            String prevHash) {
        MessageDigest sha = sha256();
        field(sha, DOMAIN);
        field(sha, Long.toString(id));
        field(sha, Long.toString(epochMillis));
        field(sha, osUser);
        field(sha, subject);
        field(sha, action);
        field(sha, before);
        field(sha, after);
        field(sha, prevHash);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The hash {@code entry} gets as row {@code id} after the row whose hash is {@code prevHash}. */
    public static String hash(long id, AuditEntry entry, String prevHash) {
        return hash(
                id,
                entry.epochMillis(),
                entry.osUser(),
                entry.subject(),
                entry.action(),
                entry.before(),
                entry.after(),
                prevHash);
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update(NULL);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(PRESENT);
        int n = bytes.length;
        sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e); // every Java platform must provide it
        }
    }
}
