package io.gridscope.collectors.nvml;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Objects;

/**
 * Loads the NVML shared library through JNA, once per JVM for the default location.
 *
 * <p>The library is {@code libnvidia-ml.so.1} on Linux and {@code nvml.dll} on Windows, found on the usual search
 * path (and {@code jna.library.path}). The system property {@value #LIBRARY_PROPERTY} overrides it with a name or an
 * absolute path (tests point it at the fake library). A library that cannot be loaded is an outcome, not an error:
 * {@link Result#reason()} says why in words the status bar and {@code ./gridscope nvml-info} show as they are.
 *
 * <p>Thread safety: {@link #shared()} is lazily initialised by the JVM's class-holder idiom; results are immutable.
 */
public final class NvmlLoader {
    /** System property naming the NVML library (file name or absolute path). */
    public static final String LIBRARY_PROPERTY = "gridscope.nvml.library";

    /** What loading produced: an API, or the reason there is none. */
    public record Result(NvmlApi api, String library, String reason) {
        public boolean available() {
            return api != null;
        }
    }

    private NvmlLoader() {}

    private static final class Holder {
        static final Result SHARED = load(defaultLibrary());
    }

    /** The library named by {@value #LIBRARY_PROPERTY}, else the platform's NVML library name. */
    public static String defaultLibrary() {
        String configured = System.getProperty(LIBRARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return Platform.isWindows() ? "nvml" : "libnvidia-ml.so.1";
    }

    /** The process-wide result for {@link #defaultLibrary()}; loaded on first use. */
    public static Result shared() {
        return Holder.SHARED;
    }

    /** Loads a specific library now. Never throws for a missing or broken library. */
    public static Result load(String library) {
        Objects.requireNonNull(library, "library");
        try {
            NvmlNative nvml = Native.load(library, NvmlNative.class);
            return new Result(new JnaNvmlApi(nvml, System::nanoTime), library, "");
        } catch (UnsatisfiedLinkError e) {
            return new Result(
                    null,
                    library,
                    "NVIDIA driver not found: " + library + " could not be loaded (" + firstLine(e.getMessage()) + ")");
        }
    }

    /** JNA's message starts "Unable to load library 'x':" and gives the loader's reason on the next line. */
    static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "no detail";
        }
        String[] lines = s.strip().split("\\R");
        String line = lines[0].strip();
        if (line.endsWith(":") && lines.length > 1 && !lines[1].isBlank()) {
            line = lines[1].strip();
        }
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
