package io.gridscope.collectors.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a host PID to its user, command line and control group / container, from {@code /proc} (Linux only;
 * elsewhere every field is absent). Every read is bounded ({@value #MAX_READ_BYTES} bytes per file), and a process
 * that has exited or is not visible simply yields absent fields.
 *
 * <p>Parsing lives in package-private pure functions tested on fixture text. Not thread-safe (it caches the user
 * table); use from one thread.
 */
public final class ProcessDetailsReader {
    static final int MAX_READ_BYTES = 8 * 1024;
    private static final Pattern CONTAINER_ID = Pattern.compile("(?:^|[/-])([0-9a-f]{64})(?:\\.scope)?(?:/|$)");

    /** What /proc says about one process; absent fields could not be read. */
    public record Details(
            Optional<String> user,
            Optional<String> commandLine,
            Optional<String> cgroup,
            Optional<String> containerId) {
        public static final Details NONE =
                new Details(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private final Path procRoot;
    private final Path passwdFile;
    private Map<Long, String> users = Map.of();
    private FileTime passwdModified;

    public ProcessDetailsReader() {
        this(Path.of("/proc"), Path.of("/etc/passwd"));
    }

    public ProcessDetailsReader(Path procRoot, Path passwdFile) {
        this.procRoot = procRoot;
        this.passwdFile = passwdFile;
    }

    public Details read(long pid) {
        Path dir = procRoot.resolve(Long.toString(pid));
        if (!Files.isDirectory(dir)) {
            return Details.NONE;
        }
        Optional<String> user = readText(dir.resolve("status"))
                .flatMap(ProcessDetailsReader::parseUid)
                .map(uid -> userName(uid).orElse(Long.toString(uid)));
        Optional<String> cmdline = readBytes(dir.resolve("cmdline")).flatMap(ProcessDetailsReader::parseCmdline);
        Optional<String> cgroup = readText(dir.resolve("cgroup")).flatMap(ProcessDetailsReader::parseCgroup);
        return new Details(user, cmdline, cgroup, cgroup.flatMap(ProcessDetailsReader::containerId));
    }

    private Optional<String> userName(long uid) {
        try {
            FileTime modified = Files.getLastModifiedTime(passwdFile);
            if (!modified.equals(passwdModified)) {
                users = readText(passwdFile)
                        .map(ProcessDetailsReader::parsePasswd)
                        .orElse(Map.of());
                passwdModified = modified;
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(users.get(uid));
    }

    private static Optional<byte[]> readBytes(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(MAX_READ_BYTES));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> readText(Path file) {
        return readBytes(file).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The real UID from a {@code /proc/<pid>/status} text ({@code Uid:\treal\teffective\tsaved\tfs}). */
    static Optional<Long> parseUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] parts = LinuxProcFiles.fields(line.substring(4));
                if (parts.length == 0) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Long.parseLong(parts[0]));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** {@code /etc/passwd} lines to uid → name; malformed lines are skipped. */
    static Map<Long, String> parsePasswd(String passwd) {
        Map<Long, String> out = new HashMap<>();
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 3 || f[0].isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                out.putIfAbsent(Long.parseLong(f[2]), f[0]);
            } catch (NumberFormatException ignored) {
                // not a passwd entry
            }
        }
        return out;
    }

    /** NUL-separated arguments joined by spaces; empty for kernel threads and zombies. */
    static Optional<String> parseCmdline(byte[] raw) {
        int end = raw.length;
        while (end > 0 && raw[end - 1] == 0) {
            end--;
        }
        if (end == 0) {
            return Optional.empty();
        }
        byte[] copy = new byte[end];
        for (int i = 0; i < end; i++) {
            copy[i] = raw[i] == 0 ? (byte) ' ' : raw[i];
        }
        return Optional.of(new String(copy, StandardCharsets.UTF_8));
    }

    /**
     * The control group path from {@code /proc/<pid>/cgroup}: the unified (v2, {@code 0::}) entry when present,
     * otherwise the v1 {@code memory} or first non-root entry. Absent for the root group.
     */
    static Optional<String> parseCgroup(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        String chosen = null;
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
                chosen = f[2];
                break;
            }
        }
        if (chosen == null) {
            for (String line : lines) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && (f[1].contains("memory") || chosen == null) && !f[2].equals("/")) {
                    chosen = f[2];
                    if (f[1].contains("memory")) {
                        break;
                    }
                }
            }
        }
        return chosen == null || chosen.equals("/") ? Optional.empty() : Optional.of(chosen.strip());
    }

    /**
     * A 64-hex container id in a cgroup path, as Docker ({@code /docker/<id>}, {@code docker-<id>.scope}),
     * containerd/Kubernetes ({@code cri-containerd-<id>.scope}) and CRI-O ({@code crio-<id>.scope}) write it.
     */
    static Optional<String> containerId(String cgroupPath) {
        Matcher m = CONTAINER_ID.matcher(cgroupPath);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return Optional.ofNullable(last);
    }
}
