package io.gridscope.reports.config;

import java.util.List;

/**
 * The accounting file (or a value typed in the console) is not valid. Each problem names the file, the line and
 * the field; the message lists them all, one per line, like a compiler.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One problem: where, which field, what is wrong. {@code line} 0 when the problem has no line. */
    public record Problem(String file, int line, String field, String message) {
        public String format() {
            return file + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + message;
        }
    }

    private final transient List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(String.join("\n", problems.stream().map(Problem::format).toList()));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration error needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
