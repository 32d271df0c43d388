package io.gridscope.reports.usage;

import java.util.List;
import java.util.Objects;

/**
 * What was measured of one GPU, slot by slot over a {@link SlotGrid}. NaN marks a slot without data (a gap, never
 * a zero).
 *
 * @param energyJoules energy used in each slot: the counter's increase, or mean power × slot length when {@code
 *     energyMethod} is {@link EnergyMethod#POWER_INTEGRATED}
 * @param utilizationRatio mean GPU utilisation in each slot, 0..1
 * @param users the SM share (0..1) of each user and container that ran on the GPU, slot by slot (NaN when the
 *     user had no sample in the slot)
 */
public record GpuUsage(
        GpuRef gpu,
        EnergyMethod energyMethod,
        double[] energyJoules,
        double[] utilizationRatio,
        List<UserShare> users) {
    public GpuUsage {
        Objects.requireNonNull(gpu);
        Objects.requireNonNull(energyMethod);
        users = List.copyOf(users);
    }

    /** One user (and container, empty when none) on a GPU. */
    public record UserShare(String user, String container, double[] smRatio) {
        /** "alice" or "alice @ 3f2a…": how reports name the user. */
        public String label() {
            return container.isEmpty() ? user : user + " @ " + container;
        }
    }
}
