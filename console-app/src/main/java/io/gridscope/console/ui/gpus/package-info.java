/**
 * GPUs page: per-GPU table (health, PCIe link), MIG instances, per-GPU charts and the process table of the shown
 * host; logic in {@link io.gridscope.console.ui.gpus.GpuViewModel}. Also builds the Overview's compact GPU section.
 */
package io.gridscope.console.ui.gpus;
