package io.gridscope.collectors.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Linux fast path for the host collectors: one bounded read per pass of {@code /proc/stat}, {@code /proc/meminfo},
 * {@code /proc/loadavg}, {@code /proc/net/dev} and {@code /proc/diskstats}, parsed by package-private pure functions
 * (tested on fixture text). OSHI reads the same kernel counters but re-reads and re-parses a file per value and
 * walks sysfs per interface and disk, which at 1 Hz costs several milliseconds of CPU per pass; this costs tens of
 * microseconds. OSHI still lists the hardware (which disks are physical, which interfaces are local) and serves
 * every other platform.
 *
 * <p>Not thread-safe (one reusable buffer); one instance per collector.
 */
public final class LinuxProcFiles {
    /** Upper bound per file: /proc/stat of a 512-CPU machine fits comfortably. */
    static final int MAX_BYTES = 1 << 20;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LinuxProcFiles.class);

    private final Path root;
    private ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

    public LinuxProcFiles(Path procRoot) {
        this.root = procRoot;
    }

    /** The reader for {@code /proc}, when this is Linux with a readable {@code /proc/stat}. */
    public static Optional<LinuxProcFiles> detect() {
        Path proc = Path.of("/proc");
        return Files.isReadable(proc.resolve("stat")) && Files.isReadable(proc.resolve("net/dev"))
                ? Optional.of(new LinuxProcFiles(proc))
                : Optional.empty();
    }

    /** The whole file as text, at most {@link #MAX_BYTES}. */
    public String read(String relative) throws IOException {
        try (FileChannel ch = FileChannel.open(root.resolve(relative), StandardOpenOption.READ)) {
            buffer.clear();
            while (true) {
                int n = ch.read(buffer);
                if (n < 0) {
                    break;
                }
                if (!buffer.hasRemaining()) {
                    if (buffer.capacity() >= MAX_BYTES) {
                        break;
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(Math.min(buffer.capacity() * 2, MAX_BYTES));
                    buffer.flip();
                    bigger.put(buffer);
                    buffer = bigger;
                }
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        }
    }

    /** The file's text, or empty when it cannot be read this pass (the caller falls back to OSHI). */
    public Optional<String> tryRead(String relative) {
        try {
            return Optional.of(read(relative));
        } catch (IOException e) {
            log.debug("cannot read {}/{}: {}", root, relative, e.toString());
            return Optional.empty();
        }
    }

    /** CPU counters from {@code /proc/stat}; tick arrays are in OSHI {@code TickType} order (8 values). */
    record ProcStat(long[] totalTicks, long[][] cpuTicks, long contextSwitches, long interrupts) {}

    static ProcStat parseStat(String text) {
        long[] total = null;
        java.util.List<long[]> cpus = new java.util.ArrayList<>();
        long ctxt = -1;
        long intr = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("cpu")) {
                long[] ticks = numbers(line, 8);
                if (line.startsWith("cpu ")) {
                    total = ticks;
                } else {
                    cpus.add(ticks);
                }
            } else if (line.startsWith("ctxt ")) {
                ctxt = numbers(line, 1)[0];
            } else if (line.startsWith("intr ")) {
                intr = numbers(line, 1)[0];
            }
        }
        return new ProcStat(total, cpus.toArray(long[][]::new), ctxt, intr);
    }

    /** {@code /proc/meminfo} values in bytes, keyed without the colon ({@code MemTotal}). */
    static Map<String, Long> parseMemInfo(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            long[] v = numbers(line.substring(colon + 1), 1);
            if (v[0] >= 0) {
                out.put(line.substring(0, colon), line.endsWith("kB") ? v[0] * 1024 : v[0]);
            }
        }
        return out;
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}. */
    static double[] parseLoadAvg(String text) {
        String[] f = fields(text);
        if (f.length < 3) {
            return new double[0];
        }
        try {
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (NumberFormatException e) {
            return new double[0];
        }
    }

    /**
     * {@code /proc/net/dev}: interface → {rx bytes, rx packets, rx errors, rx drops, tx bytes, tx packets,
     * tx errors, tx drops}.
     */
    static Map<String, long[]> parseNetDev(String text) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.contains("|")) {
                continue;
            }
            long[] f = numbers(line.substring(colon + 1), 16);
            if (f[15] < 0) {
                continue;
            }
            out.put(line.substring(0, colon).strip(), new long[] {f[0], f[1], f[2], f[3], f[8], f[9], f[10], f[11]});
        }
        return out;
    }

    /**
     * {@code /proc/diskstats}: device → {reads completed, bytes read, writes completed, bytes written, ms spent
     * doing I/O}. Sectors are 512 bytes in this file whatever the device's sector size.
     */
    static Map<String, long[]> parseDiskStats(String text) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = fields(line);
            if (f.length < 14) {
                continue;
            }
            try {
                out.put(f[2], new long[] {
                    Long.parseLong(f[3]),
                    Long.parseLong(f[5]) * 512,
                    Long.parseLong(f[7]),
                    Long.parseLong(f[9]) * 512,
                    Long.parseLong(f[12])
                });
            } catch (NumberFormatException e) {
                // not a device line
            }
        }
        return out;
    }

    /**
     * The words of {@code line} split on spaces, tabs and line ends, like {@code line.strip().split("\\s+")} for
     * the ASCII text of /proc, without compiling a regular expression at every call (this runs for every line of
     * /proc/diskstats every second).
     */
    static String[] fields(String line) {
        java.util.List<String> out = new java.util.ArrayList<>(16);
        int n = line.length();
        int i = 0;
        while (true) {
            while (i < n && isSpace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out.toArray(String[]::new);
            }
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            out.add(line.substring(start, i));
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** The first {@code count} unsigned decimal numbers after the first word-or-label; −1 where missing. */
    static long[] numbers(String s, int count) {
        long[] out = new long[count];
        java.util.Arrays.fill(out, -1);
        int i = 0;
        int n = s.length();
        // skip a leading label such as "cpu0" or "ctxt"
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        if (i < n && !Character.isDigit(s.charAt(i))) {
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
        }
        int k = 0;
        while (k < count && i < n) {
            while (i < n && !Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            long v = 0;
            while (i < n && Character.isDigit(s.charAt(i))) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            out[k++] = v;
        }
        return out;
    }
}
