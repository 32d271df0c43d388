package io.gridscope.collectors.nvml;

import static org.assertj.core.api.Assertions.fail;

import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.host.ProcessDetailsReader;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.testsupport.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The fake libnvidia-ml.so.1 built from src/test/c/fake-nvml by the test build, and its scenario file. Without the
 * library (no gcc), tests skip outside CI and fail under CI=true.
 *
 * <p>Public for the tests of other modules (the alert rules run on it), through this module's test-jar: such a
 * module builds the library with src/test/c/fake-nvml/build.sh and gives surefire the same system property
 * {@code gridscope.test.fakeNvml} and environment variable {@code FAKE_NVML_SCENARIO}.
 */
public final class FakeNvml {
    public static final HostIdentity HOST = new HostIdentity("gpu-node-1", Optional.empty());

    private FakeNvml() {}

    public static Path library() {
        String property = System.getProperty("gridscope.test.fakeNvml");
        Path lib = property == null ? null : Path.of(property);
        boolean present = lib != null && Files.isRegularFile(lib);
        if (!present) {
            String why = "fake NVML library not built (" + property + "); install gcc to run the NVML tests";
            throw Requirements.unavailable(why);
        }
        return lib;
    }

    static Path scenarioFile() {
        String env = System.getenv("FAKE_NVML_SCENARIO");
        if (env == null) {
            fail("FAKE_NVML_SCENARIO is not set; run the tests through Maven (surefire sets it)");
        }
        return Path.of(env);
    }

    /** The three-GPU scenario with this JVM's PID substituted, so /proc lookups find a real process. */
    public static String threeGpus() {
        try (InputStream in = FakeNvml.class.getResourceAsStream("/fake-nvml/three-gpus.scenario")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("@PID@", Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the scenario atomically: the fake re-reads it on its next call. */
    public static void write(String scenario) {
        Path file = scenarioFile();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "scenario", ".tmp");
            Files.writeString(tmp, scenario, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value in a scenario replaced: {@code set(s, "gpu.1.lost", "1")} adds or overrides the key. */
    public static String set(String scenario, String key, String value) {
        StringBuilder sb = new StringBuilder();
        boolean replaced = false;
        for (String line : scenario.split("\n", -1)) {
            if (line.startsWith(key + "=")) {
                if (!replaced) {
                    sb.append(key).append('=').append(value).append('\n');
                    replaced = true;
                }
            } else if (!line.isEmpty()) {
                sb.append(line).append('\n');
            }
        }
        if (!replaced) {
            sb.append(key).append('=').append(value).append('\n');
        }
        return sb.toString();
    }

    /**
     * A collector on the fake library that reads time from {@code clock} (its events are stamped with it) and runs
     * no event thread: events reach its next snapshot through {@link #pollEvents}.
     */
    public static NvmlCollector collector(Clock clock, int eventWaitMillis) {
        NvmlLoader.Result result = NvmlLoader.load(library().toString());
        if (!result.available()) {
            fail("the fake library did not load: " + result.reason());
        }
        return new NvmlCollector(HOST, () -> result, clock, null, eventWaitMillis);
    }

    /** Waits once for an event of the fake (a scenario's {@code event=} line); whether one arrived. */
    public static boolean pollEvents(NvmlCollector collector, int timeoutMillis) throws NvmlException {
        return collector.pollEvents(timeoutMillis);
    }

    static NvmlCollector collector(int eventWaitMillis) {
        return collector(eventWaitMillis, new ProcessDetailsReader());
    }

    /** A collector that reads process owners and containers through {@code processes} (a fake /proc). */
    static NvmlCollector collector(int eventWaitMillis, ProcessDetailsReader processes) {
        NvmlLoader.Result result = NvmlLoader.load(library().toString());
        if (!result.available()) {
            fail("the fake library did not load: " + result.reason());
        }
        return new NvmlCollector(HOST, () -> result, Clock.systemUTC(), null, eventWaitMillis, processes);
    }

    /** A scenario without any line of {@code key} (a repeatable key such as {@code gpu.0.proc}). */
    public static String without(String scenario, String key) {
        StringBuilder sb = new StringBuilder();
        for (String line : scenario.split("\n", -1)) {
            if (!line.startsWith(key + "=") && !line.isEmpty()) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /** The value of the series with exactly these labels. */
    public static OptionalDouble value(Snapshot s, String metric, Labels labels) {
        List<Sample> found = s.samples().stream()
                .filter(x -> x.series().metric().equals(metric)
                        && x.series().labels().equals(labels))
                .toList();
        if (found.size() > 1) {
            fail("more than one " + metric + labels + ": " + found);
        }
        return found.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(found.getFirst().value());
    }

    static List<Sample> samples(Snapshot s, String metric, Labels subset) {
        return s.samples().stream()
                .filter(x -> x.series().metric().equals(metric)
                        && x.series().labels().containsAll(subset))
                .toList();
    }

    public static Labels gpu(String uuid) {
        return Labels.of("host", HOST.hostname(), "gpu_uuid", uuid);
    }
}
