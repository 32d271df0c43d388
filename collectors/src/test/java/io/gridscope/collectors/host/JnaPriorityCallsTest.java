package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridscope.model.BackgroundPriority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The JNA-bound calls read and set a thread's nice value as the kernel reports it. */
class JnaPriorityCallsTest {
    @Test
    void readsAndLowersTheCallingThreadsNiceValue() throws Exception {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "Linux only");
        BackgroundPriority.Libc calls = JnaPriorityCalls.load().orElseThrow();
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                int before = calls.getpriority(0, 0);
                int kernelBefore = nice();
                int target = Math.min(19, before + 3);
                int rc = calls.setpriority(0, 0, target);
                seen.set(before + " " + kernelBefore + " " + rc + " " + calls.getpriority(0, 0) + " " + nice() + " "
                        + target);
            } catch (Exception e) {
                seen.set(e.toString());
            }
        });
        t.start();
        t.join();
        String[] f = seen.get().split(" ");
        assertThat(f).as(seen.get()).hasSize(6);
        assertThat(f[0]).as("getpriority agrees with /proc before").isEqualTo(f[1]);
        assertThat(f[2]).as("setpriority's result").isEqualTo("0");
        assertThat(f[3]).as("getpriority after").isEqualTo(f[5]);
        assertThat(f[4]).as("/proc after").isEqualTo(f[5]);
        assertThat(calls.getpriority(0, (int) ProcessHandle.current().pid()))
                .as("the process keeps its own")
                .isEqualTo(Integer.parseInt(f[0]));
    }

    /** Field 19 (nice) of /proc/thread-self/stat. */
    private static int nice() throws java.io.IOException {
        String text = Files.readString(Path.of("/proc/thread-self/stat"));
        return Integer.parseInt(text.substring(text.lastIndexOf(')') + 2).split(" ")[16]);
    }
}
