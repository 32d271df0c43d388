package io.gridscope.reports.carbon;

import java.util.Optional;

/**
 * A profile that cannot be used, with a one-line message {@code FILE:LINE: field: problem} ({@code FILE: problem}
 * when the problem is the whole file).
 */
public final class IntensityProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;

    IntensityProfileException(String file, int line, String field, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (field == null ? "" : field + ": ") + problem, cause);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    IntensityProfileException(String file, int line, String field, String problem) {
        this(file, line, field, problem, null);
    }

    /** The file (as it was named when read). */
    public String file() {
        return file;
    }

    /** The 1-based line, 0 when the problem is the whole file. */
    public int line() {
        return line;
    }

    /** The column the problem is in, when it is in one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
