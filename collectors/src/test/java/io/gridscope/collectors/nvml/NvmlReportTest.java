package io.gridscope.collectors.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvmlReportTest {
    @Test
    void reportsDevicesFactsAndSupportedFieldsFromTheFake() {
        FakeNvml.library();
        FakeNvml.write(FakeNvml.threeGpus());
        NvmlReport report = NvmlReport.inspect(
                FakeNvml.HOST, () -> NvmlLoader.load(FakeNvml.library().toString()));
        assertThat(report.available()).isTrue();
        assertThat(report.devices()).hasSize(3);
        String text = report.toText();
        assertThat(text)
                .contains("Driver: 590.48.01")
                .contains("CUDA driver API: 13.1")
                .contains("GPU 0: NVIDIA H100 80GB HBM3")
                .contains("memory_total_bytes           85520809984")
                .contains("MIG MIG-aaaaaaaa-0000-5000-8000-000000000001")
                .contains("fan (NVML_ERROR_NOT_SUPPORTED)");
        String json = report.toJson();
        assertThat(json)
                .startsWith("{\"available\":true,")
                .contains("\"reason\":null")
                .contains("\"memory_total_bytes\":85520809984")
                .contains("\"mig_enabled\":true")
                .contains("\"serial\":null")
                .contains("\"energy\":\"supported\"")
                .contains("\"power_limit_min_watts\":200.0");
    }

    @Test
    void missingLibraryIsAReportNotAnError() {
        NvmlReport report = NvmlReport.inspect(FakeNvml.HOST, () -> NvmlLoader.load("/nonexistent/libnvidia-ml.so.1"));
        assertThat(report.available()).isFalse();
        assertThat(report.toText())
                .startsWith("NVML unavailable: NVIDIA driver not found: "
                        + "/nonexistent/libnvidia-ml.so.1 could not be loaded");
        assertThat(report.toJson())
                .startsWith("{\"available\":false,\"library\":\"/nonexistent/libnvidia-ml.so.1\","
                        + "\"reason\":\"NVIDIA driver not found")
                .endsWith("\"devices\":[]}");
    }

    @Test
    void initFailureIsReportedWithItsReason() {
        FakeNvml.library();
        FakeNvml.write(FakeNvml.set(FakeNvml.threeGpus(), "init", "18"));
        NvmlReport report = NvmlReport.inspect(
                FakeNvml.HOST, () -> NvmlLoader.load(FakeNvml.library().toString()));
        assertThat(report.available()).isFalse();
        assertThat(report.reason()).contains("version mismatch");
    }
}
