package io.gridscope.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end with a time limit; its output (stdout and stderr together) kept whole. */
record Cmd(List<String> argv, int exit, String output) {
    static Cmd run(Duration timeout, Map<String, String> env, String... argv) {
        return run(timeout, env, null, argv);
    }

    static Cmd run(Duration timeout, Map<String, String> env, Path dir, String... argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            Path out = Files.createTempFile("gridscope-cmd", ".log");
            try {
                pb.redirectOutput(out.toFile());
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(String.join(" ", argv) + " did not end within " + timeout + ":\n"
                            + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Cmd(List.of(argv), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Cmd run(String... argv) {
        return run(Duration.ofMinutes(2), Map.of(), argv);
    }

    /** The output, failing with the command and its output unless it exited 0. */
    String ok() {
        if (exit != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + exit + ":\n" + output);
        }
        return output;
    }
}
