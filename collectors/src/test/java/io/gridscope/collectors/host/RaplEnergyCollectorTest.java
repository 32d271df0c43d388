package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.CollectorUnavailableException;
import io.gridscope.collectors.scheduler.CollectorScheduler;
import io.gridscope.model.Counters;
import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector over a fake powercap tree laid out as the kernel lays out /sys/class/powercap. */
class RaplEnergyCollectorTest {
    private static final HostIdentity HOST = new HostIdentity("cpu-node-1", Optional.empty());
    private static final long RANGE = 262_143_328_850L;
    private static final long J = 1_000_000L;

    @TempDir
    Path powercap;

    private long t = 1_700_000_000_000L;

    /** Two sockets: package + core/uncore/dram subzones on socket 0, package + dram on socket 1, and psys. */
    @BeforeEach
    void twoSocketTree() throws IOException {
        zone("intel-rapl:0", "package-0", 1_000 * J);
        zone("intel-rapl:0/intel-rapl:0:0", "core", 600 * J);
        zone("intel-rapl:0/intel-rapl:0:1", "uncore", 100 * J);
        zone("intel-rapl:0/intel-rapl:0:2", "dram", 300 * J);
        zone("intel-rapl:1", "package-1", 2_000 * J);
        zone("intel-rapl:1/intel-rapl:1:0", "dram", 400 * J);
        zone("intel-rapl:2", "psys", 5_000 * J);
        // The kernel also lists every subzone at the top: the same directory, which must count once.
        Files.createSymbolicLink(powercap.resolve("intel-rapl:0:2"), powercap.resolve("intel-rapl:0/intel-rapl:0:2"));
        // The MMIO interface to package 0: the same package again, never read.
        zone("intel-rapl-mmio:0", "package-0", 999 * J);
        Files.createDirectories(powercap.resolve("intel-rapl")); // the control type, not a zone
    }

    private void zone(String path, String name, long energyMicroJoules) throws IOException {
        Path dir = Files.createDirectories(powercap.resolve(path));
        Files.writeString(dir.resolve("name"), name + "\n");
        Files.writeString(dir.resolve("max_energy_range_uj"), RANGE + "\n");
        energy(path, energyMicroJoules);
    }

    private void energy(String path, long microJoules) throws IOException {
        Files.writeString(powercap.resolve(path).resolve("energy_uj"), microJoules + "\n");
    }

    private RaplEnergyCollector collector() {
        return new RaplEnergyCollector(HOST, powercap, Files::readString);
    }

    private Snapshot pass(RaplEnergyCollector c) throws CollectorUnavailableException {
        t += 1_000;
        return c.collect(t);
    }

    private static Labels labels(String zone, String domain) {
        return Labels.of("host", HOST.hostname(), "zone", zone, "domain", domain);
    }

    private static OptionalDouble value(Snapshot s, String zone, String domain) {
        SeriesId id = SeriesId.counter(RaplEnergyCollector.ENERGY, Unit.JOULES, labels(zone, domain));
        return s.samples().stream()
                .filter(x -> x.series().equals(id))
                .mapToDouble(Sample::value)
                .reduce((a, b) -> {
                    throw new AssertionError("two samples of " + id);
                });
    }

    @Test
    void everyZoneAndSubzoneIsOneJouleCounterNamedByItsDomain() throws Exception {
        Snapshot s = pass(collector());
        assertThat(s.samples())
                .extracting(
                        x -> x.series().metric(),
                        x -> x.series().labels().get("zone").orElseThrow(),
                        x -> x.series().labels().get("domain").orElseThrow(),
                        Sample::value)
                .containsExactly(
                        tuple(RaplEnergyCollector.ENERGY, "intel-rapl:0", "package", 0.0),
                        tuple(RaplEnergyCollector.ENERGY, "intel-rapl:0:0", "core", 0.0),
                        tuple(RaplEnergyCollector.ENERGY, "intel-rapl:0:1", "uncore", 0.0),
                        tuple(RaplEnergyCollector.ENERGY, "intel-rapl:0:2", "dram", 0.0),
                        tuple(RaplEnergyCollector.ENERGY, "intel-rapl:1", "package", 0.0),
                        tuple(RaplEnergyCollector.ENERGY, "intel-rapl:1:0", "dram", 0.0),
                        tuple(RaplEnergyCollector.ENERGY, "intel-rapl:2", "psys", 0.0));
        assertThat(s.samples()).allSatisfy(x -> {
            assertThat(x.series().kind()).isEqualTo(MetricKind.COUNTER);
            assertThat(x.series().unit()).isEqualTo(Unit.JOULES);
            assertThat(x.series().labels().get("host")).hasValue(HOST.hostname());
            assertThat(x.epochMillis()).isEqualTo(t);
        });
    }

    @Test
    void theCounterRisesByTheEnergyReadInJoules() throws Exception {
        RaplEnergyCollector c = collector();
        pass(c);
        energy("intel-rapl:0", 1_085_500_000L);
        energy("intel-rapl:0/intel-rapl:0:2", 312 * J);
        Snapshot s = pass(c);
        assertThat(value(s, "intel-rapl:0", "package")).hasValue(85.5);
        assertThat(value(s, "intel-rapl:0:2", "dram")).hasValue(12.0);
        assertThat(value(s, "intel-rapl:1", "package")).as("unchanged").hasValue(0.0);
    }

    @Test
    void aWrapIsNotAResetAndEveryIncreaseByTheCounterRuleIsTheEnergyDrawn() throws Exception {
        RaplEnergyCollector c = collector();
        energy("intel-rapl:0", RANGE - 150 * J);
        List<Double> emitted = new ArrayList<>();
        emitted.add(value(pass(c), "intel-rapl:0", "package").orElseThrow());
        energy("intel-rapl:0", RANGE - 50 * J);
        emitted.add(value(pass(c), "intel-rapl:0", "package").orElseThrow());
        energy("intel-rapl:0", 70 * J); // wrapped: 50 J to the top, 70 J after it
        emitted.add(value(pass(c), "intel-rapl:0", "package").orElseThrow());
        energy("intel-rapl:0", 170 * J);
        emitted.add(value(pass(c), "intel-rapl:0", "package").orElseThrow());
        assertThat(emitted).containsExactly(0.0, 100.0, 220.0, 320.0);
        double increase = 0;
        for (int i = 1; i < emitted.size(); i++) {
            assertThat(Counters.isReset(emitted.get(i - 1), emitted.get(i))).isFalse();
            increase += Counters.increase(emitted.get(i - 1), emitted.get(i));
        }
        assertThat(increase).isEqualTo(320.0);
    }

    @Test
    void twoReadsWithNoChangeGiveTheSameValue() throws Exception {
        RaplEnergyCollector c = collector();
        energy("intel-rapl:1", 2_050 * J);
        pass(c);
        energy("intel-rapl:1", 2_080 * J);
        double first = value(pass(c), "intel-rapl:1", "package").orElseThrow();
        double second = value(pass(c), "intel-rapl:1", "package").orElseThrow();
        assertThat(first).isEqualTo(30.0);
        assertThat(second).isEqualTo(first);
        assertThat(Counters.increase(first, second)).isZero();
    }

    @Test
    void aVanishedZoneHasNoSampleAndCarriesOnWithoutInventingTheGapWhenItReturns() throws Exception {
        RaplEnergyCollector c = collector();
        pass(c);
        energy("intel-rapl:1/intel-rapl:1:0", 410 * J);
        assertThat(value(pass(c), "intel-rapl:1:0", "dram")).hasValue(10.0);
        Path dram = powercap.resolve("intel-rapl:1/intel-rapl:1:0");
        Path aside = Files.move(dram, powercap.resolve("dram-aside"));
        Snapshot gone = pass(c);
        assertThat(value(gone, "intel-rapl:1:0", "dram")).as("absent, not zero").isEmpty();
        assertThat(value(gone, "intel-rapl:1", "package"))
                .as("the others still report")
                .isPresent();
        Files.move(aside, dram);
        energy("intel-rapl:1/intel-rapl:1:0", 3 * J); // the driver was reloaded meanwhile: a new count
        assertThat(value(pass(c), "intel-rapl:1:0", "dram"))
                .as("the total carries on; the time it was gone is not counted")
                .hasValue(10.0);
        energy("intel-rapl:1/intel-rapl:1:0", 8 * J);
        assertThat(value(pass(c), "intel-rapl:1:0", "dram")).hasValue(15.0);
    }

    @Test
    void zonesWithOtherNamesAreSkipped() throws Exception {
        zone("intel-rapl:3", "gpu-island", 7 * J);
        assertThat(pass(collector()).samples())
                .extracting(x -> x.series().labels().get("zone").orElseThrow())
                .doesNotContain("intel-rapl:3", "intel-rapl-mmio:0")
                .hasSize(7);
    }

    @Test
    void unreadableEnergyMakesTheCollectorUnavailableWithTheFileAndTheReason() throws Exception {
        RaplEnergyCollector c = unreadable(List.of(
                "intel-rapl:0",
                "intel-rapl:0/intel-rapl:0:0",
                "intel-rapl:0/intel-rapl:0:1",
                "intel-rapl:0/intel-rapl:0:2",
                "intel-rapl:1",
                "intel-rapl:1/intel-rapl:1:0",
                "intel-rapl:2"));
        assertThatThrownBy(() -> pass(c))
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessageStartingWith("cannot read " + powercap.resolve("intel-rapl:0/energy_uj") + ": ")
                .hasMessageContaining("permission denied")
                .hasMessageContaining("CVE-2020-8694")
                .hasMessageEndingWith("; 6 other zone(s) cannot be read either");

        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (CollectorScheduler scheduler =
                new CollectorScheduler(Clock.fixed(Instant.ofEpochMilli(t), ZoneOffset.UTC), executor)) {
            List<Snapshot> delivered = new ArrayList<>();
            scheduler.addSink(delivered::add);
            scheduler.register(c);
            scheduler.runPass(RaplEnergyCollector.ID);
            CollectorStatus status = scheduler.statuses().iterator().next();
            assertThat(status.state()).isEqualTo(CollectorState.UNAVAILABLE);
            assertThat(status.message()).contains("intel-rapl:0/energy_uj", "permission denied");
            assertThat(delivered).as("no zero in place of a reading").isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void oneUnreadableZoneIsAbsentWhileTheOthersReport() throws Exception {
        RaplEnergyCollector c = unreadable(List.of("intel-rapl:0/intel-rapl:0:2"));
        Snapshot s = pass(c);
        assertThat(value(s, "intel-rapl:0:2", "dram")).isEmpty();
        assertThat(value(s, "intel-rapl:0", "package")).hasValue(0.0);
        assertThat(s.samples()).hasSize(6);
    }

    /**
     * A collector for which energy_uj of these zones cannot be read: mode 000 where that denies this user, otherwise
     * (root reads anything) the reader reports what the kernel reports to a user without permission.
     */
    private RaplEnergyCollector unreadable(List<String> zones) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String z : zones) {
            Path file = powercap.resolve(z).resolve("energy_uj");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            files.add(file.toRealPath());
        }
        if (!Files.isReadable(files.getFirst())) {
            // Mode 000 denies this user: the production reader meets the real permission error.
            return collector();
        }
        return new RaplEnergyCollector(HOST, powercap, file -> {
            if (files.contains(file.toRealPath())) {
                throw new AccessDeniedException(file.toString());
            }
            return Files.readString(file);
        });
    }

    @Test
    void noPowercapDirectoryIsUnavailableWithTheReason() {
        Path missing = powercap.resolve("absent");
        assertThatThrownBy(() -> new RaplEnergyCollector(HOST, missing, Files::readString).collect(t))
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessageStartingWith("no " + missing + ": no powercap interface here");
    }

    @Test
    void aPowercapDirectoryWithoutRaplZonesIsUnavailable(@TempDir Path empty) throws Exception {
        Files.createDirectories(empty.resolve("intel-rapl"));
        Files.createDirectories(empty.resolve("dtpm"));
        assertThatThrownBy(() -> new RaplEnergyCollector(HOST, empty, Files::readString).collect(t))
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessageStartingWith("no RAPL zone (intel-rapl:N) under " + empty);
    }

    @Test
    void aCounterThatIsNotANumberIsUnavailableNotZero() throws Exception {
        for (String z : List.of(
                "intel-rapl:0",
                "intel-rapl:0/intel-rapl:0:0",
                "intel-rapl:0/intel-rapl:0:1",
                "intel-rapl:0/intel-rapl:0:2",
                "intel-rapl:1",
                "intel-rapl:1/intel-rapl:1:0",
                "intel-rapl:2")) {
            Files.writeString(powercap.resolve(z).resolve("energy_uj"), "\n");
        }
        assertThatThrownBy(() -> pass(collector()))
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessageContaining("intel-rapl:0/energy_uj: not a counter value");
    }

    @Test
    void aCollectorThatWasUnavailableStartsFromANewBaseWhenTheZonesReturn() throws Exception {
        RaplEnergyCollector c = collector();
        pass(c);
        energy("intel-rapl:0", 1_010 * J);
        assertThat(value(pass(c), "intel-rapl:0", "package")).hasValue(10.0);
        Path moved = Files.move(powercap, powercap.resolveSibling(powercap.getFileName() + "-aside"));
        assertThatThrownBy(() -> pass(c)).isInstanceOf(CollectorUnavailableException.class);
        Files.move(moved, powercap);
        energy("intel-rapl:0", 50_000 * J);
        assertThat(value(pass(c), "intel-rapl:0", "package")).hasValue(10.0);
    }

    @Test
    void domainsAreTheFiveRaplDomains() {
        assertThat(RaplEnergyCollector.domain("package-0")).hasValue("package");
        assertThat(RaplEnergyCollector.domain("package-12")).hasValue("package");
        assertThat(RaplEnergyCollector.domain("dram")).hasValue("dram");
        assertThat(RaplEnergyCollector.domain("core")).hasValue("core");
        assertThat(RaplEnergyCollector.domain("uncore")).hasValue("uncore");
        assertThat(RaplEnergyCollector.domain("psys")).hasValue("psys");
        assertThat(RaplEnergyCollector.domain("package")).isEmpty();
        assertThat(RaplEnergyCollector.domain("gpu")).isEmpty();
    }

    @Test
    void zonesSortByTheirNumbers() {
        List<String> zones =
                new ArrayList<>(List.of("intel-rapl:10", "intel-rapl:1", "intel-rapl:0:1", "intel-rapl:0"));
        zones.sort(RaplEnergyCollector::compareZones);
        assertThat(zones).containsExactly("intel-rapl:0", "intel-rapl:0:1", "intel-rapl:1", "intel-rapl:10");
    }
}
