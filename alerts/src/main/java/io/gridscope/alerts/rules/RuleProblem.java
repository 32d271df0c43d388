package io.gridscope.alerts.rules;

import java.nio.file.Path;

/** One thing wrong in a rules file: {@code FILE:LINE: field: message}. A problem disables only its own rule. */
public record RuleProblem(Path file, int line, String field, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
