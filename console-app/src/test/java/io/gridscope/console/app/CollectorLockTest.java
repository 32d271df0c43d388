package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.cli.GridscopeCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One process collects per data directory: the collector lock refuses a second holder in this JVM and in another
 * process, {@code collect} is refused naming the holder, and the lock is free again when its holder closes it or
 * dies.
 */
class CollectorLockTest {
    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void stopChild() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Another JVM: {@code probe DIR} prints whether it could take the lock; {@code hold DIR} takes it and waits. */
    public static final class OtherProcess {
        public static void main(String[] args) throws Exception {
            Optional<CollectorLock> lock = CollectorLock.tryAcquire(Path.of(args[1]), "collect");
            System.out.println(lock.isPresent() ? "acquired" : "refused");
            System.out.flush();
            if (args[0].equals("hold")) {
                System.in.read(); // until the test ends it
            }
            lock.ifPresent(CollectorLock::close);
        }
    }

    private static ProcessBuilder otherProcess(String mode, Path dir) {
        return new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OtherProcess.class.getName(),
                        mode,
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    /** What another process finds: "acquired" or "refused". */
    private static String probe(Path dir) throws Exception {
        Process p = otherProcess("probe", dir).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    record Run(int exitCode, String out, String err) {}

    private static Run collect(Path dir) {
        CommandLine cl = GridscopeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("collect", "--duration", "1s", "--data-dir", dir.toString());
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aHeldLockRefusesThisJvmAnotherProcessAndCollectAndIsFreeAfterClose() throws Exception {
        Instant before = Instant.now();
        CollectorLock lock = CollectorLock.tryAcquire(dir, "console").orElseThrow();
        try {
            assertThat(CollectorLock.tryAcquire(dir, "collect"))
                    .as("a second holder in this JVM")
                    .isEmpty();
            assertThat(CollectorLock.tryAcquire(dir.resolve(".").resolve("..").resolve(dir.getFileName()), "collect"))
                    .as("the same directory by another path")
                    .isEmpty();
            long pid = ProcessHandle.current().pid();
            assertThat(CollectorLock.holder(dir)).hasValueSatisfying(h -> {
                assertThat(h.pid()).isEqualTo(pid);
                assertThat(h.role()).isEqualTo("console");
                assertThat(h.since()).isBetween(before, Instant.now());
            });
            assertThat(probe(dir))
                    .as("the refusals in this JVM did not release the lock for other processes")
                    .isEqualTo("refused");

            Run refused = collect(dir);
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.IO);
            assertThat(refused.err())
                    .startsWith("gridscope: another Gridscope process collects into " + dir + ": console (pid " + pid
                            + ", since ")
                    .contains("One process collects and evaluates alerts per data directory");
            assertThat(refused.out()).isEmpty();
            assertThat(probe(dir)).as("still held after collect was refused").isEqualTo("refused");
        } finally {
            lock.close();
        }
        lock.close(); // twice is harmless
        assertThat(probe(dir)).isEqualTo("acquired");
        CollectorLock again = CollectorLock.tryAcquire(dir, "collect").orElseThrow();
        again.close();
    }

    @Test
    void aLockHeldByAnotherProcessIsRefusedNamingItAndFreedWhenItDies() throws Exception {
        child = otherProcess("hold", dir).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("acquired");

        assertThat(CollectorLock.tryAcquire(dir, "console")).isEmpty();
        assertThat(CollectorLock.holder(dir)).hasValueSatisfying(h -> {
            assertThat(h.pid()).isEqualTo(child.pid());
            assertThat(h.role()).isEqualTo("collect");
        });
        Run refused = collect(dir);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(refused.err()).contains("collects into " + dir + ": collect (pid " + child.pid() + ", since ");

        child.destroyForcibly(); // kill -9: the lock goes with the process
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Optional<CollectorLock> taken = CollectorLock.tryAcquire(dir, "console");
        assertThat(taken).isPresent();
        taken.get().close();
        assertThat(probe(dir)).isEqualTo("acquired");
    }
}
