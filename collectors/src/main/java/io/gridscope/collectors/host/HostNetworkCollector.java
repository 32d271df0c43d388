package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * Per network interface throughput (loopback excluded).
 *
 * <p>Series (labels {@code host}, {@code interface}), rates per second since the previous pass, absent on the first
 * pass and across a counter reset: {@code host_network_receive_bytes_per_second},
 * {@code host_network_transmit_bytes_per_second}, {@code host_network_receive_packets_per_second},
 * {@code host_network_transmit_packets_per_second}, {@code host_network_receive_errors_per_second},
 * {@code host_network_transmit_errors_per_second}, {@code host_network_receive_drops_per_second},
 * {@code host_network_transmit_drops_per_second} (Linux only).
 *
 * <p>The interface list is reused between passes ({@code updateAttributes}) and refreshed every
 * {@value #REFRESH_PASSES} passes so new interfaces (containers, VPNs) appear. On Linux every interface but
 * {@code lo} comes from one read of {@code /proc/net/dev} per pass ({@link LinuxProcFiles}) instead of OSHI's
 * per-interface sysfs reads, and new interfaces appear on the next pass. Scheduler thread only.
 */
public final class HostNetworkCollector implements Collector {
    public static final String ID = "host_network";
    public static final String RECEIVE_BYTES = "host_network_receive_bytes_per_second";
    public static final String TRANSMIT_BYTES = "host_network_transmit_bytes_per_second";
    public static final String RECEIVE_PACKETS = "host_network_receive_packets_per_second";
    public static final String TRANSMIT_PACKETS = "host_network_transmit_packets_per_second";
    public static final String RECEIVE_ERRORS = "host_network_receive_errors_per_second";
    public static final String TRANSMIT_ERRORS = "host_network_transmit_errors_per_second";
    public static final String RECEIVE_DROPS = "host_network_receive_drops_per_second";
    public static final String TRANSMIT_DROPS = "host_network_transmit_drops_per_second";
    static final int REFRESH_PASSES = 300;
    private static final String[] METRICS = {
        RECEIVE_BYTES,
        TRANSMIT_BYTES,
        RECEIVE_PACKETS,
        TRANSMIT_PACKETS,
        RECEIVE_ERRORS,
        TRANSMIT_ERRORS,
        RECEIVE_DROPS,
        TRANSMIT_DROPS
    };
    private static final Unit[] UNITS = {
        Unit.BYTES_PER_SECOND,
        Unit.BYTES_PER_SECOND,
        Unit.PER_SECOND,
        Unit.PER_SECOND,
        Unit.PER_SECOND,
        Unit.PER_SECOND,
        Unit.PER_SECOND,
        Unit.PER_SECOND
    };

    private final RateSeries series;
    private final PeriodicList<NetworkIF> interfaces;
    private HardwareAbstractionLayer hardware;
    private LinuxProcFiles proc;
    private boolean procProbed;

    public HostNetworkCollector(HostIdentity identity) {
        this(identity, null);
    }

    /** Reads {@code net/dev} from {@code proc} (a fixture directory in tests) instead of detecting /proc. */
    HostNetworkCollector(HostIdentity identity, LinuxProcFiles proc) {
        this.series = new RateSeries(Labels.of("host", identity.hostname()), "interface", METRICS, UNITS);
        this.interfaces = new PeriodicList<>(() -> hardware().getNetworkIFs(false), REFRESH_PASSES);
        this.proc = proc;
    }

    private HardwareAbstractionLayer hardware() {
        if (hardware == null) {
            hardware = new SystemInfo().getHardware();
        }
        return hardware;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Host network";
    }

    @Override
    public Snapshot collect(long epochMillis) {
        if (proc == null && !procProbed) {
            proc = LinuxProcFiles.detect().orElse(null);
            procProbed = true;
        }
        Optional<Map<String, long[]>> netDev =
                proc == null ? Optional.empty() : proc.tryRead("net/dev").map(LinuxProcFiles::parseNetDev);
        if (netDev.isPresent()) {
            return fromProc(netDev.get(), epochMillis);
        }
        List<NetworkIF> list = interfaces.next();
        List<Sample> out = new ArrayList<>(list.size() * METRICS.length);
        Set<String> seen = new HashSet<>();
        for (NetworkIF nif : list) {
            if (!interfaces.refreshed() && !nif.updateAttributes()) {
                continue;
            }
            String name = nif.getName();
            seen.add(name);
            series.emit(
                    out,
                    name,
                    series.rates(
                            name,
                            nif.getTimeStamp(),
                            nif.getBytesRecv(),
                            nif.getBytesSent(),
                            nif.getPacketsRecv(),
                            nif.getPacketsSent(),
                            nif.getInErrors(),
                            nif.getOutErrors(),
                            nif.getInDrops()),
                    epochMillis);
        }
        if (interfaces.refreshed()) {
            series.retain(seen);
        }
        return Snapshot.of(ID, epochMillis, out);
    }

    /** Linux: every interface in /proc/net/dev except loopback; new interfaces appear on the next pass. */
    private Snapshot fromProc(Map<String, long[]> netDev, long epochMillis) {
        List<Sample> out = new ArrayList<>(netDev.size() * METRICS.length);
        for (Map.Entry<String, long[]> e : netDev.entrySet()) {
            if (e.getKey().equals("lo")) {
                continue;
            }
            long[] f = e.getValue();
            // /proc/net/dev order: rx bytes, rx packets, rx errs, rx drop, tx bytes, tx packets, tx errs, tx drop
            series.emit(
                    out,
                    e.getKey(),
                    series.rates(e.getKey(), epochMillis, f[0], f[4], f[1], f[5], f[2], f[6], f[3], f[7]),
                    epochMillis);
        }
        if (series.size() > netDev.size()) {
            series.retain(netDev.keySet());
        }
        return Snapshot.of(ID, epochMillis, out);
    }
}
