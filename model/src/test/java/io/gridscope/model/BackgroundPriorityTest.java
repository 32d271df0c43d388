package io.gridscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A background thread runs 10 nicer than the process (as the kernel reports it), and the thread that started it keeps
 * its own.
 */
class BackgroundPriorityTest {
    private static boolean linux() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
    }

    @Test
    void aLoweredTaskRunsTenNicerThanTheProcessAndItsStarterIsUnchanged() throws Throwable {
        assumeTrue(linux(), "thread priorities are set on Linux only");
        assertThat(BackgroundPriority.unavailable()).isEmpty();
        int before = BackgroundPriority.currentNice().orElseThrow();
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        AtomicReference<String> kernel = new AtomicReference<>();
        AtomicInteger inherited = new AtomicInteger(Integer.MIN_VALUE);
        Thread t = new Thread(BackgroundPriority.lowered(() -> {
            seen.set(BackgroundPriority.currentNice().orElseThrow());
            kernel.set(niceFromProc());
            // a thread started by a background thread is background too
            Thread child = new Thread(
                    () -> inherited.set(BackgroundPriority.currentNice().orElseThrow()));
            child.start();
            try {
                child.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        t.start();
        t.join();

        int expected = Math.max(before, Math.min(19, processNice() + BackgroundPriority.NICE));
        assertThat(expected).isEqualTo(BackgroundPriority.backgroundNice());
        assertThat(seen).hasValue(expected);
        assertThat(kernel.get()).as("field 19 of /proc/thread-self/stat").isEqualTo(Integer.toString(expected));
        assertThat(inherited).hasValue(expected);
        assertThat(BackgroundPriority.currentNice()).contains(before);
    }

    @Test
    void daemonThreadsAreNamedDaemonsAtTheBackgroundPriority() throws Throwable {
        assumeTrue(linux(), "thread priorities are set on Linux only");
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        Thread t = BackgroundPriority.daemonThreads("gridscope-test")
                .newThread(() -> seen.set(BackgroundPriority.currentNice().orElseThrow()));
        assertThat(t.getName()).isEqualTo("gridscope-test");
        assertThat(t.isDaemon()).isTrue();
        t.start();
        t.join();
        assertThat(seen.get())
                .isEqualTo(
                        Math.max(BackgroundPriority.currentNice().orElseThrow(), BackgroundPriority.backgroundNice()));
    }

    @Test
    void aThreadAlreadyLowerIsLeftAsItIs() throws Exception {
        assumeTrue(linux(), "thread priorities are set on Linux only");
        AtomicInteger after = new AtomicInteger(Integer.MIN_VALUE);
        Thread t = new Thread(() -> {
            BackgroundPriority.lowerCurrentThread();
            // lower still is allowed; lowering again must not bring it back up
            setNiceForTest(19);
            BackgroundPriority.lowerCurrentThread();
            after.set(BackgroundPriority.currentNice().orElseThrow());
        });
        t.start();
        t.join();
        assertThat(after).hasValue(19);
    }

    /** setpriority(PRIO_PROCESS, 0, nice) for the calling thread, through the same native call as the product. */
    private static void setNiceForTest(int nice) {
        try {
            var linker = java.lang.foreign.Linker.nativeLinker();
            var set = linker.downcallHandle(
                    linker.defaultLookup().find("setpriority").orElseThrow(),
                    java.lang.foreign.FunctionDescriptor.of(
                            java.lang.foreign.ValueLayout.JAVA_INT,
                            java.lang.foreign.ValueLayout.JAVA_INT,
                            java.lang.foreign.ValueLayout.JAVA_INT,
                            java.lang.foreign.ValueLayout.JAVA_INT));
            assertThat((int) set.invokeExact(0, 0, nice)).isZero();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** The main thread's nice value: field 19 of /proc/self/stat. */
    private static int processNice() throws Exception {
        return niceOf(Path.of("/proc/self/stat"));
    }

    private static String niceFromProc() {
        try {
            return Integer.toString(niceOf(Path.of("/proc/thread-self/stat")));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Field 19 (nice) of a {@code stat} file of /proc, counted from field 3 (state), after the command's name. */
    private static int niceOf(Path stat) throws java.io.IOException {
        String text = Files.readString(stat);
        return Integer.parseInt(text.substring(text.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void theJvmsDeferredWorkThreadsRunAtTheBackgroundPriorityAndTheOthersKeepTheirs() throws Throwable {
        assumeTrue(linux(), "thread priorities are set on Linux only");
        int target = BackgroundPriority.backgroundNice();
        int before = BackgroundPriority.currentNice().orElseThrow();

        java.util.List<String> lowered = BackgroundPriority.lowerJvmServiceThreads();

        assertThat(BackgroundPriority.unavailable()).isEmpty();
        // every JVM has a compiler thread and a cleaner, whatever its collector
        assertThat(lowered).contains("Common-Cleaner").anyMatch(n -> n.endsWith("CompilerThre"));
        assertThat(lowered).allMatch(BackgroundPriority.JVM_SERVICE_THREADS::contains);
        int checked = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name = Files.readString(task.resolve("comm")).strip();
                int nice = niceOf(task.resolve("stat"));
                if (BackgroundPriority.JVM_SERVICE_THREADS.contains(name)) {
                    assertThat(nice).as(name).isGreaterThanOrEqualTo(target);
                    checked++;
                } else if (name.equals("main") || name.startsWith("GC Thread")) {
                    // the test's own thread and the collector's pause workers keep the process's priority
                    assertThat(nice).as(name).isLessThan(target);
                }
            }
        }
        assertThat(checked).isEqualTo(lowered.size());
        assertThat(BackgroundPriority.currentNice()).contains(before);
    }

    @Test
    void givenCallsAreTheOnesUsedAndCannotBeSwappedOnceUsed() throws Exception {
        // a fresh copy of the class, not yet resolved, in a loader of its own
        var location =
                BackgroundPriority.class.getProtectionDomain().getCodeSource().getLocation();
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {location}, null)) {
            Class<?> priority = loader.loadClass(BackgroundPriority.class.getName());
            Class<?> libc = loader.loadClass(BackgroundPriority.Libc.class.getName());
            java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
            Object fake = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {libc}, (p, m, a) -> {
                if (m.getDeclaringClass() == Object.class) {
                    return m.getName().equals("equals")
                            ? p == a[0]
                            : m.getName().equals("hashCode") ? 0 : "fake";
                }
                calls.add(m.getName() + java.util.Arrays.toString(a));
                return m.getName().equals("getpriority") ? 2 : 0; // the process runs at nice 2
            });
            var use = priority.getMethod("use", libc);
            assertThat((boolean) use.invoke(null, fake)).isTrue();

            Thread t = new Thread(
                    (Runnable) priority.getMethod("lowered", Runnable.class).invoke(null, (Runnable) () -> {}));
            t.start();
            t.join();

            int pid = (int) ProcessHandle.current().pid();
            assertThat(calls)
                    .containsExactly(
                            "getpriority[0, " + pid + "]", // the process's nice value
                            "getpriority[0, 0]", // the thread's own
                            "setpriority[0, 0, 12]");
            assertThat(priority.getMethod("unavailable").invoke(null)).isEqualTo(java.util.Optional.empty());
            assertThat((boolean) use.invoke(null, fake)).as("already in use").isFalse();
        }
    }
}
