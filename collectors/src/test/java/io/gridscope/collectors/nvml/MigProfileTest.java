package io.gridscope.collectors.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MigProfileTest {
    @Test
    void profileIsReadFromTheNameNvmlGivesAMigHandle() {
        assertThat(GpuInfo.MigInfo.parseProfile("NVIDIA A100-SXM4-40GB MIG 1g.5gb"))
                .hasValue("1g.5gb");
        assertThat(GpuInfo.MigInfo.parseProfile("NVIDIA H100 80GB HBM3 MIG 1c.3g.40gb"))
                .hasValue("1c.3g.40gb");
        assertThat(GpuInfo.MigInfo.parseProfile("NVIDIA H100 80GB HBM3 MIG 1g.10gb+me"))
                .hasValue("1g.10gb+me");
        assertThat(GpuInfo.MigInfo.parseProfile("MIG 7g.80gb")).hasValue("7g.80gb");
    }

    @Test
    void aNameWithoutAProfileGivesNone() {
        assertThat(GpuInfo.MigInfo.parseProfile("NVIDIA H100 80GB HBM3")).isEmpty();
        assertThat(GpuInfo.MigInfo.parseProfile("SMIG 1g.5gb")).isEmpty();
        assertThat(new GpuInfo.MigInfo(
                                "MIG-x",
                                OptionalLong.empty(),
                                OptionalLong.empty(),
                                OptionalLong.empty(),
                                Optional.empty())
                        .profile())
                .isEmpty();
    }
}
