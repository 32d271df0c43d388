package io.gridscope.history;

import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code series} table: one row per {@link SeriesId} (metric, canonical labels, unit, kind, creation time,
 * collector that first wrote it), identified by a numeric id that every chunk and rollup row refers to.
 *
 * <p><b>Writer side.</b> {@link #idFor} finds or creates a series' id inside the writer's transaction and caches it,
 * so a known series costs one hash lookup per sample. After a rolled-back transaction the writer calls {@link
 * #forget()}, because ids created in it no longer exist. An instance belongs to one {@link HistoryWriter} and is
 * used by its thread only.
 *
 * <p><b>Reader side.</b> The static {@link #rows} and {@link #metrics} answer the series lookups of queries on any
 * (read-only) connection; they keep no state and are safe from any thread.
 */
final class SeriesRegistry {
    /** A stored series and its id. */
    record Row(long id, SeriesId series) {}

    private final Clock clock;
    private final Map<SeriesId, Long> ids = new HashMap<>();

    /** @param clock stamps {@code created_ms} of new series */
    SeriesRegistry(Clock clock) {
        this.clock = clock;
    }

    /** The id of {@code series}, created (with {@code source} as the collector that wrote it first) if new. */
    long idFor(Connection c, SeriesId series, String source) throws SQLException {
        Long id = ids.get(series);
        if (id != null) {
            return id;
        }
        String labels = series.labels().canonical();
        try (PreparedStatement sel = c.prepareStatement("SELECT id FROM series WHERE metric=? AND labels=?")) {
            sel.setString(1, series.metric());
            sel.setString(2, labels);
            try (ResultSet rs = sel.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                }
            }
        }
        if (id == null) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO series(metric, labels, unit, kind, created_ms, source) VALUES (?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, series.metric());
                insert.setString(2, labels);
                insert.setString(3, series.unit().storageName());
                insert.setString(4, series.kind().storageName());
                insert.setLong(5, clock.millis());
                insert.setString(6, source);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
        }
        ids.put(series, id);
        return id;
    }

    /** The stored row of the series with this metric and exactly these labels, with its stored unit and kind. */
    static java.util.Optional<Row> find(Connection c, String metric, Labels labels) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, unit, kind FROM series WHERE metric=? AND labels=?")) {
            ps.setString(1, metric);
            ps.setString(2, labels.canonical());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(new Row(
                        rs.getLong(1),
                        new SeriesId(
                                metric,
                                labels,
                                Unit.fromStorageName(rs.getString(2)),
                                MetricKind.fromStorageName(rs.getString(3)))));
            }
        }
    }

    /** Drops the cached ids; the next lookup of each series reads the table again. */
    void forget() {
        ids.clear();
    }

    /** Every series with this metric whose labels include all of {@code matchers}, sorted by labels. */
    static List<Row> rows(Connection c, String metric, Labels matchers) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, labels, unit, kind FROM series WHERE metric=? ORDER BY labels")) {
            ps.setString(1, metric);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Labels labels = Labels.parse(rs.getString(2));
                    if (!labels.containsAll(matchers)) {
                        continue;
                    }
                    SeriesId id = new SeriesId(
                            metric,
                            labels,
                            Unit.fromStorageName(rs.getString(3)),
                            MetricKind.fromStorageName(rs.getString(4)));
                    rows.add(new Row(rs.getLong(1), id));
                }
            }
        }
        return rows;
    }

    /** All metric names in the table, sorted. */
    static List<String> metrics(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT metric FROM series ORDER BY metric")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
