/**
 * Accounting over the stored history: energy, carbon and cost per GPU, host, user, team and site, with the method
 * of every figure; budgets; and the reports built from them. Reads history through its query API; no JavaFX, no
 * collectors.
 */
package io.gridscope.reports;
