package io.gridscope.collectors.nvml;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How one GPU looked at the last pass: its static facts, whether it has fallen off the bus, and which per-sample
 * fields it supports ({@code fields}: field name → {@code "supported"} or the NVML error name, e.g.
 * {@code NVML_ERROR_NOT_SUPPORTED}). Immutable.
 */
public record GpuDeviceStatus(GpuInfo info, boolean lost, SortedMap<String, String> fields) {
    public static final String SUPPORTED = "supported";

    public GpuDeviceStatus {
        Objects.requireNonNull(info, "info");
        fields = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }

    public boolean supports(String field) {
        return SUPPORTED.equals(fields.get(field));
    }

    static GpuDeviceStatus of(GpuInfo info, boolean lost, Map<String, String> fields) {
        return new GpuDeviceStatus(info, lost, new TreeMap<>(fields));
    }
}
