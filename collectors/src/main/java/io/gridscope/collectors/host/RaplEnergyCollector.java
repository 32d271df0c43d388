package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.CollectorUnavailableException;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU package and DRAM energy from the Linux powercap RAPL interface ({@code /sys/class/powercap}), which Intel and
 * AMD CPUs both expose as {@code intel-rapl}.
 *
 * <p><b>Zones.</b> Every {@code intel-rapl:N} zone and its {@code intel-rapl:N:M} subzones (listed at the top of the
 * powercap directory or inside their zone). A zone's {@code name} gives its domain:
 *
 * <ul>
 *   <li>{@code package-N} → {@code package}: one CPU package (socket): cores, caches, uncore;
 *   <li>{@code dram} → {@code dram}: the memory attached to that package (not part of {@code package});
 *   <li>{@code core} → {@code core} and {@code uncore} → {@code uncore}: parts of the package, already inside its
 *       figure;
 *   <li>{@code psys} → {@code psys}: the whole platform (client machines), which overlaps all of the above.
 * </ul>
 *
 * <b>The host's CPU and memory energy is the sum of its {@code package} and {@code dram} series</b>; adding {@code
 * core} or {@code uncore} would count them twice, and {@code psys} is an alternative total, not an addend. A zone
 * with any other name is skipped (logged once). {@code intel-rapl-mmio} zones are not read: they are the same
 * package, reached another way, and would count it twice.
 *
 * <p><b>Series.</b> {@code host_rapl_energy_joules_total{host, zone="intel-rapl:0", domain="package"}}, a counter
 * in joules: the energy of the zone since this collector first read it, following {@link RaplCounter}. The raw
 * {@code energy_uj} wraps to zero at {@code max_energy_range_uj} (about every 45 minutes for a package at 100 W), so
 * it is not emitted as it is: a wrap would be counted as a reset, losing what was drawn between the last read and
 * the wrap. The emitted total adds each wrap's range, never drops while Gridscope runs, and starts at 0 when
 * Gridscope starts; in the history that start is a reset whose increase is 0 (see {@link
 * io.gridscope.model.Counters}), so a restart never counts anything twice, and the energy drawn while Gridscope was
 * not running is not counted. Reads too far apart to tell how often the counter wrapped (a sampling interval above
 * about 2 minutes for Intel's usual range, 30 s for AMD's, or a suspend) add nothing for that interval and are
 * logged.
 *
 * <p><b>Absent readings.</b> A zone that vanishes or cannot be read has no sample in that pass (the total is kept,
 * and the next read only sets a new base). When no zone can be read, the pass fails with {@link
 * CollectorUnavailableException} naming the file and why, and the collector's status is UNAVAILABLE: no powercap
 * directory (not Linux, a virtual machine, no RAPL driver), no zone, or {@code energy_uj} readable only by root
 * (since Linux 5.10, CVE-2020-8694). Never a zero in place of a reading.
 *
 * <p>Each pass lists the zones (so a zone that appears or vanishes is seen at once) and reads one {@code energy_uj}
 * per zone; {@code name} and {@code max_energy_range_uj} are read once per zone. Scheduler thread only.
 */
public final class RaplEnergyCollector implements Collector {
    public static final String ID = "host_rapl";
    public static final String ENERGY = "host_rapl_energy_joules_total";
    /** Where the kernel exposes powercap zones. */
    public static final Path DEFAULT_ROOT = Path.of("/sys/class/powercap");

    private static final Logger log = LoggerFactory.getLogger(RaplEnergyCollector.class);
    private static final Pattern ZONE = Pattern.compile("intel-rapl:(\\d+)");
    private static final Pattern SUBZONE = Pattern.compile("intel-rapl:(\\d+):(\\d+)");
    private static final String ENERGY_FILE = "energy_uj";
    private static final String RANGE_FILE = "max_energy_range_uj";
    private static final String NAME_FILE = "name";
    private static final String ROOT_ONLY = " (energy_uj is readable only by root since Linux 5.10, CVE-2020-8694): "
            + "give the user running Gridscope read access, e.g. a group set by a udev rule (making it readable by "
            + "everyone re-opens the side channel), or run Gridscope as root";

    /** Reads a small sysfs file; tests inject failures through it. */
    @FunctionalInterface
    interface FileReader {
        String read(Path file) throws IOException;
    }

    private final Path root;
    private final FileReader reader;
    private final Labels base;
    /** Static facts of each zone directory seen, by path; dropped when the zone vanishes. */
    private final Map<Path, ZoneFacts> facts = new HashMap<>();
    /** One counter per series; kept when a zone vanishes, so its total carries on if it comes back. */
    private final Map<SeriesId, RaplCounter> counters = new HashMap<>();
    /** What was last logged per zone (or zone and topic), so a lasting condition is logged once. */
    private final Map<String, String> logged = new HashMap<>();

    public RaplEnergyCollector(HostIdentity host) {
        this(host, DEFAULT_ROOT, Files::readString);
    }

    /** Reads the zones under {@code root} (a fake tree in tests) through {@code reader}. */
    RaplEnergyCollector(HostIdentity host, Path root, FileReader reader) {
        this.base = Labels.of("host", Objects.requireNonNull(host, "host").hostname());
        this.root = Objects.requireNonNull(root, "root");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "CPU & DRAM energy (RAPL)";
    }

    /** A zone's name, domain and counter range, read once. {@code domain} is empty for a name Gridscope skips. */
    private record ZoneFacts(String zone, String name, Optional<String> domain, long rangeMicroJoules) {}

    @Override
    public Snapshot collect(long epochMillis) throws CollectorUnavailableException {
        Map<String, Path> zones;
        try {
            zones = listZones();
        } catch (CollectorUnavailableException e) {
            counters.values().forEach(RaplCounter::forget);
            facts.clear();
            throw e;
        }
        facts.keySet().retainAll(zones.values());
        List<Sample> out = new ArrayList<>(zones.size());
        Set<SeriesId> read = new HashSet<>();
        Map<String, String> failures = new LinkedHashMap<>();
        int known = 0;
        for (Map.Entry<String, Path> z : zones.entrySet()) {
            ZoneFacts f;
            try {
                f = facts(z.getKey(), z.getValue());
            } catch (IOException e) {
                known++;
                failures.put(z.getKey(), "cannot read " + z.getValue().resolve(NAME_FILE) + ": " + why(e));
                continue;
            }
            if (f.domain().isEmpty()) {
                continue;
            }
            known++;
            Path file = z.getValue().resolve(ENERGY_FILE);
            long raw;
            try {
                raw = parseMicroJoules(reader.read(file));
            } catch (IOException | NumberFormatException e) {
                String hint = e instanceof AccessDeniedException ? ROOT_ONLY : "";
                failures.put(f.zone(), "cannot read " + file + ": " + why(e) + hint);
                continue;
            }
            SeriesId series = SeriesId.counter(
                    ENERGY,
                    Unit.JOULES,
                    base.with("zone", f.zone()).with("domain", f.domain().get()));
            RaplCounter counter = counters.computeIfAbsent(series, k -> new RaplCounter());
            RaplCounter.Step step = counter.update(raw, f.rangeMicroJoules(), epochMillis);
            report(f, step);
            read.add(series);
            out.add(new Sample(series, epochMillis, counter.totalJoules()));
        }
        // A series not read this pass (zone gone or unreadable) starts from a new base when it is read again.
        counters.forEach((series, counter) -> {
            if (!read.contains(series)) {
                counter.forget();
            }
        });
        if (out.isEmpty()) {
            if (known == 0) {
                throw new CollectorUnavailableException(
                        "no RAPL zone with a known domain under " + root + " (zones: " + zones.keySet() + ")");
            }
            String first = failures.values().iterator().next();
            int others = failures.size() - 1;
            throw new CollectorUnavailableException(
                    others == 0 ? first : first + "; " + others + " other zone(s) cannot be read either");
        }
        // Some zones read, some not: the pass succeeds with what was read, and each unreadable zone is logged.
        failures.forEach(this::logOnce);
        return Snapshot.of(ID, epochMillis, out);
    }

    /** Zone name → directory, in zone order; every pass, so zones that appear or vanish are seen at once. */
    private Map<String, Path> listZones() throws CollectorUnavailableException {
        if (!Files.isDirectory(root)) {
            throw new CollectorUnavailableException("no " + root + ": no powercap interface here (not Linux, a "
                    + "virtual machine, or the intel_rapl driver is not loaded); CPU energy is not measured");
        }
        Map<String, Path> zones = new TreeMap<>(RaplEnergyCollector::compareZones);
        try {
            // The kernel lists zones and subzones at the top; a tree that nests subzones only inside their zone is
            // read too. A subzone listed both ways is one zone, always read through the top-level path.
            List<Path> top = list(root);
            for (Path dir : top) {
                String name = dir.getFileName().toString();
                if (ZONE.matcher(name).matches() || SUBZONE.matcher(name).matches()) {
                    zones.put(name, dir);
                }
            }
            for (Path dir : top) {
                if (ZONE.matcher(dir.getFileName().toString()).matches()) {
                    for (Path sub : list(dir)) {
                        if (SUBZONE.matcher(sub.getFileName().toString()).matches()) {
                            zones.putIfAbsent(sub.getFileName().toString(), sub);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new CollectorUnavailableException("cannot list " + root + ": " + why(e), e);
        }
        if (zones.isEmpty()) {
            throw new CollectorUnavailableException("no RAPL zone (intel-rapl:N) under " + root + ": the CPU or its "
                    + "driver exposes no energy counters (intel_rapl_common/intel_rapl_msr not loaded?)");
        }
        return zones;
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The zone's static facts, read at its first pass; a failure to read its name is not cached. */
    private ZoneFacts facts(String zone, Path dir) throws IOException {
        ZoneFacts known = facts.get(dir);
        if (known != null) {
            return known;
        }
        String name = reader.read(dir.resolve(NAME_FILE)).strip();
        Optional<String> domain = domain(name);
        if (domain.isEmpty()) {
            logOnce(zone, "RAPL zone " + zone + " is named '" + name + "', not a domain Gridscope knows; skipped");
        }
        long range = 0;
        Path rangeFile = dir.resolve(RANGE_FILE);
        try {
            range = parseMicroJoules(reader.read(rangeFile));
        } catch (IOException | NumberFormatException e) {
            log.warn(
                    "cannot read {} ({}): every drop of zone {}'s counter will count as a reset, not a wrap",
                    rangeFile,
                    why(e),
                    zone);
        }
        ZoneFacts f = new ZoneFacts(zone, name, domain, range);
        facts.put(dir, f);
        return f;
    }

    private void report(ZoneFacts f, RaplCounter.Step step) {
        switch (step.kind()) {
            case FIRST -> {
                if (logged.remove(f.zone()) != null) {
                    log.info("RAPL zone {} ({}) is read again", f.zone(), f.name());
                }
            }
            case INCREASE -> {}
            case WRAP -> log.debug("RAPL zone {} wrapped at {} µJ", f.zone(), f.rangeMicroJoules());
            case RESET ->
                log.info(
                        "RAPL zone {} ({}) went down by more than a wrap can explain: counted as a reset",
                        f.zone(),
                        f.name());
            case GAP ->
                logOnce(
                        f.zone() + " gap",
                        "RAPL zone " + f.zone() + ": reads more than "
                                + RaplCounter.longestGapMillis(f.rangeMicroJoules()) / 1000
                                + " s apart, in which its counter may wrap more than once; the energy between them "
                                + "is not counted (use a shorter sampling interval)");
        }
    }

    /** Logs a zone's condition when it differs from the last one logged for that zone. */
    private void logOnce(String zone, String message) {
        if (!message.equals(logged.put(zone, message))) {
            log.warn(message);
        }
    }

    /** The domain label for a zone's {@code name}; empty for a name Gridscope does not know. */
    static Optional<String> domain(String zoneName) {
        if (zoneName.matches("package-\\d+")) {
            return Optional.of("package");
        }
        return switch (zoneName) {
            case "dram", "core", "uncore", "psys" -> Optional.of(zoneName);
            default -> Optional.empty();
        };
    }

    /** A sysfs counter value: a non-negative decimal on one line. */
    static long parseMicroJoules(String text) {
        long v = Long.parseLong(text.strip());
        if (v < 0) {
            throw new NumberFormatException("negative: " + v);
        }
        return v;
    }

    /** Why a read failed, in words. */
    static String why(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof NumberFormatException) {
            return "not a counter value (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** intel-rapl:0 < intel-rapl:0:0 < intel-rapl:0:1 < intel-rapl:1 < intel-rapl:10. */
    static int compareZones(String a, String b) {
        return Comparator.comparing(RaplEnergyCollector::zoneNumbers, RaplEnergyCollector::compareNumbers)
                .compare(a, b);
    }

    private static long[] zoneNumbers(String zone) {
        Matcher sub = SUBZONE.matcher(zone);
        if (sub.matches()) {
            return new long[] {Long.parseLong(sub.group(1)), Long.parseLong(sub.group(2))};
        }
        Matcher top = ZONE.matcher(zone);
        if (top.matches()) {
            return new long[] {Long.parseLong(top.group(1))};
        }
        throw new IllegalArgumentException("not a RAPL zone: " + zone);
    }

    private static int compareNumbers(long[] a, long[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = Long.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
