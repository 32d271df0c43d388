/**
 * Hosts page: CPU total and per core, memory and load average of the shown host over the range; logic in
 * {@link io.gridscope.console.ui.hosts.HostsViewModel}.
 */
package io.gridscope.console.ui.hosts;
