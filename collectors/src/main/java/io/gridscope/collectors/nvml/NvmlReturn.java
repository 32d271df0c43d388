package io.gridscope.collectors.nvml;

/** The {@code nvmlReturn_t} codes Gridscope distinguishes (values as in {@code nvml.h}). */
public final class NvmlReturn {
    public static final int SUCCESS = 0;
    public static final int UNINITIALIZED = 1;
    public static final int INVALID_ARGUMENT = 2;
    public static final int NOT_SUPPORTED = 3;
    public static final int NO_PERMISSION = 4;
    public static final int NOT_FOUND = 6;
    public static final int INSUFFICIENT_SIZE = 7;
    public static final int DRIVER_NOT_LOADED = 9;
    public static final int TIMEOUT = 10;
    public static final int LIBRARY_NOT_FOUND = 12;
    public static final int FUNCTION_NOT_FOUND = 13;
    public static final int GPU_IS_LOST = 15;
    public static final int RESET_REQUIRED = 16;
    public static final int LIB_RM_VERSION_MISMATCH = 18;
    public static final int NO_DATA = 21;
    public static final int ARGUMENT_VERSION_MISMATCH = 25;
    public static final int UNKNOWN = 999;

    private NvmlReturn() {}

    /** The {@code NVML_ERROR_*} name of a code, for messages and logs. */
    public static String name(int code) {
        return switch (code) {
            case SUCCESS -> "NVML_SUCCESS";
            case UNINITIALIZED -> "NVML_ERROR_UNINITIALIZED";
            case INVALID_ARGUMENT -> "NVML_ERROR_INVALID_ARGUMENT";
            case NOT_SUPPORTED -> "NVML_ERROR_NOT_SUPPORTED";
            case NO_PERMISSION -> "NVML_ERROR_NO_PERMISSION";
            case 5 -> "NVML_ERROR_ALREADY_INITIALIZED";
            case NOT_FOUND -> "NVML_ERROR_NOT_FOUND";
            case INSUFFICIENT_SIZE -> "NVML_ERROR_INSUFFICIENT_SIZE";
            case 8 -> "NVML_ERROR_INSUFFICIENT_POWER";
            case DRIVER_NOT_LOADED -> "NVML_ERROR_DRIVER_NOT_LOADED";
            case TIMEOUT -> "NVML_ERROR_TIMEOUT";
            case 11 -> "NVML_ERROR_IRQ_ISSUE";
            case LIBRARY_NOT_FOUND -> "NVML_ERROR_LIBRARY_NOT_FOUND";
            case FUNCTION_NOT_FOUND -> "NVML_ERROR_FUNCTION_NOT_FOUND";
            case 14 -> "NVML_ERROR_CORRUPTED_INFOROM";
            case GPU_IS_LOST -> "NVML_ERROR_GPU_IS_LOST";
            case RESET_REQUIRED -> "NVML_ERROR_RESET_REQUIRED";
            case 17 -> "NVML_ERROR_OPERATING_SYSTEM";
            case LIB_RM_VERSION_MISMATCH -> "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
            case 19 -> "NVML_ERROR_IN_USE";
            case 20 -> "NVML_ERROR_MEMORY";
            case NO_DATA -> "NVML_ERROR_NO_DATA";
            case ARGUMENT_VERSION_MISMATCH -> "NVML_ERROR_ARGUMENT_VERSION_MISMATCH";
            case 26 -> "NVML_ERROR_DEPRECATED";
            case 27 -> "NVML_ERROR_NOT_READY";
            case 28 -> "NVML_ERROR_GPU_NOT_FOUND";
            case 29 -> "NVML_ERROR_INVALID_STATE";
            case UNKNOWN -> "NVML_ERROR_UNKNOWN";
            default -> "NVML_ERROR_UNKNOWN(" + code + ")";
        };
    }

    /** True for codes that mean "this field does not exist here": the value is absent, never 0. */
    public static boolean meansAbsent(int code) {
        return code == NOT_SUPPORTED
                || code == FUNCTION_NOT_FOUND
                || code == NOT_FOUND
                || code == NO_DATA
                || code == NO_PERMISSION
                || code == ARGUMENT_VERSION_MISMATCH
                || code == INVALID_ARGUMENT;
    }
}
