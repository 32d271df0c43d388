package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import java.util.List;

/** Every OSHI-based collector of this machine, in one list so the console and the CLI register the same set. */
public final class HostCollectors {
    private HostCollectors() {}

    /**
     * CPU/memory/load/sensors, network, disks, file systems and CPU/DRAM energy (RAPL); each a separate collector
     * with its own status (RAPL is UNAVAILABLE, with the reason, where powercap is missing or root-only).
     */
    public static List<Collector> create(HostIdentity host) {
        return List.of(
                new HostCpuMemoryCollector(host),
                new HostNetworkCollector(host),
                new HostDiskCollector(host),
                new HostFileSystemCollector(host),
                new RaplEnergyCollector(host));
    }
}
