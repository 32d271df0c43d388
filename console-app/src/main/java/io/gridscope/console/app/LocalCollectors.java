package io.gridscope.console.app;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.host.HostCollectors;
import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.nvml.NvmlCollector;
import java.util.ArrayList;
import java.util.List;

/** The collectors that read this machine directly. One place, so the console and the CLI collect the same things. */
public final class LocalCollectors {
    private LocalCollectors() {}

    /**
     * The OSHI host collectors (CPU/memory/load/sensors, network, disks, file systems) and the NVML GPU collector.
     * On a machine without an NVIDIA driver the GPU collector reports itself UNAVAILABLE with the reason and retries
     * with backoff; the others run regardless.
     */
    public static List<Collector> create(HostIdentity host) {
        List<Collector> all = new ArrayList<>(HostCollectors.create(host));
        all.add(new NvmlCollector(host));
        return List.copyOf(all);
    }
}
