package io.gridscope.collectors.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvmlPureLogicTest {
    @Test
    void clockEventReasonsDecodeNamedFlags() {
        assertThat(ClockEventReason.decode(0)).isEmpty();
        assertThat(ClockEventReason.decode(0x4L | 0x40L | 0x100L))
                .containsExactlyInAnyOrder(
                        ClockEventReason.SW_POWER_CAP,
                        ClockEventReason.HW_THERMAL_SLOWDOWN,
                        ClockEventReason.DISPLAY_CLOCK_SETTING);
        assertThat(ClockEventReason.decode(0x8000_0000L))
                .as("unknown bits ignored")
                .isEmpty();
        assertThat(ClockEventReason.HW_POWER_BRAKE_SLOWDOWN.label()).isEqualTo("hw_power_brake_slowdown");
    }

    @Test
    void initFailuresHaveActionableReasons() {
        assertThat(NvmlCollector.initFailureReason(new NvmlException("nvmlInit_v2", 18)))
                .contains("version mismatch")
                .contains("reboot");
        assertThat(NvmlCollector.initFailureReason(new NvmlException("nvmlInit_v2", 4)))
                .contains("permission");
        assertThat(NvmlCollector.initFailureReason(new NvmlException("nvmlInit_v2", 999)))
                .isEqualTo("NVML initialisation failed: NVML_ERROR_UNKNOWN");
    }

    @Test
    void returnCodesMapToAbsent() {
        assertThat(NvmlReturn.meansAbsent(NvmlReturn.NOT_SUPPORTED)).isTrue();
        assertThat(NvmlReturn.meansAbsent(NvmlReturn.FUNCTION_NOT_FOUND)).isTrue();
        assertThat(NvmlReturn.meansAbsent(NvmlReturn.GPU_IS_LOST)).isFalse();
        assertThat(new NvmlException("f", NvmlReturn.GPU_IS_LOST).gpuLost()).isTrue();
        assertThat(NvmlReturn.name(15)).isEqualTo("NVML_ERROR_GPU_IS_LOST");
    }
}
