package io.gridscope.collectors.nvml;

/** An NVML call returned something other than {@code NVML_SUCCESS}. */
public final class NvmlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String function;

    public NvmlException(String function, int code) {
        super(function + " failed: " + NvmlReturn.name(code));
        this.code = code;
        this.function = function;
    }

    /** The {@code nvmlReturn_t} value, see {@link NvmlReturn}. */
    public int code() {
        return code;
    }

    public String function() {
        return function;
    }

    /** The field is not there on this device (unsupported, missing function, no data): report it as absent. */
    public boolean meansAbsent() {
        return NvmlReturn.meansAbsent(code);
    }

    public boolean gpuLost() {
        return code == NvmlReturn.GPU_IS_LOST;
    }
}
