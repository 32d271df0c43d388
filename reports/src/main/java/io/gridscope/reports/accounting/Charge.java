package io.gridscope.reports.accounting;

import io.gridscope.reports.usage.GpuRef;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/**
 * One priced piece of a report, as the engine books it: one resource (a GPU, or a host's CPU and memory), one
 * consumer of it (a user's share, the owner, or idle time), one cell of time (at most a UTC hour, inside which
 * every price, rate and rule is constant). The report's rows are sums of charges; the FOCUS export writes them per
 * resource and charge period. Amounts are unrounded, in the report's currency (converted at the cell's start).
 *
 * @param startMillis start of the cell, epoch millis UTC (inclusive)
 * @param endMillis end of the cell (exclusive)
 * @param host the resource's host
 * @param gpu the GPU; empty for the host's CPU and memory
 * @param siteId the host's site; empty when it is in no site
 * @param team the team the allocation rules give this consumer ({@link AccountingEngine#UNALLOCATED} when none)
 * @param project the project, likewise
 * @param user the user ("alice", "alice @ container") when the GPU's time was split by SM share; else empty
 * @param idle the GPU was idle (utilisation under the threshold) in this part of the cell
 * @param millis time of the resource this charge covers (a share of the cell when split among users)
 * @param coveredMillis the part of {@code millis} with an energy reading
 * @param hardware how the resource's time was priced: "owned", "cloud" (also a cloud host whose GPUs take all of the
 *     instance's price), "fallback" or "" (no price known)
 */
public record Charge(
        long startMillis,
        long endMillis,
        String host,
        Optional<GpuRef> gpu,
        Optional<String> siteId,
        String team,
        String project,
        String user,
        boolean idle,
        BigDecimal itKwh,
        BigDecimal facilityKwh,
        BigDecimal estimatedKwh,
        BigDecimal operationalGrams,
        BigDecimal embodiedGrams,
        BigDecimal amortisation,
        BigDecimal electricity,
        BigDecimal cloud,
        BigDecimal fallback,
        BigDecimal unpricedKwh,
        Currency currency,
        double millis,
        double coveredMillis,
        String hardware) {

    /** amortisation + electricity + cloud + fallback. */
    public BigDecimal total() {
        return amortisation.add(electricity).add(cloud).add(fallback);
    }

    /** The resource: the GPU's UUID, or the host for its CPU and memory. */
    public String resourceId() {
        return gpu.map(GpuRef::uuid).orElse(host);
    }
}
