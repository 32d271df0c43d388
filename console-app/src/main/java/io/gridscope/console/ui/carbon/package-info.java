/**
 * Carbon page: operational and embodied kgCO2e per group and day, facility energy, the intensity source of every
 * figure, comparison and drill-down; logic in {@link io.gridscope.console.ui.carbon.CarbonViewModel}, shared parts in
 * {@code ui.accounting}.
 */
package io.gridscope.console.ui.carbon;
