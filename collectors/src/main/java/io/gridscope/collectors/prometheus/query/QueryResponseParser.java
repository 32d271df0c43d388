package io.gridscope.collectors.prometheus.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Prometheus HTTP API query responses ({@code /api/v1/query}, {@code /api/v1/query_range}). Pure: bytes in,
 * {@link QueryResponse} or {@link PromQueryException} out. Thread-safe.
 */
public final class QueryResponseParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryResponseParser() {}

    /**
     * @param body       the response body
     * @param httpStatus the response's status, carried into errors
     */
    public static QueryResponse parse(byte[] body, int httpStatus) throws PromQueryException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad(httpStatus, "response is not JSON (HTTP " + httpStatus + "): " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw bad(httpStatus, "response could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw bad(httpStatus, "response is not a JSON object (HTTP " + httpStatus + ")", null);
        }
        String status = root.path("status").asText("");
        if (status.equals("error")) {
            String type = root.path("errorType").asText(null);
            String message = root.path("error").asText("");
            throw new PromQueryException(
                    PromQueryException.ErrorType.fromApi(type),
                    httpStatus,
                    (type == null ? "error" : type) + ": " + message);
        }
        if (!status.equals("success")) {
            throw bad(httpStatus, "unexpected status '" + status + "' (HTTP " + httpStatus + ")", null);
        }
        JsonNode data = root.path("data");
        String resultType = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        QueryData parsed = switch (resultType) {
            case "vector" -> new QueryData.Vector(vector(result, httpStatus));
            case "matrix" -> new QueryData.Matrix(matrix(result, httpStatus));
            case "scalar" ->
                new QueryData.Scalar(
                        millis(pair(result, 0, httpStatus)), value(pair(result, 1, httpStatus), httpStatus));
            case "string" ->
                new QueryData.StringValue(
                        millis(pair(result, 0, httpStatus)),
                        pair(result, 1, httpStatus).asText());
            default -> throw bad(httpStatus, "unknown resultType '" + resultType + "'", null);
        };
        return new QueryResponse(parsed, strings(root.path("warnings")), strings(root.path("infos")));
    }

    private static List<QueryData.InstantSample> vector(JsonNode result, int status) throws PromQueryException {
        requireArray(result, "result", status);
        List<QueryData.InstantSample> out = new ArrayList<>(result.size());
        for (JsonNode series : result) {
            Map<String, String> metric = labels(series.path("metric"));
            JsonNode value = series.get("value");
            JsonNode histogram = series.get("histogram");
            if (value != null) {
                out.add(new QueryData.InstantSample(
                        metric, millis(pair(value, 0, status)), value(pair(value, 1, status), status), null));
            } else if (histogram != null) {
                out.add(new QueryData.InstantSample(
                        metric,
                        millis(pair(histogram, 0, status)),
                        Double.NaN,
                        nativeHistogram(pair(histogram, 1, status), status)));
            } else {
                throw bad(status, "vector series without value or histogram", null);
            }
        }
        return out;
    }

    private static List<QueryData.RangeSeries> matrix(JsonNode result, int status) throws PromQueryException {
        requireArray(result, "result", status);
        List<QueryData.RangeSeries> out = new ArrayList<>(result.size());
        for (JsonNode series : result) {
            List<QueryData.Point> points = new ArrayList<>();
            for (JsonNode p : series.path("values")) {
                points.add(new QueryData.Point(millis(pair(p, 0, status)), value(pair(p, 1, status), status)));
            }
            List<QueryData.HistogramPoint> histograms = new ArrayList<>();
            for (JsonNode p : series.path("histograms")) {
                histograms.add(new QueryData.HistogramPoint(
                        millis(pair(p, 0, status)), nativeHistogram(pair(p, 1, status), status)));
            }
            out.add(new QueryData.RangeSeries(labels(series.path("metric")), points, histograms));
        }
        return out;
    }

    private static QueryData.NativeHistogram nativeHistogram(JsonNode h, int status) throws PromQueryException {
        List<QueryData.Bucket> buckets = new ArrayList<>();
        for (JsonNode b : h.path("buckets")) {
            buckets.add(new QueryData.Bucket(
                    pair(b, 0, status).asInt(),
                    value(pair(b, 1, status), status),
                    value(pair(b, 2, status), status),
                    value(pair(b, 3, status), status)));
        }
        return new QueryData.NativeHistogram(value(h.path("count"), status), value(h.path("sum"), status), buckets);
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : metric.properties()) {
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static JsonNode pair(JsonNode array, int index, int status) throws PromQueryException {
        if (array == null || !array.isArray() || array.size() <= index) {
            throw bad(status, "expected an array with at least " + (index + 1) + " elements, got " + array, null);
        }
        return array.get(index);
    }

    /** The API's float-seconds timestamp as epoch milliseconds. */
    static long millis(JsonNode seconds) {
        return Math.round(seconds.asDouble() * 1000.0);
    }

    /** Sample values are strings: {@code "1.5"}, {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}. */
    static double value(JsonNode node, int status) throws PromQueryException {
        if (node.isNumber()) {
            return node.asDouble();
        }
        String s = node.asText("");
        switch (s) {
            case "NaN" -> {
                return Double.NaN;
            }
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw bad(status, "invalid sample value '" + s + "'", e);
                }
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }

    private static void requireArray(JsonNode node, String what, int status) throws PromQueryException {
        if (!node.isArray()) {
            throw bad(status, "'" + what + "' is not an array", null);
        }
    }

    private static PromQueryException bad(int status, String message, Throwable cause) {
        return new PromQueryException(PromQueryException.ErrorType.BAD_RESPONSE, status, message, cause);
    }
}
