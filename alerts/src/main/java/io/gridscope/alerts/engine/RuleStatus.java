package io.gridscope.alerts.engine;

/**
 * How a rule did at its last evaluation. {@code NO_DATA}: none of the series it reads exists (or none has a sample in
 * its window), so it cannot fire; that is shown, never taken for "all quiet". {@code seriesSeen}: how many series
 * it evaluated; {@code active}: how many of those are pending or firing.
 */
public record RuleStatus(
        String rule, Health health, String detail, int seriesSeen, int active, long evaluatedAtMillis) {
    public enum Health {
        OK,
        NO_DATA,
        DISABLED,
        ERROR
    }
}
