package io.gridscope.console.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses JavaFX's rendering pipeline before the toolkit starts, where the default choice only costs memory.
 *
 * <p>On Linux, Prism tries OpenGL (ES2) first. On a machine with no GPU device at all (a server reached over X
 * forwarding, a VM without a virtual GPU, Xvfb) that probe loads Mesa's software OpenGL, whose LLVM alone stays 43
 * MiB resident, and then Prism renders in software anyway. Where no GPU device node exists ({@code /dev/dri/*},
 * {@code /dev/nvidia*}, WSL's {@code /dev/dxg}), the console asks for the software pipeline directly. A
 * {@code prism.order} given by the user is never changed.
 */
public final class RenderingPipeline {
    static final String PRISM_ORDER = "prism.order";

    private RenderingPipeline() {}

    /** Sets {@code prism.order=sw} where {@link #softwareOnly} says so; returns the reason, for the log. */
    public static Optional<String> choose() {
        if (System.getProperty(PRISM_ORDER) != null
                || !System.getProperty("os.name", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("linux")) {
            return Optional.empty();
        }
        if (!softwareOnly(Path.of("/dev"))) {
            return Optional.empty();
        }
        System.setProperty(PRISM_ORDER, "sw");
        return Optional.of("no GPU device under /dev (dri, nvidia, dxg): JavaFX renders in software without"
                + " probing OpenGL (set -Dprism.order=es2,sw to probe anyway)");
    }

    /** True when {@code dev} holds no GPU device node: no non-empty {@code dri/}, no {@code nvidia*}, no {@code dxg}. */
    static boolean softwareOnly(Path dev) {
        if (Files.exists(dev.resolve("dxg")) || nonEmptyDirectory(dev.resolve("dri"))) {
            return false;
        }
        try (var entries = Files.list(dev)) {
            return entries.noneMatch(p -> p.getFileName().toString().startsWith("nvidia"));
        } catch (java.io.IOException | SecurityException e) {
            return false; // cannot tell: keep JavaFX's own choice
        }
    }

    private static boolean nonEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException | SecurityException e) {
            return true; // cannot tell: assume a GPU and keep JavaFX's own choice
        }
    }
}
