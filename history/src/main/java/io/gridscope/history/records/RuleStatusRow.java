package io.gridscope.history.records;

/** A rule's health as the evaluating process last wrote it ({@code alert_rule_status}). */
public record RuleStatusRow(String rule, String health, String detail, int series, int active, long evaluatedMillis) {}
