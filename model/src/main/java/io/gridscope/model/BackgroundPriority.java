package io.gridscope.model;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;
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
 * the JDK's foreign function interface; threads it starts inherit it. A thread already that low or lower is left as
 * it is; lowering a priority needs no privilege. Elsewhere, or where the call fails, nothing changes and {@link
 * #unavailable()} says why.
 */
public final class BackgroundPriority {
    /**
     * How much nicer background threads are than the process: at 10, a background thread gets about a tenth of the
     * CPU share of a normal one when both want the same core.
     */
    public static final int NICE = 10;

    private static final int LOWEST = 19;

    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle GET_PRIORITY;
    private static final MethodHandle SET_PRIORITY;
    private static volatile String problem;

    static {
        MethodHandle get = null;
        MethodHandle set = null;
        String why = "";
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            why = "thread priorities are set on Linux only";
        } else {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                get = libc.find("getpriority")
                        .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)))
                        .orElse(null);
                set = libc.find("setpriority")
                        .map(a ->
                                linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)))
                        .orElse(null);
                if (get == null || set == null) {
                    why = "getpriority/setpriority not found in the C library";
                }
            } catch (RuntimeException | LinkageError e) {
                why = "native calls not available (" + e + ")";
                get = null;
                set = null;
            }
        }
        GET_PRIORITY = get;
        SET_PRIORITY = set;
        problem = why;
    }

    private BackgroundPriority() {}

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
        if (SET_PRIORITY == null) {
            return false;
        }
        try {
            int target = backgroundNice();
            // getpriority returns the nice value itself (-1 is a valid one; an error cannot happen for the caller)
            int nice = (int) GET_PRIORITY.invokeExact(PRIO_PROCESS, 0);
            if (nice >= target) {
                return true;
            }
            int rc = (int) SET_PRIORITY.invokeExact(PRIO_PROCESS, 0, target);
            if (rc != 0) {
                problem = "setpriority refused (returned " + rc + ")";
                return false;
            }
            return true;
        } catch (Throwable e) {
            problem = "setpriority failed: " + e;
            return false;
        }
    }

    /**
     * The nice value background threads get: {@link #NICE} more than the process's main thread (a thread id equal to
     * the process id names that thread), at most 19.
     */
    public static int backgroundNice() throws Throwable {
        int processNice = (int) GET_PRIORITY.invokeExact(
                PRIO_PROCESS, (int) ProcessHandle.current().pid());
        return Math.min(LOWEST, processNice + NICE);
    }

    /** The calling thread's nice value, where it can be read. */
    public static Optional<Integer> currentNice() {
        if (GET_PRIORITY == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((int) GET_PRIORITY.invokeExact(PRIO_PROCESS, 0));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /** Why background threads keep their priority, when they do. */
    public static Optional<String> unavailable() {
        String p = problem;
        return p.isEmpty() ? Optional.empty() : Optional.of(p);
    }
}
