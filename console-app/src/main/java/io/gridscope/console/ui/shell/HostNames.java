package io.gridscope.console.ui.shell;

import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names hosts are shown by. A host's identity is its {@code host} label value; for an exporter source that is
 * the scraped instance ({@code 127.0.0.1:19100}), so such a host is shown by its source's id ({@code gpu-node-7})
 * instead, the instance staying as secondary text. A name that would be ambiguous is not used.
 */
public final class HostNames {
    private HostNames() {}

    /**
     * @param hostSources host → collector id of the source its data comes from
     * @return host → the name to show, for the hosts shown by another name than their label value
     */
    public static Map<String, String> of(Map<String, String> hostSources) {
        Map<String, Integer> hostsPerSource = new HashMap<>();
        hostSources.values().forEach(s -> hostsPerSource.merge(s, 1, Integer::sum));
        Map<String, String> names = new LinkedHashMap<>();
        hostSources.forEach((host, source) -> {
            if (!source.startsWith(ScrapeManager.COLLECTOR_ID_PREFIX) || hostsPerSource.get(source) != 1) {
                return;
            }
            String id = source.substring(ScrapeManager.COLLECTOR_ID_PREFIX.length());
            if (!id.isEmpty() && !id.equals(host) && !hostSources.containsKey(id)) {
                names.put(host, id);
            }
        });
        return names;
    }
}
