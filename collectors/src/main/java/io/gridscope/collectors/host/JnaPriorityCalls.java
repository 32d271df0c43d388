package io.gridscope.collectors.host;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.gridscope.model.BackgroundPriority;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The C library's {@code getpriority} and {@code setpriority} through JNA, which the host collectors load anyway: given
 * to {@link BackgroundPriority#use(BackgroundPriority.Libc)}, they spare a process the JDK's foreign function
 * interface (about 150 classes of its own and the code generated for its calls: 1.7 MiB of a headless {@code
 * collect}'s memory).
 */
public final class JnaPriorityCalls implements BackgroundPriority.Libc {
    private JnaPriorityCalls() {}

    /**
     * The calls, once the C library is bound; empty where JNA cannot bind it (not Linux, no JNA native library: the
     * reason logged at debug), and {@link BackgroundPriority} then uses the JDK's own.
     */
    public static Optional<BackgroundPriority.Libc> load() {
        if (!Platform.isLinux()) {
            return Optional.empty();
        }
        try {
            Direct.bound();
            return Optional.of(new JnaPriorityCalls());
        } catch (RuntimeException | LinkageError e) {
            LoggerFactory.getLogger(JnaPriorityCalls.class)
                    .debug(
                            "JNA cannot bind getpriority/setpriority ({}); the JDK's foreign function interface is used",
                            e.toString());
            return Optional.empty();
        }
    }

    @Override
    public int getpriority(int which, int who) {
        return Direct.getpriority(which, who);
    }

    @Override
    public int setpriority(int which, int who, int prio) {
        return Direct.setpriority(which, who, prio);
    }

    /** JNA's direct mapping: static native methods bound once, no proxy or reflection per call. */
    private static final class Direct {
        static {
            Native.register(Direct.class, Platform.C_LIBRARY_NAME);
        }

        static void bound() {}

        static native int getpriority(int which, int who);

        static native int setpriority(int which, int who, int prio);
    }
}
