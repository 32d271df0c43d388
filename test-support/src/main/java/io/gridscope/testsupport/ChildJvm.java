package io.gridscope.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a {@code main} class of the test classpath in a child JVM (the same Java, the test's classpath, native
 * access allowed), for tests that kill a process mid-write or run two processes on one data directory. Its stderr
 * goes to {@code stderrFile}; the caller reads stdout and stops it (by its handle: {@code destroyForcibly} is
 * SIGKILL on Linux).
 */
public final class ChildJvm {
    private ChildJvm() {}

    public static Process start(Class<?> mainClass, Path stderrFile, String... args) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command =
                new ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", cp, mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(stderrFile.toFile()).start();
    }
}
