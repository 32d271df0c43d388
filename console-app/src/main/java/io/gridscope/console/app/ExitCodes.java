package io.gridscope.console.app;

/** Process exit codes of {@code ./gridscope}. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran and failed (invalid input data, a failed check, a runtime error). */
    public static final int FAILURE = 1;
    /** Bad command-line usage (unknown option, malformed value). */
    public static final int USAGE = 2;
    /** A file or directory cannot be used (missing, not a directory, not writable, corrupt). */
    public static final int IO = 3;
    /** A report's period holds no data: nothing was written (a report of zeros would be wrong). */
    public static final int NO_DATA = 4;
    /** Interrupted by Ctrl-C before the work finished normally (collected data is still stored). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
