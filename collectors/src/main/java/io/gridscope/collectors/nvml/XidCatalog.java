package io.gridscope.collectors.nvml;

/** Short descriptions of the XID codes operators meet most, from NVIDIA's XID error catalogue. */
final class XidCatalog {
    private XidCatalog() {}

    static String describe(long xid) {
        return switch ((int) xid) {
            case 13 -> "graphics engine exception";
            case 31 -> "GPU memory page fault";
            case 32 -> "invalid or corrupted push buffer stream";
            case 43 -> "GPU stopped processing";
            case 45 -> "preemptive cleanup, due to previous errors";
            case 48 -> "double-bit ECC error";
            case 61, 62 -> "internal micro-controller error";
            case 63 -> "ECC page retirement or row remapping recorded";
            case 64 -> "ECC page retirement or row remapping failed";
            case 68 -> "video processor exception";
            case 74 -> "NVLink error";
            case 79 -> "GPU has fallen off the bus";
            case 92 -> "high single-bit ECC error rate";
            case 94 -> "contained ECC error";
            case 95 -> "uncontained ECC error";
            case 119, 120 -> "GSP error";
            default -> "see NVIDIA's XID catalogue";
        };
    }
}
