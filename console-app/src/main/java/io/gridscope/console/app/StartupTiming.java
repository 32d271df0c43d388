package io.gridscope.console.app;

import java.lang.management.ManagementFactory;

/**
 * Start-up phase marks, printed to stderr as milliseconds since JVM start when {@code -Dgridscope.startupTiming=true}
 * (used by {@code bench/startup.sh}); free otherwise.
 */
public final class StartupTiming {
    private static final boolean ENABLED = Boolean.getBoolean("gridscope.startupTiming");

    private StartupTiming() {}

    public static long sinceJvmStartMillis() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    public static void mark(String phase) {
        if (ENABLED) {
            System.err.println("gridscope: " + phase + " " + sinceJvmStartMillis() + " ms after JVM start (epoch ms "
                    + System.currentTimeMillis() + ")");
        }
    }
}
