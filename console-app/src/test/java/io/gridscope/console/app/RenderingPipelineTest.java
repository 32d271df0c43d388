package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
            assertThat(RenderingPipeline.choose(Path.of("/nonexistent-dev"), name -> null, (n, v) -> {
                        throw new AssertionError("setenv " + n);
                    }))
                    .isEmpty();
            assertThat(System.getProperty(RenderingPipeline.REGION_CACHING)).isNull();
            assertThat(System.getProperty(RenderingPipeline.PRISM_ORDER)).isEqualTo("es2");
        } finally {
            if (before == null) {
                System.clearProperty(RenderingPipeline.PRISM_ORDER);
            } else {
                System.setProperty(RenderingPipeline.PRISM_ORDER, before);
            }
        }
    }

    /** Runs {@code body} with prism.order and prism.disableRegionCaching as given, restoring them after. */
    private static void withProperties(String order, Runnable body) {
        String beforeOrder = System.getProperty(RenderingPipeline.PRISM_ORDER);
        String beforeCaching = System.getProperty(RenderingPipeline.REGION_CACHING);
        try {
            System.clearProperty(RenderingPipeline.REGION_CACHING);
            if (order == null) {
                System.clearProperty(RenderingPipeline.PRISM_ORDER);
            } else {
                System.setProperty(RenderingPipeline.PRISM_ORDER, order);
            }
            body.run();
        } finally {
            restore(RenderingPipeline.PRISM_ORDER, beforeOrder);
            restore(RenderingPipeline.REGION_CACHING, beforeCaching);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void softwareRenderingTurnsOffGtksOpenGlAndTheRegionCache(@TempDir Path dev) {
        withProperties(null, () -> {
            Map<String, String> set = new HashMap<>();
            List<String> done = RenderingPipeline.choose(dev, name -> null, (n, v) -> set.put(n, v) == null);
            assertThat(System.getProperty(RenderingPipeline.PRISM_ORDER)).isEqualTo("sw");
            assertThat(System.getProperty(RenderingPipeline.REGION_CACHING)).isEqualTo("true");
            assertThat(set).containsExactly(Map.entry("GDK_GL", "disable"));
            assertThat(done).hasSize(2);
            assertThat(done.get(1)).contains("GDK_GL=disable");
        });
    }

    @Test
    void softwareRenderingAskedForByTheUserGetsTheSameButTheirGdkGlStays(@TempDir Path dev) throws Exception {
        Files.createDirectory(dev.resolve("dri"));
        Files.createFile(dev.resolve("dri/renderD128")); // a GPU, but the user asked for software anyway
        withProperties("sw", () -> {
            List<String> done =
                    RenderingPipeline.choose(dev, name -> name.equals("GDK_GL") ? "always" : null, (n, v) -> {
                        throw new AssertionError("setenv " + n + " over the user's value");
                    });
            assertThat(done).isEmpty();
            assertThat(System.getProperty(RenderingPipeline.REGION_CACHING)).isEqualTo("true");
        });
    }

    @Test
    void aGpuLeavesEverythingToJavaFx(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("nvidia0"));
        withProperties(null, () -> {
            assertThat(RenderingPipeline.choose(dev, name -> null, (n, v) -> {
                        throw new AssertionError("setenv " + n);
                    }))
                    .isEmpty();
            assertThat(System.getProperty(RenderingPipeline.PRISM_ORDER)).isNull();
            assertThat(System.getProperty(RenderingPipeline.REGION_CACHING)).isNull();
        });
    }

    @Test
    void setenvReachesWhatNativeCodeReads() throws Throwable {
        String name = "GRIDSCOPE_RENDERING_PIPELINE_TEST";
        assertThat(nativeGetenv(name)).isNull();
        assertThat(RenderingPipeline.setenv(name, "disable")).isTrue();
        assertThat(nativeGetenv(name)).isEqualTo("disable");
    }

    /** libc's {@code getenv}: what this process's native code sees (Java's {@link System#getenv} is a copy). */
    private static String nativeGetenv(String name) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle getenv = linker.downcallHandle(
                linker.defaultLookup().find("getenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL)
                    ? null
                    : value.reinterpret(4096).getString(0);
        }
    }
}
