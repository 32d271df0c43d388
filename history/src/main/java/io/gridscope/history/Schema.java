package io.gridscope.history;

import io.gridscope.history.records.AuditRecords;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database schema and its forward migrations. The version lives in {@code PRAGMA user_version}; the file is
 * marked as Gridscope's with {@code PRAGMA application_id}. A database written by a newer Gridscope is refused with
 * a clear message rather than misread. Each migration runs in one transaction: it completes or leaves the file as
 * it was.
 *
 * <p>Versions:
 * <ol>
 *   <li>series registry, one row per sample ({@code samples}), events.
 *   <li>compressed raw chunks ({@code chunks}: one BLOB per series and chunk start, see {@link ChunkCodec}; a
 *       rowid table, because a WITHOUT ROWID row keeps only ~1 KB on its page and would spill every larger chunk
 *       into a mostly empty overflow page),
 *       1-minute and 1-hour rollups (one compressed row per series and window, see {@link RollupCodec}),
 *       {@code series.source}. Version-1 samples are re-encoded into chunks and
 *       rollups, then {@code samples} is dropped.
 *   <li>the append-only audit log ({@code audit}; triggers refuse updates and deletes).
 *   <li>the audit log becomes a hash chain ({@code audit.prev_hash}, {@code audit.hash}, see {@link
 *       io.gridscope.history.records.AuditChain}); the rows already there are chained in id order, and a trigger
 *       refuses every insert that does not continue the chain.
 *   <li>alerts: {@code alerts} (one row per alert from pending to resolved, with its acknowledgement, snooze and
 *       notification marks), {@code alert_silences} (label matchers with an end time) and {@code alert_am_acks}
 *       (the Alertmanager silences that acknowledge Alertmanager alerts), {@code alert_rule_status} (each rule's
 *       health at the evaluating process's last write: ok, no data, disabled, error).
 *   <li>raw chunks and rollup columns are written in {@link ChunkCodec}'s format 2 (timestamps against a grid,
 *       decimals with a common factor, frame-of-reference integers). No table changes: format-1 rows stay as they
 *       are and are still read; a chunk or rollup window that is continued is rewritten in format 2. The version
 *       exists so that an older Gridscope refuses the file instead of failing on the new rows.
 * </ol>
 *
 * <p>A new file gets {@link #PAGE_SIZE} pages and incremental auto-vacuum before its first table (see {@link
 * #prepareNewFile}); an existing file keeps its page size.
 */
final class Schema {
    /** 'GRDS' */
    static final int APPLICATION_ID = 0x47524453;

    static final int CURRENT_VERSION = 6;
    static final int MIGRATION_CHUNK_SAMPLES = 240;
    static final long MIGRATION_CHUNK_SPAN_MILLIS = 2 * 3_600_000L;

    /** One forward step, run inside a transaction. */
    @FunctionalInterface
    private interface Migration {
        void apply(Connection c) throws SQLException;
    }

    /** MIGRATIONS.get(v) brings a database from version v to v + 1. */
    private static final List<Migration> MIGRATIONS = List.of(
            Schema::toVersion1,
            Schema::toVersion2,
            Schema::toVersion3,
            Schema::toVersion4,
            Schema::toVersion5,
            Schema::toVersion6);

    /** The version-1 DDL exactly as it shipped; migrations never change once released. */
    static final List<String> VERSION_1 = List.of("""
            CREATE TABLE series(
              id INTEGER PRIMARY KEY,
              metric TEXT NOT NULL,
              labels TEXT NOT NULL,
              unit TEXT NOT NULL,
              kind TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              UNIQUE(metric, labels))""", """
            CREATE TABLE samples(
              series_id INTEGER NOT NULL REFERENCES series(id),
              ts_ms INTEGER NOT NULL,
              value REAL,
              PRIMARY KEY(series_id, ts_ms)) WITHOUT ROWID""", """
            CREATE TABLE events(
              id INTEGER PRIMARY KEY,
              ts_ms INTEGER NOT NULL,
              type TEXT NOT NULL,
              labels TEXT NOT NULL,
              severity TEXT NOT NULL,
              detail TEXT NOT NULL)""", "CREATE INDEX events_by_time ON events(ts_ms)");

    private static final List<String> VERSION_2 = List.of(
            "ALTER TABLE series ADD COLUMN source TEXT NOT NULL DEFAULT ''",
            """
            CREATE TABLE chunks(
              id INTEGER PRIMARY KEY,
              series_id INTEGER NOT NULL REFERENCES series(id),
              start_ms INTEGER NOT NULL,
              end_ms INTEGER NOT NULL,
              sample_count INTEGER NOT NULL,
              last_value REAL,
              data BLOB NOT NULL,
              UNIQUE(series_id, start_ms))""",
            rollupTable(Tier.MINUTE),
            rollupTable(Tier.HOUR));

    /**
     * Version 3: the append-only audit log (who changed what, when, before and after): accounting configuration
     * now, alert rules and acknowledgements later. Triggers refuse every update and delete.
     */
    private static final List<String> VERSION_3 = List.of(
            """
            CREATE TABLE audit(
              id INTEGER PRIMARY KEY,
              ts_ms INTEGER NOT NULL,
              os_user TEXT NOT NULL,
              subject TEXT NOT NULL,
              action TEXT NOT NULL,
              before TEXT NOT NULL,
              after TEXT NOT NULL)""",
            "CREATE INDEX audit_subject_ts ON audit(subject, ts_ms)",
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is"
                    + " append-only'); END",
            "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is"
                    + " append-only'); END");

    /** The update trigger of version 3, dropped while version 4 fills the new columns and created again after. */
    private static final String AUDIT_NO_UPDATE = "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
            + " SELECT RAISE(ABORT, 'the audit log is append-only'); END";

    /**
     * Version 4: the audit log as a hash chain (see {@link io.gridscope.history.records.AuditChain}). Each row keeps
     * the hash of the row before it and its own; the rows of version 3 are chained by the migration. A new trigger
     * refuses an insert that does not take the next id or does not link to the newest row, so every writer appends
     * through {@link io.gridscope.history.records.AuditRecords#append} (which computes both inside its write
     * transaction) and two writers can never fork the chain.
     */
    private static final List<String> VERSION_4 = List.of(
            "ALTER TABLE audit ADD COLUMN prev_hash TEXT",
            "ALTER TABLE audit ADD COLUMN hash TEXT",
            "DROP TRIGGER audit_no_update");

    private static final List<String> VERSION_4_AFTER_CHAINING = List.of(AUDIT_NO_UPDATE, """
            CREATE TRIGGER audit_chain_link BEFORE INSERT ON audit
            WHEN NEW.id IS NOT coalesce((SELECT max(id) FROM audit), 0) + 1
              OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
              OR NEW.hash IS NULL
            BEGIN SELECT RAISE(ABORT, 'an audit entry must take the next id and link to the newest entry'); END""");
    /**
     * Alerts. {@code alerts}: the evaluating process writes the columns from {@code rule} to {@code event_count}
     * and the notification marks; any process (console, {@code alerts ack}) writes the acknowledgement and snooze
     * columns, so they never overwrite each other. At most one open (pending or firing) row per fingerprint.
     */
    private static final List<String> VERSION_ALERTS = List.of(
            """
            CREATE TABLE alerts(
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              rule TEXT NOT NULL,
              fingerprint TEXT NOT NULL,
              labels TEXT NOT NULL,
              severity TEXT NOT NULL,
              state TEXT NOT NULL,
              active_since_ms INTEGER NOT NULL,
              fired_at_ms INTEGER NOT NULL DEFAULT 0,
              resolved_at_ms INTEGER NOT NULL DEFAULT 0,
              last_active_ms INTEGER NOT NULL,
              value REAL,
              threshold REAL,
              summary TEXT NOT NULL,
              description TEXT NOT NULL,
              runbook TEXT NOT NULL,
              event_count INTEGER NOT NULL DEFAULT 0,
              notified_ms INTEGER NOT NULL DEFAULT 0,
              escalated_ms INTEGER NOT NULL DEFAULT 0,
              resolved_notified_ms INTEGER NOT NULL DEFAULT 0,
              ack_by TEXT,
              ack_at_ms INTEGER NOT NULL DEFAULT 0,
              ack_comment TEXT,
              snoozed_until_ms INTEGER NOT NULL DEFAULT 0,
              snoozed_by TEXT)""",
            "CREATE UNIQUE INDEX alerts_open ON alerts(fingerprint) WHERE state IN ('pending', 'firing')",
            "CREATE INDEX alerts_by_state ON alerts(state, id)",
            "CREATE INDEX alerts_by_time ON alerts(active_since_ms)",
            """
            CREATE TABLE alert_silences(
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              matchers TEXT NOT NULL,
              starts_ms INTEGER NOT NULL,
              ends_ms INTEGER NOT NULL,
              created_by TEXT NOT NULL,
              comment TEXT NOT NULL,
              expired_ms INTEGER NOT NULL DEFAULT 0)""",
            """
            CREATE TABLE alert_rule_status(
              rule TEXT PRIMARY KEY,
              health TEXT NOT NULL,
              detail TEXT NOT NULL,
              series INTEGER NOT NULL,
              active INTEGER NOT NULL,
              evaluated_ms INTEGER NOT NULL)""",
            """
            CREATE TABLE alert_am_acks(
              fingerprint TEXT PRIMARY KEY,
              silence_id TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              created_by TEXT NOT NULL)""");

    private static void toVersion5(Connection c) throws SQLException {
        execute(c, VERSION_ALERTS);
    }

    /** Version 6: chunk format 2 (see the class description); nothing to change in the tables. */
    private static void toVersion6(Connection c) {
        // the version number alone keeps older readers away from format-2 rows
    }

    private static String rollupTable(Tier t) {
        return "CREATE TABLE " + t.table() + """
                (
                  id INTEGER PRIMARY KEY,
                  series_id INTEGER NOT NULL REFERENCES series(id),
                  start_ms INTEGER NOT NULL,
                  end_ms INTEGER NOT NULL,
                  bucket_count INTEGER NOT NULL,
                  data BLOB NOT NULL,
                  UNIQUE(series_id, start_ms))""";
    }

    private static void toVersion1(Connection c) throws SQLException {
        execute(c, VERSION_1);
    }

    private static void toVersion2(Connection c) throws SQLException {
        execute(c, VERSION_2);
        try (TierWriter w = new TierWriter(c, MIGRATION_CHUNK_SAMPLES, MIGRATION_CHUNK_SPAN_MILLIS);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT s.series_id, s.ts_ms, s.value, r.kind FROM samples s"
                        + " JOIN series r ON r.id = s.series_id ORDER BY s.series_id, s.ts_ms")) {
            long rows = 0;
            while (rs.next()) {
                double v = rs.getDouble(3);
                if (rs.wasNull()) {
                    v = Double.NaN; // version 1 stored NaN as NULL
                }
                w.add(rs.getLong(1), "counter".equals(rs.getString(4)), rs.getLong(2), v);
                if (++rows % 100_000 == 0) {
                    w.writeOpen();
                }
            }
            w.writeOpen();
        }
        execute(c, List.of("DROP TABLE samples"));
    }

    private static void toVersion3(Connection c) throws SQLException {
        execute(c, VERSION_3);
    }

    private static void toVersion4(Connection c) throws SQLException {
        execute(c, VERSION_4);
        AuditRecords.chainExistingRows(c);
        execute(c, VERSION_4_AFTER_CHAINING);
    }

    private static void execute(Connection c, List<String> sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private Schema() {}

    static void migrate(Connection c, Path file) throws SQLException {
        migrateTo(c, file, CURRENT_VERSION);
    }

    /** {@link #migrate} up to {@code target} only; tests build files of older versions with it. */
    static void migrateTo(Connection c, Path file, int target) throws SQLException {
        int version = checkOwnership(c, file);
        if (version == 0) {
            prepareNewFile(c);
        }
        for (int v = version; v < target; v++) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                MIGRATIONS.get(v).apply(c);
                st.execute("PRAGMA application_id = " + APPLICATION_ID);
                st.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /**
     * Page size of a new file: large enough that a chunk row of a few hundred samples and a rollup row of a window
     * share a page with others instead of leaving most of one empty or spilling into an overflow page of its own.
     */
    static final int PAGE_SIZE = 16_384;

    /**
     * Chooses the page size and incremental auto-vacuum (so retention gives space back to the file system) of a new,
     * empty file. Both only take effect before the file has content, and a connection opened in WAL mode has already
     * written the file's header, so the empty file is switched out of WAL, rebuilt with {@code VACUUM} and switched
     * back. When another connection keeps the file in WAL mode the file keeps SQLite's defaults.
     */
    private static void prepareNewFile(Connection c) throws SQLException {
        String mode = pragmaText(c, "journal_mode");
        boolean wal = "wal".equalsIgnoreCase(mode);
        if (wal && !"delete".equalsIgnoreCase(pragmaText(c, "journal_mode = DELETE"))) {
            return;
        }
        execute(c, List.of("PRAGMA page_size = " + PAGE_SIZE, "PRAGMA auto_vacuum = INCREMENTAL", "VACUUM"));
        if (wal) {
            execute(c, List.of("PRAGMA journal_mode = WAL"));
        }
    }

    private static String pragmaText(Connection c, String pragma) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    /**
     * Refuses a file Gridscope did not write or one from a newer Gridscope; returns its schema version (0 for a
     * new, empty file). Reads only.
     */
    private static int checkOwnership(Connection c, Path file) throws SQLException {
        int appId = pragmaInt(c, "application_id");
        int version = pragmaInt(c, "user_version");
        if (appId != 0 && appId != APPLICATION_ID) {
            throw new HistoryException(
                    file + " is not a Gridscope history database (application_id " + Integer.toHexString(appId) + ")");
        }
        if (version > CURRENT_VERSION) {
            throw new HistoryException(
                    file + " was written by a newer Gridscope (schema version " + version + ", this build reads up to "
                            + CURRENT_VERSION + "). Upgrade Gridscope or choose another --data-dir.");
        }
        if (appId == 0 && version == 0 && hasTables(c)) {
            throw new HistoryException(file + " is an SQLite database that Gridscope did not create");
        }
        return version;
    }

    /**
     * For read-only use: the same refusals as {@link #migrate}, and also an empty file and one whose schema is
     * older than this build's (a reader never migrates; opening the history once for writing does). Reads only.
     */
    /** What {@code PRAGMA quick_check} finds wrong with the file (at most five problems); empty when it is intact. */
    static List<String> integrityProblems(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA quick_check(5)")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        return problems.equals(List.of("ok")) ? List.of() : problems;
    }

    static void requireCurrent(Connection c, Path file) throws SQLException {
        int version = checkOwnership(c, file);
        if (version == 0) {
            throw new HistoryException(file + " is not a Gridscope history database (it holds no Gridscope schema)");
        }
        if (version < CURRENT_VERSION) {
            throw new HistoryException(file + " was written by an older Gridscope (schema version " + version
                    + ", this build reads " + CURRENT_VERSION + "). It is upgraded the next time Gridscope collects"
                    + " into it (./gridscope collect --data-dir " + file.getParent() + "); it was not changed now.");
        }
    }

    private static boolean hasTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type='table'")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    static int pragmaInt(Connection c, String pragma) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
