package io.gridscope.history.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code audit} table: append-only (the schema's triggers refuse updates and deletes; retention never touches
 * it). Stateless; every method works on the caller's connection. The writer thread inserts; readers read.
 */
public final class AuditRecords {
    private AuditRecords() {}

    public static void insert(Connection c, AuditEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit(ts_ms, os_user, subject, action, before, after) VALUES (?,?,?,?,?,?)")) {
            ps.setLong(1, e.epochMillis());
            ps.setString(2, e.osUser());
            ps.setString(3, e.subject());
            ps.setString(4, e.action());
            ps.setString(5, e.before());
            ps.setString(6, e.after());
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} entries about {@code subject}, newest first. */
    public static List<AuditEntry> read(Connection c, String subject, int limit) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT ts_ms, os_user, subject, action, before, after FROM audit"
                        + " WHERE subject=? ORDER BY ts_ms DESC, id DESC LIMIT ?")) {
            ps.setString(1, subject);
            ps.setInt(2, Math.max(0, limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        return out;
    }
}
