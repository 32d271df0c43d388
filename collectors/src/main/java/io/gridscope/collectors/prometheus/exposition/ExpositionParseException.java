package io.gridscope.collectors.prometheus.exposition;

/**
 * Invalid exposition text. The message starts with {@code line L, column C:} (both 1-based; the column counts
 * characters of the decoded line), or {@code line L:} when the error concerns the whole line or the end of input.
 */
public class ExpositionParseException extends Exception {
    private final long line;
    private final int column;
    private final String reason;

    public ExpositionParseException(long line, int column, String reason) {
        super("line " + line + (column > 0 ? ", column " + column : "") + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** 1-based line number. */
    public long line() {
        return line;
    }

    /** 1-based column, or 0 when the whole line (or the end of input) is at fault. */
    public int column() {
        return column;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }
}
