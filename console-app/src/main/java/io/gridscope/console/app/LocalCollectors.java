package io.gridscope.console.app;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.host.HostIdentity;
import java.util.List;

/** The collectors that read this machine directly. One place, so the console and the CLI collect the same things. */
public final class LocalCollectors {
    private LocalCollectors() {}

    public static List<Collector> create(HostIdentity host) {
        return List.of(new HostCpuMemoryCollector(host));
    }
}
