package io.gridscope.collectors.prometheus.query;

import java.util.List;
import java.util.Objects;

/** A successful query: its data plus the server's {@code warnings} and {@code infos} (possibly empty). */
public record QueryResponse(QueryData data, List<String> warnings, List<String> infos) {
    public QueryResponse {
        Objects.requireNonNull(data, "data");
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
