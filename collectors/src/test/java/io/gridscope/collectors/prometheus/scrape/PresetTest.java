package io.gridscope.collectors.prometheus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.ExpositionHandler;
import io.gridscope.collectors.prometheus.exposition.ExpositionParser;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PresetTest {
    private static final ScrapeTarget NODE = ScrapeTarget.builder("node", URI.create("http://10.0.0.7:9100/metrics"))
            .build();

    private static ScrapeResult result(long epochMillis, String text) throws Exception {
        List<ParsedSample> samples = new ArrayList<>();
        new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT)
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), (ExpositionHandler)
                        samples::add);
        return new ScrapeResult(
                "node", epochMillis, 1, ExpositionFormat.PROMETHEUS_TEXT, text.length(), List.of(), samples);
    }

    private static String node(double idle0, double user0, double idle1, double user1, double rx) {
        return """
                # TYPE node_cpu_seconds_total counter
                node_cpu_seconds_total{cpu="0",mode="idle"} %s
                node_cpu_seconds_total{cpu="0",mode="iowait"} 0
                node_cpu_seconds_total{cpu="0",mode="user"} %s
                node_cpu_seconds_total{cpu="1",mode="idle"} %s
                node_cpu_seconds_total{cpu="1",mode="user"} %s
                # TYPE node_memory_MemTotal_bytes gauge
                node_memory_MemTotal_bytes 1000
                node_memory_MemAvailable_bytes 400
                node_memory_SwapTotal_bytes 100
                node_memory_SwapFree_bytes 100
                node_network_receive_bytes_total{device="eth0"} %s
                node_network_receive_errs_total{device="eth0"} %s
                node_disk_read_bytes_total{device="nvme0n1"} %s
                node_disk_writes_completed_total{device="nvme0n1"} %s
                node_filesystem_size_bytes{device="/dev/nvme0n1p2",fstype="ext4",mountpoint="/"} 1000
                node_filesystem_avail_bytes{device="/dev/nvme0n1p2",fstype="ext4",mountpoint="/"} 300
                node_filesystem_free_bytes{device="/dev/nvme0n1p2",fstype="ext4",mountpoint="/"} 350
                node_filesystem_device_error{device="/dev/nvme0n1p2",fstype="ext4",mountpoint="/"} 0
                node_filesystem_size_bytes{device="gvfsd-fuse",fstype="fuse",mountpoint="/run/user/1000/gvfs"} 0
                node_filesystem_device_error{device="gvfsd-fuse",fstype="fuse",mountpoint="/run/user/1000/gvfs"} 1
                node_load1 0.5
                """.formatted(idle0, user0, idle1, user1, rx, rx / 1000, rx * 2, rx / 100);
    }

    private static Map<String, Double> byId(List<Sample> samples) {
        return samples.stream().collect(Collectors.toMap(s -> s.series().toString(), Sample::value));
    }

    @Test
    void nodeExporterMapsOntoTheLocalHostSeries() throws Exception {
        ScrapePreset preset = ScrapePreset.create(ScrapePreset.Kind.NODE_EXPORTER);
        Map<String, Double> first = byId(preset.map(NODE, result(1_000, node(10, 10, 10, 10, 1000))));
        assertThat(first)
                .containsEntry("host_memory_total_bytes{host=\"10.0.0.7:9100\"}", 1000.0)
                .containsEntry("host_memory_used_bytes{host=\"10.0.0.7:9100\"}", 600.0)
                .containsEntry("host_swap_used_bytes{host=\"10.0.0.7:9100\"}", 0.0)
                .containsEntry("host_load_average{host=\"10.0.0.7:9100\",window=\"1m\"}", 0.5);
        assertThat(first.keySet())
                .noneMatch(k -> k.startsWith("host_cpu") || k.startsWith("host_network") || k.startsWith("host_disk"));
        String root = "{device=\"/dev/nvme0n1p2\",fstype=\"ext4\",host=\"10.0.0.7:9100\",mountpoint=\"/\"}";
        assertThat(first)
                .containsEntry("host_filesystem_size_bytes" + root, 1000.0)
                .containsEntry("host_filesystem_available_bytes" + root, 300.0)
                .containsEntry("host_filesystem_used_bytes" + root, 650.0);
        assertThat(first.keySet())
                .as("a mount node_exporter could not read is left out")
                .noneMatch(k -> k.contains("gvfs"));

        Map<String, Double> second = byId(preset.map(NODE, result(3_000, node(11, 13, 12, 12, 3000))));
        assertThat(second.get("host_cpu_utilization_ratio{cpu=\"0\",host=\"10.0.0.7:9100\"}"))
                .isEqualTo(0.75);
        assertThat(second.get("host_cpu_utilization_ratio{cpu=\"1\",host=\"10.0.0.7:9100\"}"))
                .isEqualTo(0.5);
        assertThat(second.get("host_cpu_utilization_ratio{cpu=\"total\",host=\"10.0.0.7:9100\"}"))
                .isEqualTo(5.0 / 8);
        assertThat(second.get("host_network_receive_bytes_per_second{host=\"10.0.0.7:9100\",interface=\"eth0\"}"))
                .isEqualTo(1000.0);
        assertThat(second.get("host_network_receive_errors_per_second{host=\"10.0.0.7:9100\",interface=\"eth0\"}"))
                .isEqualTo(1.0);
        assertThat(second.get("host_disk_read_bytes_per_second{disk=\"nvme0n1\",host=\"10.0.0.7:9100\"}"))
                .isEqualTo(2000.0);
        assertThat(second.get("host_disk_writes_per_second{disk=\"nvme0n1\",host=\"10.0.0.7:9100\"}"))
                .isEqualTo(10.0);
    }

    @Test
    void counterResetsNeverGiveNegativeRates() throws Exception {
        ScrapePreset preset = ScrapePreset.create(ScrapePreset.Kind.NODE_EXPORTER);
        preset.map(NODE, result(1_000, node(100, 100, 100, 100, 5000)));
        Map<String, Double> afterReboot = byId(preset.map(NODE, result(2_000, node(1, 1, 100, 101, 200))));
        assertThat(afterReboot).doesNotContainKey("host_cpu_utilization_ratio{cpu=\"0\",host=\"10.0.0.7:9100\"}");
        assertThat(afterReboot.get("host_cpu_utilization_ratio{cpu=\"1\",host=\"10.0.0.7:9100\"}"))
                .isEqualTo(1.0);
        assertThat(afterReboot.get("host_network_receive_bytes_per_second{host=\"10.0.0.7:9100\",interface=\"eth0\"}"))
                .isEqualTo(200.0);
    }

    @Test
    void counterRatesFollowThePrometheusResetRule() {
        CounterRates rates = new CounterRates();
        assertThat(rates.ratePerSecond("k", 10, 0)).isEmpty();
        assertThat(rates.ratePerSecond("k", 30, 2_000)).hasValue(10.0);
        assertThat(rates.wouldReset("k", 5)).isTrue();
        assertThat(rates.increase("k", 5, 3_000)).hasValue(5.0);
        assertThat(rates.increase("k", 6, 3_000)).isEmpty();
    }

    @Test
    void dcgmExporterIsKeyedByGpuUuidAndDropsBlanks() throws Exception {
        String text = """
                # HELP DCGM_FI_DEV_POWER_USAGE Power draw (in W).
                # TYPE DCGM_FI_DEV_POWER_USAGE gauge
                DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-aaaa",device="nvidia0",modelName="NVIDIA H100",Hostname="gpu1"} 312.5
                DCGM_FI_DEV_POWER_USAGE{gpu="1",UUID="GPU-bbbb",device="nvidia1",modelName="NVIDIA H100",Hostname="gpu1"} 9223372036854775794
                # TYPE DCGM_FI_DEV_GPU_UTIL gauge
                DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-aaaa",Hostname="gpu1"} 87
                DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-bbbb",Hostname="gpu1",GPU_I_ID="3"} 2147483632
                # TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter
                DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-aaaa",Hostname="gpu1"} 123456789
                DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-aaaa",Hostname="gpu1"} 1024
                DCGM_FI_DEV_GPU_TEMP{gpu="1",UUID="GPU-bbbb",Hostname="gpu1"} 140737488355328
                DCGM_FI_DEV_SM_CLOCK{gpu="1",UUID="GPU-bbbb",Hostname="gpu1",GPU_I_ID="3"} 1980
                DCGM_FI_DEV_XID_ERRORS{gpu="0",UUID="GPU-aaaa",Hostname="gpu1"} 79
                """;
        List<Sample> samples =
                ScrapePreset.create(ScrapePreset.Kind.DCGM_EXPORTER).map(NODE, result(5_000, text));
        Map<String, Double> m = byId(samples);
        assertThat(m)
                .containsOnlyKeys(
                        "gpu_power_watts{gpu_uuid=\"GPU-aaaa\",host=\"gpu1\"}",
                        "gpu_utilization_ratio{gpu_uuid=\"GPU-aaaa\",host=\"gpu1\"}",
                        "gpu_energy_joules_total{gpu_uuid=\"GPU-aaaa\",host=\"gpu1\"}",
                        "gpu_memory_used_bytes{gpu_uuid=\"GPU-aaaa\",host=\"gpu1\"}",
                        "gpu_sm_clock_hertz{gpu_uuid=\"GPU-bbbb\",host=\"gpu1\",mig_instance=\"3\"}");
        assertThat(m.get("gpu_utilization_ratio{gpu_uuid=\"GPU-aaaa\",host=\"gpu1\"}"))
                .isEqualTo(0.87);
        assertThat(m.get("gpu_energy_joules_total{gpu_uuid=\"GPU-aaaa\",host=\"gpu1\"}"))
                .isEqualTo(123456.789);
        assertThat(m.get("gpu_memory_used_bytes{gpu_uuid=\"GPU-aaaa\",host=\"gpu1\"}"))
                .isEqualTo(1024.0 * 1048576);
        assertThat(samples)
                .filteredOn(s -> s.series().metric().equals("gpu_energy_joules_total"))
                .allMatch(s -> s.series().kind() == MetricKind.COUNTER);
    }

    @Test
    void dcgmBlankSentinelsAreRecognised() {
        assertThat(DcgmBlanks.isBlank(9223372036854775794.0)).isTrue();
        assertThat(DcgmBlanks.isBlank(9.2e18)).isTrue();
        assertThat(DcgmBlanks.isBlank(2147483632)).isTrue();
        assertThat(DcgmBlanks.isBlank(2147483635)).isTrue();
        assertThat(DcgmBlanks.isBlank(140737488355328.0)).isTrue();
        assertThat(DcgmBlanks.isBlank(Double.NaN)).isTrue();
        assertThat(DcgmBlanks.isBlank(2147483631)).isFalse();
        assertThat(DcgmBlanks.isBlank(0)).isFalse();
        assertThat(DcgmBlanks.isBlank(700.5)).isFalse();
    }

    @Test
    void rawKeepsFiniteSamplesWithInstance() throws Exception {
        List<Sample> samples = ScrapePreset.create(ScrapePreset.Kind.RAW).map(NODE, result(1, """
                # TYPE x_total counter
                x_total{a="b"} 3
                y NaN
                """));
        assertThat(samples).singleElement().satisfies(s -> {
            assertThat(s.series().labels()).isEqualTo(Labels.of("a", "b", "instance", "10.0.0.7:9100"));
            assertThat(s.series().kind()).isEqualTo(MetricKind.COUNTER);
        });
    }
}
