package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Software rendering is asked for only where /dev shows no GPU at all, and never over the user's own choice. */
class RenderingPipelineTest {
    @Test
    void noGpuDeviceNodeMeansSoftwareRendering(@TempDir Path dev) throws Exception {
        assertThat(RenderingPipeline.softwareOnly(dev)).isTrue();
        Files.createDirectory(dev.resolve("dri"));
        Files.createFile(dev.resolve("null"));
        assertThat(RenderingPipeline.softwareOnly(dev))
                .as("an empty dri directory")
                .isTrue();
    }

    @Test
    void anyGpuDeviceNodeKeepsJavaFxsOwnChoice(@TempDir Path root) throws Exception {
        Path dri = Files.createDirectories(root.resolve("a/dri"));
        Files.createFile(dri.resolve("renderD128"));
        assertThat(RenderingPipeline.softwareOnly(root.resolve("a"))).isFalse();
        Path nvidia = Files.createDirectories(root.resolve("b"));
        Files.createFile(nvidia.resolve("nvidia0"));
        assertThat(RenderingPipeline.softwareOnly(nvidia)).isFalse();
        Path wsl = Files.createDirectories(root.resolve("c"));
        Files.createFile(wsl.resolve("dxg"));
        assertThat(RenderingPipeline.softwareOnly(wsl)).isFalse();
    }

    @Test
    void aPipelineTheUserChoseIsLeftAlone() {
        String before = System.getProperty(RenderingPipeline.PRISM_ORDER);
        try {
            System.setProperty(RenderingPipeline.PRISM_ORDER, "es2");
            assertThat(RenderingPipeline.choose()).isEmpty();
            assertThat(System.getProperty(RenderingPipeline.PRISM_ORDER)).isEqualTo("es2");
        } finally {
            if (before == null) {
                System.clearProperty(RenderingPipeline.PRISM_ORDER);
            } else {
                System.setProperty(RenderingPipeline.PRISM_ORDER, before);
            }
        }
    }
}
