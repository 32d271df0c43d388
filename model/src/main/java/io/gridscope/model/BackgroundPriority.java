package io.gridscope.model;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * Background work (collection, the history writer, alert evaluation, reads for charts) runs at a lower CPU priority
 * than the console's UI thread and renderer: on a busy machine with few cores, a thread of ours that wakes at the
 * top of a second then gives way to the UI instead of stretching its frame. The same holds for the headless {@code
 * collect}, which thus gives way to the work of the machine it watches (as Netdata does, at nice 19).
 *
 * <p>On Linux the nice value is per thread: {@link #lowerCurrentThread()} sets the calling thread's to {@link #NICE}
 * more than the process's own (its main thread's, so a priority given to the whole process, say by a service
 * manager's {@code Nice=}, is kept as the reference; at most 19), through {@code setpriority(PRIO_PROCESS, 0, n)} and
 * the JDK's foreign function interface (or calls given with {@link #use(Libc)}); threads it starts inherit it. A
 * thread already that low or lower is left as it is; lowering a priority needs no privilege. Elsewhere, or where the
 * call fails, nothing changes and {@link #unavailable()} says why.
 */
public final class BackgroundPriority {
    /**
     * How much nicer background threads are than the process: at 10, a background thread gets about a tenth of the
     * CPU share of a normal one when both want the same core.
     */
    public static final int NICE = 10;

    private static final int LOWEST = 19;

    private static final int PRIO_PROCESS = 0;
    private static Libc libc;
    private static boolean resolved;
    private static volatile String problem = "";

    /**
     * The C library's {@code getpriority} and {@code setpriority}, as this process calls them. By default through the
     * JDK's foreign function interface; a process that has a native-call library loaded anyway (JNA, for the
     * collectors) can give its own with {@link #use(Libc)} and so spare the interface's classes and generated code.
     */
    public interface Libc {
        /** {@code getpriority(which, who)}: the nice value itself (-1 is a valid one). */
        int getpriority(int which, int who);

        /** {@code setpriority(which, who, prio)}: 0 on success. */
        int setpriority(int which, int who, int prio);
    }

    private BackgroundPriority() {}

    /**
     * Makes {@code calls} the ones used to read and set priorities, when none were used yet; false (and nothing
     * changes) once a priority was read or set. Call it before the first background thread starts.
     */
    public static synchronized boolean use(Libc calls) {
        if (resolved) {
            return false;
        }
        libc = calls;
        resolved = true;
        return true;
    }

    /** The calls in use (the JDK's foreign function interface unless {@link #use(Libc)} gave others); null if none. */
    private static synchronized Libc libc() {
        if (!resolved) {
            resolved = true;
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                problem = "thread priorities are set on Linux only";
            } else {
                try {
                    libc = ForeignLibc.link();
                } catch (IllegalStateException e) {
                    problem = e.getMessage();
                } catch (RuntimeException | LinkageError e) {
                    // no native linker here, or native access refused
                    problem = "native calls not available (" + e + ")";
                }
            }
        }
        return libc;
    }

    /** The two calls through the JDK's foreign function interface (its classes load only when this one does). */
    private static final class ForeignLibc implements Libc {
        private final MethodHandle get;
        private final MethodHandle set;

        private ForeignLibc(MethodHandle get, MethodHandle set) {
            this.get = get;
            this.set = set;
        }

        static ForeignLibc link() {
            Linker linker = Linker.nativeLinker();
            var c = linker.defaultLookup();
            MethodHandle get = c.find("getpriority")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)))
                    .orElse(null);
            MethodHandle set = c.find("setpriority")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)))
                    .orElse(null);
            if (get == null || set == null) {
                throw new IllegalStateException("getpriority/setpriority not found in the C library");
            }
            return new ForeignLibc(get, set);
        }

        @Override
        public int getpriority(int which, int who) {
            try {
                return (int) get.invokeExact(which, who);
            } catch (Throwable e) {
                throw new IllegalStateException("getpriority failed: " + e, e);
            }
        }

        @Override
        public int setpriority(int which, int who, int prio) {
            try {
                return (int) set.invokeExact(which, who, prio);
            } catch (Throwable e) {
                throw new IllegalStateException("setpriority failed: " + e, e);
            }
        }
    }

    /** Daemon threads named {@code name}, each lowering its own priority before it runs its task. */
    public static ThreadFactory daemonThreads(String name) {
        ThreadFactory threads = Thread.ofPlatform().name(name).daemon(true).factory();
        return task -> threads.newThread(lowered(task));
    }

    /** {@code task}, run by a thread that first lowers its own priority. */
    public static Runnable lowered(Runnable task) {
        return () -> {
            lowerCurrentThread();
            task.run();
        };
    }

    /**
     * Gives the calling thread the background nice value ({@link #backgroundNice()}) unless it is already as low;
     * true when it now runs at that priority or lower.
     */
    public static boolean lowerCurrentThread() {
        Libc c = libc();
        if (c == null) {
            return false;
        }
        try {
            return lower(c, 0, backgroundNice(c), "");
        } catch (RuntimeException | LinkageError e) {
            problem = "setpriority failed: " + e;
            return false;
        }
    }

    /**
     * Gives thread {@code tid} (0: the calling thread) the nice value {@code target} unless it is already as low; true
     * when it now runs at that priority or lower. A refusal is recorded in {@link #problem}, {@code whose} naming the
     * thread there.
     */
    private static boolean lower(Libc c, int tid, int target, String whose) {
        // getpriority returns the nice value itself (-1 is a valid one; an error cannot happen for our own threads)
        int nice = c.getpriority(PRIO_PROCESS, tid);
        if (nice >= target) {
            return true;
        }
        int rc = c.setpriority(PRIO_PROCESS, tid, target);
        if (rc != 0) {
            problem = "setpriority refused" + whose + " (returned " + rc + ")";
            return false;
        }
        return true;
    }

    /**
     * The JVM's own threads that do deferred work (the JIT compilers, G1's concurrent marking, refinement and service
     * threads, periodic tasks, monitor deflation, the cleaner): as Linux names them, cut to 15 characters. GC worker
     * threads are not among them: they run while every Java thread is stopped, and a pause must end soon.
     */
    static final Set<String> JVM_SERVICE_THREADS = Set.of(
            "C1 CompilerThre",
            "C2 CompilerThre",
            "G1 Conc#0",
            "G1 Refine#0",
            "G1 Service",
            "VM Periodic Tas",
            "Monitor Deflati",
            "Service Thread",
            "Common-Cleaner");

    /**
     * Gives the JVM's deferred-work threads ({@link #JVM_SERVICE_THREADS}, found by name in {@code /proc/self/task})
     * the background nice value, as {@link #lowerCurrentThread()} does for the calling thread; threads they start
     * later (more compiler or refinement threads) inherit it. For the console: a compilation or a concurrent GC phase
     * then gives way to the UI thread when both want a CPU. Returns the names of the threads lowered; none where
     * priorities cannot be set or {@code /proc} cannot be read (the reason in {@link #unavailable()}).
     */
    public static List<String> lowerJvmServiceThreads() {
        List<String> lowered = new ArrayList<>();
        Libc c = libc();
        if (c == null) {
            return lowered;
        }
        Path tasks = Path.of("/proc/self/task");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            int target = backgroundNice(c);
            for (Path task : dir) {
                String name;
                int tid;
                try {
                    tid = Integer.parseInt(task.getFileName().toString());
                    name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8)
                            .strip();
                } catch (NumberFormatException | IOException e) {
                    continue; // not a thread, or one that ended meanwhile
                }
                if (!JVM_SERVICE_THREADS.contains(name)) {
                    continue;
                }
                if (lower(c, tid, target, " for the JVM's " + name + " thread")) {
                    lowered.add(name);
                }
            }
        } catch (IOException e) {
            problem = "cannot list the JVM's threads: " + e;
        } catch (RuntimeException | LinkageError e) {
            problem = "setpriority failed: " + e;
        }
        return lowered;
    }

    /**
     * The nice value background threads get: {@link #NICE} more than the process's main thread (a thread id equal to
     * the process id names that thread), at most 19.
     */
    public static int backgroundNice() {
        Libc c = libc();
        if (c == null) {
            throw new IllegalStateException("thread priorities cannot be read: " + problem);
        }
        return backgroundNice(c);
    }

    private static int backgroundNice(Libc c) {
        int processNice =
                c.getpriority(PRIO_PROCESS, (int) ProcessHandle.current().pid());
        return Math.min(LOWEST, processNice + NICE);
    }

    /** The calling thread's nice value, where it can be read. */
    public static Optional<Integer> currentNice() {
        Libc c = libc();
        if (c == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(c.getpriority(PRIO_PROCESS, 0));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Why background threads keep their priority, when they do. */
    public static Optional<String> unavailable() {
        libc();
        String p = problem;
        return p.isEmpty() ? Optional.empty() : Optional.of(p);
    }
}
