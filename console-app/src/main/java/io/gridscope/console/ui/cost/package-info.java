/**
 * Cost page: cost per group and day, by component (amortisation, electricity, cloud, fallback), idle cost, budgets
 * with their forecast, comparison with the previous period and drill-down; logic in {@link
 * io.gridscope.console.ui.cost.CostViewModel}, shared parts in {@code ui.accounting}.
 */
package io.gridscope.console.ui.cost;
