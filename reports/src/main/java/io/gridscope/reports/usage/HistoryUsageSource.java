package io.gridscope.reports.usage;

import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.SeriesAggregates;
import io.gridscope.history.SeriesQuery;
import io.gridscope.history.Tier;
import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads usage from the local history through {@link HistoryReader#queryRange}: 1-minute rollups while the minute
 * tier still holds the period's start, else 1-hour rollups. Counter increases per slot follow the one counter rule
 * (measured from the last reading before the slot, resets counted as restarts), so the energy of a period is the
 * same from either tier.
 */
public final class HistoryUsageSource implements UsageSource {
    public static final String GPU_ENERGY = "gpu_energy_joules_total";
    public static final String GPU_POWER = "gpu_power_watts";
    public static final String GPU_UTILIZATION = "gpu_utilization_ratio";
    public static final String GPU_INFO = "gpu_info";
    public static final String GPU_USER_SM = "gpu_user_sm_ratio";
    public static final String HOST_RAPL = "host_rapl_energy_joules_total";
    public static final String HOST_CPU = "host_cpu_utilization_ratio";
    public static final String HOST_MEMORY_TOTAL = "host_memory_total_bytes";
    public static final String HOST_CORES = "host_cpu_logical_cores";

    private final HistoryReader reader;

    public HistoryUsageSource(HistoryReader reader) {
        this.reader = reader;
    }

    @Override
    public String describe() {
        return "local history (" + reader.file() + ")";
    }

    @Override
    public SlotGrid grid(long fromMillis, long toMillis) {
        Tier tier = Tier.select(
                fromMillis, Tier.MINUTE.widthMillis(), reader.options().clock().millis(), reader.options());
        long step = Math.max(Tier.MINUTE.widthMillis(), tier.widthMillis());
        return new SlotGrid(fromMillis, toMillis, step);
    }

    @Override
    public List<GpuRef> gpus(SlotGrid grid) {
        Map<String, String> models = new LinkedHashMap<>();
        for (SeriesId s : find(GPU_INFO, Labels.EMPTY)) {
            String uuid = s.labels().get("gpu_uuid").orElse("");
            String host = s.labels().get("host").orElse("");
            models.put(host + "\u0000" + uuid, s.labels().get("gpu_name").orElse(""));
        }
        TreeSet<String> keys = new TreeSet<>();
        for (String metric : List.of(GPU_ENERGY, GPU_POWER, GPU_UTILIZATION)) {
            for (SeriesAggregates a : presence(metric, Labels.EMPTY, grid)) {
                Labels l = a.series().labels();
                if (a.size() == 0
                        || l.get("mig_uuid").isPresent()
                        || l.get("gpu_uuid").isEmpty()) {
                    continue;
                }
                keys.add(l.get("host").orElse("") + "\u0000" + l.get("gpu_uuid").get());
            }
        }
        List<GpuRef> out = new ArrayList<>();
        for (String k : keys) {
            String[] hu = k.split("\u0000", 2);
            out.add(new GpuRef(hu[0], hu[1], models.getOrDefault(k, "")));
        }
        return out;
    }

    @Override
    public List<String> hosts(SlotGrid grid) {
        TreeSet<String> hosts = new TreeSet<>();
        for (SeriesAggregates a : presence(HOST_CPU, Labels.of("cpu", "total"), grid)) {
            if (a.size() > 0) {
                a.series().labels().get("host").ifPresent(hosts::add);
            }
        }
        for (SeriesAggregates a : presence(HOST_RAPL, Labels.EMPTY, grid)) {
            if (a.size() > 0) {
                a.series().labels().get("host").ifPresent(hosts::add);
            }
        }
        return List.copyOf(hosts);
    }

    @Override
    public GpuUsage gpu(GpuRef gpu, SlotGrid grid) {
        Labels match = Labels.of("host", gpu.host(), "gpu_uuid", gpu.uuid());
        List<SeriesAggregates> energy = whole(range(GPU_ENERGY, match, grid));
        EnergyMethod method;
        double[] joules;
        if (!energy.isEmpty()) {
            method = EnergyMethod.COUNTER;
            joules = sumIncreases(energy, grid);
        } else {
            List<SeriesAggregates> power = whole(range(GPU_POWER, match, grid));
            if (power.isEmpty()) {
                method = EnergyMethod.NONE;
                joules = nans(grid);
            } else {
                method = EnergyMethod.POWER_INTEGRATED;
                double[] watts = means(power, grid);
                joules = new double[grid.size()];
                for (int i = 0; i < joules.length; i++) {
                    joules[i] = watts[i] * grid.length(i) / 1000.0;
                }
            }
        }
        double[] util = means(whole(range(GPU_UTILIZATION, match, grid)), grid);
        List<GpuUsage.UserShare> users = new ArrayList<>();
        for (SeriesAggregates a : range(GPU_USER_SM, match, grid)) {
            if (a.size() == 0) {
                continue;
            }
            Labels l = a.series().labels();
            users.add(new GpuUsage.UserShare(
                    l.get("user").orElse("unknown"), l.get("container").orElse(""), means(List.of(a), grid)));
        }
        return new GpuUsage(gpu, method, joules, util, users);
    }

    @Override
    public HostUsage host(String host, SlotGrid grid) {
        Labels match = Labels.of("host", host);
        double[] rapl = null;
        List<SeriesAggregates> meters = new ArrayList<>();
        for (SeriesAggregates a : range(HOST_RAPL, match, grid)) {
            String domain = a.series().labels().get("domain").orElse("");
            if (domain.equals("package") || domain.equals("dram")) {
                meters.add(a);
            }
        }
        if (!meters.isEmpty()) {
            rapl = sumIncreases(meters, grid);
        }
        int cores = 0;
        for (SeriesAggregates a : range(HOST_CORES, match, grid)) {
            for (int k = 0; k < a.size(); k++) {
                cores = Math.max(cores, (int) Math.round(a.max()[k]));
            }
        }
        for (SeriesId s : cores > 0 ? List.<SeriesId>of() : find(HOST_CPU, match)) {
            String cpu = s.labels().get("cpu").orElse("total");
            if (!cpu.equals("total")) {
                cores++;
            }
        }
        double[] cpu = means(range(HOST_CPU, match.with("cpu", "total"), grid), grid);
        double[] memory = means(range(HOST_MEMORY_TOTAL, match, grid), grid);
        return new HostUsage(host, rapl, cpu, cores, memory);
    }

    // ------------------------------------------------------------------------------------------------ reading

    private List<SeriesId> find(String metric, Labels match) {
        try {
            return reader.findSeries(metric, match);
        } catch (HistoryException e) {
            throw new UsageException("could not read the history: " + e.getMessage(), e);
        }
    }

    /**
     * Which series have data in the period: one step over the whole period, read from the 1-hour rollups (60 times
     * fewer rows than the minutes the figures are read from).
     */
    private List<SeriesAggregates> presence(String metric, Labels match, SlotGrid grid) {
        long hour = Tier.HOUR.widthMillis();
        long from = Math.floorDiv(grid.fromMillis(), hour) * hour; // the hour bucket holding the period's start
        try {
            return reader.queryRange(
                    new SeriesQuery(metric, match, from, grid.toMillis()), Math.max(hour, grid.toMillis() - from));
        } catch (HistoryException e) {
            throw new UsageException("could not read " + metric + " from the history: " + e.getMessage(), e);
        }
    }

    private List<SeriesAggregates> range(String metric, Labels match, SlotGrid grid) {
        try {
            return reader.queryRange(
                    new SeriesQuery(metric, match, grid.fromMillis(), grid.toMillis()), grid.stepMillis());
        } catch (HistoryException e) {
            throw new UsageException("could not read " + metric + " from the history: " + e.getMessage(), e);
        }
    }

    /** Series of the whole GPU (not one of its MIG instances). */
    private static List<SeriesAggregates> whole(List<SeriesAggregates> in) {
        return in.stream()
                .filter(a -> a.series().labels().get("mig_uuid").isEmpty())
                .toList();
    }

    private static double[] nans(SlotGrid grid) {
        double[] d = new double[grid.size()];
        Arrays.fill(d, Double.NaN);
        return d;
    }

    /** Per slot, the sum of the series' counter increases; NaN where none of them has a reading. */
    private static double[] sumIncreases(List<SeriesAggregates> series, SlotGrid grid) {
        double[] out = nans(grid);
        for (SeriesAggregates a : series) {
            for (int k = 0; k < a.size(); k++) {
                int i = grid.indexOf(a.epochMillis()[k]);
                if (i < 0 || a.count()[k] == 0 || Double.isNaN(a.increase()[k])) {
                    continue;
                }
                out[i] = (Double.isNaN(out[i]) ? 0 : out[i]) + a.increase()[k];
            }
        }
        return out;
    }

    /** Per slot, the mean over the samples of all the series (NaN where none has a sample). */
    private static double[] means(List<SeriesAggregates> series, SlotGrid grid) {
        double[] sum = new double[grid.size()];
        long[] count = new long[grid.size()];
        for (SeriesAggregates a : series) {
            for (int k = 0; k < a.size(); k++) {
                int i = grid.indexOf(a.epochMillis()[k]);
                if (i >= 0 && a.count()[k] > 0) {
                    sum[i] += a.sum()[k];
                    count[i] += a.count()[k];
                }
            }
        }
        double[] out = new double[grid.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        }
        return out;
    }
}
