package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Snapshot;
import io.gridscope.collectors.model.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * Per network interface throughput, read through OSHI (loopback excluded).
 *
 * <p>Series (labels {@code host}, {@code interface}), rates per second since the previous pass, absent on the first
 * pass and across a counter reset: {@code host_network_receive_bytes_per_second},
 * {@code host_network_transmit_bytes_per_second}, {@code host_network_receive_packets_per_second},
 * {@code host_network_transmit_packets_per_second}, {@code host_network_receive_errors_per_second},
 * {@code host_network_transmit_errors_per_second}, {@code host_network_receive_drops_per_second},
 * {@code host_network_transmit_drops_per_second} (Linux only).
 *
 * <p>The interface list is reused between passes ({@code updateAttributes}) and refreshed every
 * {@value #REFRESH_PASSES} passes so new interfaces (containers, VPNs) appear. On Linux the counters of every
 * interface come from one read of {@code /proc/net/dev} per pass ({@link LinuxProcFiles}) instead of OSHI's
 * per-interface sysfs reads. Scheduler thread only.
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
    static final int REFRESH_PASSES = 60;
    private static final String[] METRICS = {RECEIVE_BYTES, TRANSMIT_BYTES, RECEIVE_PACKETS, TRANSMIT_PACKETS,
            RECEIVE_ERRORS, TRANSMIT_ERRORS, RECEIVE_DROPS, TRANSMIT_DROPS};
    private static final Unit[] UNITS = {Unit.BYTES_PER_SECOND, Unit.BYTES_PER_SECOND, Unit.PER_SECOND,
            Unit.PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND};
    private static final Logger log = LoggerFactory.getLogger(HostNetworkCollector.class);

    private final Labels base;
    private final CounterRates rates = new CounterRates();
    private HardwareAbstractionLayer hardware;
    private LinuxProcFiles proc;
    private List<NetworkIF> interfaces = List.of();
    private int passesSinceRefresh;

    public HostNetworkCollector(HostIdentity identity) {
        this.base = Labels.of("host", identity.hostname());
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
        if (hardware == null) {
            hardware = new SystemInfo().getHardware();
            proc = LinuxProcFiles.detect().orElse(null);
        }
        boolean refreshed = false;
        if (passesSinceRefresh-- <= 0) {
            interfaces = hardware.getNetworkIFs(false);
            passesSinceRefresh = REFRESH_PASSES;
            refreshed = true;
        }
        List<Sample> out = new ArrayList<>(interfaces.size() * METRICS.length);
        Set<String> seen = new HashSet<>();
        Map<String, long[]> netDev = readNetDev();
        for (NetworkIF nif : interfaces) {
            long[] fast = netDev == null ? null : netDev.get(nif.getName());
            if (fast != null) {
                // /proc/net/dev order: rx bytes, rx packets, rx errs, rx drop, tx bytes, tx packets, tx errs, tx drop
                seen.add(nif.getName());
                emit(out, nif.getName(), rates.update(nif.getName(), epochMillis, fast[0], fast[4], fast[1], fast[5],
                        fast[2], fast[6], fast[3], fast[7]), epochMillis);
                continue;
            }
            if (!refreshed && !nif.updateAttributes()) {
                continue;
            }
            String name = nif.getName();
            seen.add(name);
            double[] r = rates.update(name, nif.getTimeStamp(), nif.getBytesRecv(), nif.getBytesSent(),
                    nif.getPacketsRecv(), nif.getPacketsSent(), nif.getInErrors(), nif.getOutErrors(),
                    nif.getInDrops());
            emit(out, name, r, epochMillis);
        }
        if (refreshed) {
            rates.retain(seen);
        }
        return Snapshot.of(ID, epochMillis, out);
    }

    private Map<String, long[]> readNetDev() {
        if (proc == null) {
            return null;
        }
        try {
            return LinuxProcFiles.parseNetDev(proc.read("net/dev"));
        } catch (java.io.IOException e) {
            log.debug("cannot read /proc/net/dev, using OSHI: {}", e.toString());
            return null;
        }
    }

    private void emit(List<Sample> out, String name, double[] r, long epochMillis) {
        Labels labels = base.with("interface", name);
        for (int i = 0; i < r.length; i++) {
            if (!Double.isNaN(r[i])) {
                out.add(new Sample(SeriesId.gauge(METRICS[i], UNITS[i], labels), epochMillis, r[i]));
            }
        }
    }
}
