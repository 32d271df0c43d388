package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxProcFilesTest {
    private static final String STAT = """
            cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0
            cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0
            cpu1 1335834 32739 531216 13361545 4148 0 1987 0 22970 0
            intr 199292017 9 0 0 0 0 0 0 0 1 0 0
            ctxt 269405578
            btime 1700000000
            processes 1234567
            procs_running 2
            """;

    @Test
    void statGivesTicksInTickTypeOrderAndCounters() {
        LinuxProcFiles.ProcStat s = LinuxProcFiles.parseStat(STAT);
        assertThat(s.totalTicks()).containsExactly(10132153, 290696, 3084719, 46828483, 16683, 0, 25195, 0);
        assertThat(s.cpuTicks()).hasNumberOfRows(2);
        assertThat(s.cpuTicks()[1]).startsWith(1335834, 32739);
        assertThat(s.contextSwitches()).isEqualTo(269_405_578L);
        assertThat(s.interrupts()).isEqualTo(199_292_017L);
    }

    @Test
    void memInfoIsInBytes() {
        Map<String, Long> m = LinuxProcFiles.parseMemInfo("""
                MemTotal:       16384000 kB
                MemFree:         1024000 kB
                MemAvailable:    8192000 kB
                SwapTotal:       2097148 kB
                SwapFree:        2097148 kB
                HugePages_Total:       0
                """);
        assertThat(m)
                .containsEntry("MemTotal", 16_384_000L * 1024)
                .containsEntry("MemAvailable", 8_192_000L * 1024)
                .containsEntry("SwapFree", 2_097_148L * 1024)
                .containsEntry("HugePages_Total", 0L);
    }

    @Test
    void loadAverageHasThreeWindowsOrNothing() {
        assertThat(LinuxProcFiles.parseLoadAvg("0.52 0.58 0.59 2/612 12345\n")).containsExactly(0.52, 0.58, 0.59);
        assertThat(LinuxProcFiles.parseLoadAvg("garbage")).isEmpty();
    }

    @Test
    void netDevSkipsHeadersAndKeepsEveryCounter() {
        Map<String, long[]> n = LinuxProcFiles.parseNetDev("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0
                  eth0:123456789 98765 1 2 0 0 0 0 987654321 56789 3 4 0 0 0 0
                """);
        assertThat(n).containsOnlyKeys("lo", "eth0");
        assertThat(n.get("eth0")).containsExactly(123456789, 98765, 1, 2, 987654321, 56789, 3, 4);
    }

    @Test
    void diskStatsConvertSectorsToBytes() {
        Map<String, long[]> d = LinuxProcFiles.parseDiskStats("""
                 259       0 nvme0n1 1111 22 3333 444 5555 66 7777 888 0 9999 1234 0 0 0 0
                 259       1 nvme0n1p1 11 0 33 4 55 6 77 8 0 99 12
                   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0
                   8       0 sda 1 2
                """);
        assertThat(d.get("nvme0n1")).containsExactly(1111, 3333L * 512, 5555, 7777L * 512, 9999);
        assertThat(d).as("short lines are skipped").containsOnlyKeys("nvme0n1", "nvme0n1p1", "loop0");
    }

    @Test
    void fieldsSplitOnWhitespaceAsTheRegularExpressionDid() {
        List<String> lines = List.of(
                "   8       0 sda 4 0 8 1 2 0 16 1 0 2 2 0 0 0 0 0 0",
                "\t259  0\tnvme0n1  1 2\r\n",
                "single",
                "  ",
                "",
                "a\u000bb\fc",
                "0.52 0.58 0.59 2/612 12345\n");
        for (String line : lines) {
            String[] expected =
                    line.strip().isEmpty() ? new String[0] : line.strip().split("\\s+");
            assertThat(LinuxProcFiles.fields(line)).as("'%s'", line).containsExactly(expected);
        }
    }

    @Test
    void readsWholeFilesLargerThanTheInitialBuffer(@TempDir Path dir) throws Exception {
        String big = "x".repeat(100_000);
        Files.writeString(dir.resolve("stat"), big);
        assertThat(new LinuxProcFiles(dir).read("stat")).hasSize(100_000);
    }
}
