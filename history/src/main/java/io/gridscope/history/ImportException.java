package io.gridscope.history;

/**
 * Input that {@link HistoryImport} refuses: a sample out of time order, in the future, of a series stored with
 * another kind, or one series too many. Names the input line the caller gave with the sample; the message is
 * {@code line N: reason}. The import that threw it can only be closed, which rolls everything back.
 */
public final class ImportException extends HistoryException {
    private static final long serialVersionUID = 1L;
    private final long line;
    private final String reason;
    private final boolean seriesLimit;

    ImportException(long line, String reason) {
        this(line, reason, false);
    }

    private ImportException(long line, String reason, boolean seriesLimit) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
        this.seriesLimit = seriesLimit;
    }

    static ImportException seriesLimit(long line, int maxSeries) {
        return new ImportException(line, "more than " + maxSeries + " series, the limit of this import", true);
    }

    /** The input line of the refused sample, as given to {@link HistoryImport#add}. */
    public long line() {
        return line;
    }

    /** The message without the line. */
    public String reason() {
        return reason;
    }

    /** True when the input has more series than the import's limit. */
    public boolean isSeriesLimit() {
        return seriesLimit;
    }
}
