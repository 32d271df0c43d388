package io.gridscope.console.app;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses JavaFX's rendering pipeline before the toolkit starts, where the default choice only costs memory.
 *
 * <p>On Linux, Prism tries OpenGL (ES2) first. On a machine with no GPU device at all (a server reached over X
 * forwarding, a VM without a virtual GPU, Xvfb) that probe loads Mesa's software OpenGL, whose LLVM alone stays 43
 * MiB resident, and then Prism renders in software anyway. Where no GPU device node exists ({@code /dev/dri/*},
 * {@code /dev/nvidia*}, WSL's {@code /dev/dxg}), the console asks for the software pipeline directly. A
 * {@code prism.order} given by the user is never changed.
 *
 * <p>When rendering is in software only (so chosen, or {@code -Dprism.order=sw} given), two things that exist for a
 * GPU are turned off, each unless the user set it:
 * <ul>
 *   <li>GTK's own OpenGL ({@code GDK_GL=disable}, set in this process before GTK starts): GTK loads Mesa and its
 *       LLVM when it starts, about 47 MiB resident, although Prism draws without it and no GTK widget of the console
 *       uses it (measured: 337 to 278 MiB after 3 minutes on the GPUs page, bench/console/README.md);
 *   <li>the region background cache ({@code prism.disableRegionCaching}): in software its texture is a permanent
 *       8 MiB array on the Java heap, and the backgrounds it caches are cheap to draw again.
 * </ul>
 */
public final class RenderingPipeline {
    static final String PRISM_ORDER = "prism.order";
    static final String REGION_CACHING = "prism.disableRegionCaching";
    static final String GDK_GL = "GDK_GL";

    private static final Logger log = LoggerFactory.getLogger(RenderingPipeline.class);

    private RenderingPipeline() {}

    /** Sets {@code prism.order=sw} where {@link #softwareOnly} says so, and the rest above; returns what it did. */
    public static List<String> choose() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return List.of();
        }
        return choose(Path.of("/dev"), System::getenv, RenderingPipeline::setenv);
    }

    /** Environment writes, for tests. */
    interface Setenv {
        boolean set(String name, String value);
    }

    static List<String> choose(Path dev, Function<String, String> getenv, Setenv setenv) {
        List<String> done = new ArrayList<>();
        String order = System.getProperty(PRISM_ORDER);
        if (order == null) {
            if (!softwareOnly(dev)) {
                return done;
            }
            System.setProperty(PRISM_ORDER, "sw");
            done.add("no GPU device under /dev (dri, nvidia, dxg): JavaFX renders in software without probing"
                    + " OpenGL (set -Dprism.order=es2,sw to probe anyway)");
        } else if (!order.strip().equalsIgnoreCase("sw")) {
            return done;
        }
        if (System.getProperty(REGION_CACHING) == null) {
            System.setProperty(REGION_CACHING, "true");
        }
        if (getenv.apply(GDK_GL) == null) {
            if (setenv.set(GDK_GL, "disable")) {
                done.add("software rendering: GTK's OpenGL is not loaded (GDK_GL=disable; set GDK_GL to keep it)");
            }
        }
        return done;
    }

    /** libc's {@code setenv}, which GTK reads when it starts in this process; false when it cannot be called. */
    static boolean setenv(String name, String value) {
        String problem;
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle setenv = linker.downcallHandle(
                    linker.defaultLookup().find("setenv").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
                if (rc == 0) {
                    return true;
                }
                problem = "setenv returned " + rc;
            }
        } catch (Throwable e) {
            problem = e.toString();
        }
        log.warn("cannot set {}={} for GTK ({}); GTK loads OpenGL", name, value, problem);
        return false;
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
