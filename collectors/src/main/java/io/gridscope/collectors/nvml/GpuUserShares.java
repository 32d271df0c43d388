package io.gridscope.collectors.nvml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SM share of one GPU by user and container in one pass: the sum of the SM utilisation ratios of each
 * user's processes in each container, bounded to the largest few so the number of series stays small.
 *
 * <p>A pure function of the pass's {@link GpuProcess}es, tested without NVML.
 */
final class GpuUserShares {
    /** The user of a process whose owner {@code /proc} does not tell (another PID namespace, already exited). */
    static final String UNKNOWN_USER = "unknown";
    /** The user of the one share that sums every user/container beyond the limit. */
    static final String OTHER_USER = "other";

    private GpuUserShares() {}

    /**
     * One user's SM share in one container (empty when the processes run in no container).
     *
     * @param smRatio the sum of the processes' SM ratios, at most 1
     */
    record Share(String user, String container, double smRatio) {
        Share {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(container, "container");
        }
    }

    /**
     * The shares of one GPU's processes, largest first, at most {@code limit} of them plus one {@code
     * user="other", container=""} share that sums the rest (present only when there is a rest). A real user named
     * {@code other} outside containers is part of that share. Processes without an SM sample in this pass are left
     * out; when none has one, the list is empty: NVML said nothing about who used the GPU.
     *
     * <p>Ties are ordered by user, then container, so the same pass always gives the same series. A share is at most
     * 1 (NVML's per-process samples can add up to more than the GPU's time).
     *
     * @param limit how many user/container shares to keep apart, at least 1
     */
    static List<Share> of(List<GpuProcess> processes, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        Map<List<String>, Double> sums = new LinkedHashMap<>();
        for (GpuProcess p : processes) {
            if (p.smUtilizationRatio().isEmpty()) {
                continue;
            }
            List<String> key =
                    List.of(p.user().orElse(UNKNOWN_USER), p.containerId().orElse(""));
            sums.merge(key, p.smUtilizationRatio().getAsDouble(), Double::sum);
        }
        List<Share> all = new ArrayList<>(sums.size());
        sums.forEach((key, sum) -> all.add(new Share(key.get(0), key.get(1), sum)));
        all.sort(Comparator.comparingDouble(Share::smRatio)
                .reversed()
                .thenComparing(Share::user)
                .thenComparing(Share::container));
        List<Share> out = new ArrayList<>(Math.min(all.size(), limit + 1));
        double rest = 0;
        boolean folded = false;
        for (Share s : all) {
            boolean isOther = s.user().equals(OTHER_USER) && s.container().isEmpty();
            if (!isOther && out.size() < limit) {
                out.add(new Share(s.user(), s.container(), Math.min(1.0, s.smRatio())));
            } else {
                rest += s.smRatio();
                folded = true;
            }
        }
        if (folded) {
            out.add(new Share(OTHER_USER, "", Math.min(1.0, rest)));
        }
        return out;
    }
}
