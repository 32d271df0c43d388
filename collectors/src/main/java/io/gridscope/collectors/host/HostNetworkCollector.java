package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Snapshot;
import io.gridscope.collectors.model.Unit;
import java.util.ArrayList;
import java.util.HashMap;
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
    private static final String[] METRICS = {RECEIVE_BYTES, TRANSMIT_BYTES, RECEIVE_PACKETS, TRANSMIT_PACKETS,
            RECEIVE_ERRORS, TRANSMIT_ERRORS, RECEIVE_DROPS, TRANSMIT_DROPS};
    private static final Unit[] UNITS = {Unit.BYTES_PER_SECOND, Unit.BYTES_PER_SECOND, Unit.PER_SECOND,
            Unit.PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND};
    private static final Logger log = LoggerFactory.getLogger(HostNetworkCollector.class);

    private final Labels base;
    private final CounterRates rates = new CounterRates();
    /** Series ids per interface, built once: validating names and labels every pass would cost more than reading. */
    private final Map<String, SeriesId[]> series = new HashMap<>();
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
        Map<String, long[]> netDev = readNetDev();
        if (netDev != null) {
            return fromProc(netDev, epochMillis);
        }
        boolean refreshed = false;
        if (passesSinceRefresh-- <= 0) {
            interfaces = hardware.getNetworkIFs(false);
            passesSinceRefresh = REFRESH_PASSES;
            refreshed = true;
        }
        List<Sample> out = new ArrayList<>(interfaces.size() * METRICS.length);
        Set<String> seen = new HashSet<>();
        for (NetworkIF nif : interfaces) {
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
            retain(seen);
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
            emit(out, e.getKey(), rates.update(e.getKey(), epochMillis, f[0], f[4], f[1], f[5], f[2], f[6], f[3],
                    f[7]), epochMillis);
        }
        if (series.size() > netDev.size()) {
            retain(netDev.keySet());
        }
        return Snapshot.of(ID, epochMillis, out);
    }

    private void retain(Set<String> names) {
        rates.retain(names);
        series.keySet().retainAll(names);
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
        SeriesId[] ids = series.computeIfAbsent(name, n -> {
            Labels labels = base.with("interface", n);
            SeriesId[] a = new SeriesId[METRICS.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = SeriesId.gauge(METRICS[i], UNITS[i], labels);
            }
            return a;
        });
        for (int i = 0; i < r.length; i++) {
            if (!Double.isNaN(r[i])) {
                out.add(new Sample(ids[i], epochMillis, r[i]));
            }
        }
    }
}
