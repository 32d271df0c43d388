package io.gridscope.alerts.rules;

import io.gridscope.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert rule. {@code pack} names the built-in pack it comes from ({@code gpu}, {@code host}, {@code sources},
 * {@code accounting}) or is empty for a rule of the rules file; {@code origin} is where it was defined.
 *
 * <p>{@code forDuration}: how long the condition must hold before the alert fires (pending until then).
 * {@code keepFiringFor}: how long a firing alert stays firing after the condition stops holding (a flapping
 * condition does not resolve and re-fire). {@code summary} and {@code description} are templates: {@code {{ $value
 * }}}, {@code {{ $labels.NAME }}} and {@code {{ $threshold }}} are filled in ({@link Template}).
 */
public record Rule(
        String name,
        String pack,
        Condition condition,
        Duration forDuration,
        Duration keepFiringFor,
        Severity severity,
        Labels labels,
        String summary,
        String description,
        String runbook,
        boolean enabled,
        Optional<Origin> origin,
        Optional<Context> context) {

    /**
     * A series whose newest value (joined on {@code on}) is shown in the alert's texts as {@code {{ $context }}},
     * with its labels as {@code {{ $context_labels.NAME }}}: what an idle GPU costs a day, for example.
     */
    public record Context(Selector series, java.util.List<String> on) {
        public Context {
            on = java.util.List.copyOf(on);
        }
    }

    public Rule(
            String name,
            String pack,
            Condition condition,
            Duration forDuration,
            Duration keepFiringFor,
            Severity severity,
            Labels labels,
            String summary,
            String description,
            String runbook,
            boolean enabled,
            Optional<Origin> origin) {
        this(
                name,
                pack,
                condition,
                forDuration,
                keepFiringFor,
                severity,
                labels,
                summary,
                description,
                runbook,
                enabled,
                origin,
                Optional.empty());
    }

    /** Where a rule was written: file and 1-based line. */
    public record Origin(Path file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(forDuration, "forDuration");
        Objects.requireNonNull(keepFiringFor, "keepFiringFor");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(labels, "labels");
        summary = summary == null ? "" : summary;
        description = description == null ? "" : description;
        runbook = runbook == null ? "" : runbook;
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(context, "context");
    }

    public boolean builtIn() {
        return !pack.isEmpty();
    }

    public Rule withContext(Context c) {
        return copy(condition, forDuration, keepFiringFor, severity, enabled, origin, Optional.of(c));
    }

    public Rule withEnabled(boolean on) {
        return copy(condition, forDuration, keepFiringFor, severity, on, origin, context);
    }

    public Rule withSeverity(Severity s) {
        return copy(condition, forDuration, keepFiringFor, s, enabled, origin, context);
    }

    public Rule withFor(Duration d) {
        return copy(condition, d, keepFiringFor, severity, enabled, origin, context);
    }

    public Rule withKeepFiringFor(Duration d) {
        return copy(condition, forDuration, d, severity, enabled, origin, context);
    }

    public Rule withCondition(Condition c) {
        return copy(c, forDuration, keepFiringFor, severity, enabled, origin, context);
    }

    public Rule withOrigin(Origin o) {
        return copy(condition, forDuration, keepFiringFor, severity, enabled, Optional.of(o), context);
    }

    private Rule copy(
            Condition c,
            Duration forD,
            Duration keep,
            Severity s,
            boolean on,
            Optional<Origin> o,
            Optional<Context> ctx) {
        return new Rule(name, pack, c, forD, keep, s, labels, summary, description, runbook, on, o, ctx);
    }
}
