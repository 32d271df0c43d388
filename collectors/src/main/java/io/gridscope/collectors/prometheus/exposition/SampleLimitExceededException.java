package io.gridscope.collectors.prometheus.exposition;

/** The payload holds more samples than the parser's limit; thrown at the first sample over it. */
public final class SampleLimitExceededException extends ExpositionParseException {
    private final long limit;

    public SampleLimitExceededException(long line, long limit) {
        super(line, 1, ExpositionRule.SAMPLE_LIMIT, "sample limit of " + limit + " exceeded");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
