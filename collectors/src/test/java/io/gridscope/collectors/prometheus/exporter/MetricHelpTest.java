package io.gridscope.collectors.prometheus.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.host.HostDiskCollector;
import io.gridscope.collectors.host.HostFileSystemCollector;
import io.gridscope.collectors.host.HostNetworkCollector;
import io.gridscope.collectors.host.RaplEnergyCollector;
import io.gridscope.collectors.nvml.NvmlCollector;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.collectors.scheduler.CollectorScheduler;
import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricHelpTest {
    /** Every metric name a collector declares (its public String constants that are series, not ids or events). */
    private static List<String> declaredMetrics() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Class<?> c : List.of(
                HostCpuMemoryCollector.class,
                HostNetworkCollector.class,
                HostDiskCollector.class,
                HostFileSystemCollector.class,
                RaplEnergyCollector.class,
                NvmlCollector.class,
                ScrapeManager.class,
                CollectorScheduler.class)) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && f.getType() == String.class
                        && !f.getName().equals("ID")
                        && !f.getName().startsWith("EVENT_")
                        && !f.getName().endsWith("_PREFIX")) {
                    names.add((String) f.get(null));
                }
            }
        }
        return names;
    }

    @Test
    void everyDeclaredMetricSaysWhatItMeans() throws Exception {
        List<String> metrics = declaredMetrics();
        assertThat(metrics).hasSizeGreaterThan(60).contains("host_cpu_utilization_ratio", "gpu_power_watts");
        assertThat(metrics)
                .allSatisfy(m -> assertThat(MetricHelp.meaning(m))
                        .as(m)
                        .hasValueSatisfying(text -> assertThat(text).matches("[A-Z0-9].{15,}\\.")));
    }

    @Test
    void anUnknownMetricStillGetsAHelpLine() {
        assertThat(MetricHelp.of(SeriesId.gauge("rack_inlet_temperature_celsius", Unit.CELSIUS, Labels.EMPTY)))
                .isEqualTo("Gauge collected by Gridscope, in celsius.");
    }
}
