/**
 * Network &amp; Storage page: per-interface throughput and errors, per-disk throughput and IOPS, file system usage of
 * the shown host; logic in {@link io.gridscope.console.ui.netstorage.NetworkStorageViewModel}.
 */
package io.gridscope.console.ui.netstorage;
