package io.gridscope.reports.usage;

import java.util.Objects;

/** A physical GPU: its host, its UUID and its model name (empty when unknown). */
public record GpuRef(String host, String uuid, String model) {
    public GpuRef {
        Objects.requireNonNull(host);
        Objects.requireNonNull(uuid);
        Objects.requireNonNull(model);
    }
}
