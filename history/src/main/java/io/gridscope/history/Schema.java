package io.gridscope.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database schema and its forward migrations. The version lives in {@code PRAGMA user_version}; the file is
 * marked as Gridscope's with {@code PRAGMA application_id}. A database written by a newer Gridscope is refused with
 * a clear message rather than misread.
 */
final class Schema {
    /** 'GRDS' */
    static final int APPLICATION_ID = 0x47524453;
    static final int CURRENT_VERSION = 1;

    /** MIGRATIONS.get(v) brings a database from version v to v + 1. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE series(
              id INTEGER PRIMARY KEY,
              metric TEXT NOT NULL,
              labels TEXT NOT NULL,
              unit TEXT NOT NULL,
              kind TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              UNIQUE(metric, labels))""",
            """
            CREATE TABLE samples(
              series_id INTEGER NOT NULL REFERENCES series(id),
              ts_ms INTEGER NOT NULL,
              value REAL,
              PRIMARY KEY(series_id, ts_ms)) WITHOUT ROWID""",
            """
            CREATE TABLE events(
              id INTEGER PRIMARY KEY,
              ts_ms INTEGER NOT NULL,
              type TEXT NOT NULL,
              labels TEXT NOT NULL,
              severity TEXT NOT NULL,
              detail TEXT NOT NULL)""",
            "CREATE INDEX events_by_time ON events(ts_ms)"));

    private Schema() {}

    static void migrate(Connection c, Path file) throws SQLException {
        int appId = pragmaInt(c, "application_id");
        int version = pragmaInt(c, "user_version");
        if (appId != 0 && appId != APPLICATION_ID) {
            throw new HistoryException(file + " is not a Gridscope history database (application_id "
                    + Integer.toHexString(appId) + ")");
        }
        if (version > CURRENT_VERSION) {
            throw new HistoryException(file + " was written by a newer Gridscope (schema version " + version
                    + ", this build reads up to " + CURRENT_VERSION + "). Upgrade Gridscope or choose another --data-dir.");
        }
        if (appId == 0 && version == 0 && hasTables(c)) {
            throw new HistoryException(file + " is an SQLite database that Gridscope did not create");
        }
        for (int v = version; v < CURRENT_VERSION; v++) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    st.execute(sql);
                }
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

    private static boolean hasTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type='table'")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    static int pragmaInt(Connection c, String pragma) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
