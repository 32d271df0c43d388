package io.gridscope.collectors.nvml;

import io.gridscope.model.Labels;
import io.gridscope.model.TelemetryEvent;
import io.gridscope.model.TelemetryEvent.Severity;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits on an NVML event set and turns each XID or double-bit ECC event into one {@link TelemetryEvent}. Runs on
 * its own thread (NVML's wait blocks), started and stopped by {@link NvmlCollector}; every delivered event is passed
 * to the sink exactly once, so repeats of the same XID are separate events, never a sticky "last XID" value.
 *
 * <p>Thread safety: {@link #run} on one thread; {@link #stop} from any thread. The device map is immutable.
 */
final class NvmlEventWatcher implements Runnable {
    /** {@code nvmlEventTypeSingleBitEccError}. */
    static final long SINGLE_BIT_ECC = 0x1L;
    /** {@code nvmlEventTypeDoubleBitEccError}. */
    static final long DOUBLE_BIT_ECC = 0x2L;
    /** {@code nvmlEventTypeXidCriticalError}. */
    static final long XID_CRITICAL = 0x8L;
    /** The events Gridscope subscribes to: critical ones only (single-bit ECC is read as a counter instead). */
    static final long WANTED = XID_CRITICAL | DOUBLE_BIT_ECC;
    /** NVML's "no MIG instance" marker in {@code nvmlEventData_t}. */
    static final long NO_INSTANCE = 0xFFFF_FFFFL;

    private static final Logger log = LoggerFactory.getLogger(NvmlEventWatcher.class);

    /** The identity of a registered device and its MIG instances keyed by {@code gi << 32 | ci}. */
    record DeviceRef(String gpuUuid, int index, Map<Long, String> migUuidByInstance) {}

    private final NvmlApi api;
    private final long eventSet;
    private final Map<Long, DeviceRef> devices;
    private final String host;
    private final Consumer<TelemetryEvent> sink;
    private final Clock clock;
    private final int waitMillis;
    private volatile boolean stopped;

    NvmlEventWatcher(
            NvmlApi api,
            long eventSet,
            Map<Long, DeviceRef> devices,
            String host,
            Consumer<TelemetryEvent> sink,
            Clock clock,
            int waitMillis) {
        this.api = api;
        this.eventSet = eventSet;
        this.devices = Map.copyOf(devices);
        this.host = host;
        this.sink = sink;
        this.clock = clock;
        this.waitMillis = waitMillis;
    }

    long eventSet() {
        return eventSet;
    }

    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    @Override
    public void run() {
        String lastError = "";
        while (!stopped) {
            try {
                pollOnce(waitMillis);
                lastError = "";
            } catch (NvmlException e) {
                if (e.code() == NvmlReturn.UNINITIALIZED) {
                    return;
                }
                if (!e.getMessage().equals(lastError)) {
                    log.warn("waiting for NVML events failed: {}; retrying", e.getMessage());
                    lastError = e.getMessage();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(waitMillis, 100)));
            } catch (RuntimeException e) {
                log.error("NVML event handling failed; retrying", e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(waitMillis, 100)));
            }
        }
    }

    /** One wait; true when an event was delivered. */
    boolean pollOnce(int timeoutMillis) throws NvmlException {
        Optional<NvmlApi.EventData> data = api.eventWait(eventSet, timeoutMillis);
        if (data.isEmpty() || stopped) {
            return false;
        }
        sink.accept(toEvent(data.get()));
        return true;
    }

    TelemetryEvent toEvent(NvmlApi.EventData e) {
        DeviceRef ref = devices.get(e.device());
        Labels labels = Labels.of("host", host);
        if (ref != null) {
            labels = labels.with("gpu_uuid", ref.gpuUuid()).with("gpu_index", Integer.toString(ref.index()));
            if (e.gpuInstanceId() != NO_INSTANCE) {
                labels = labels.with("gpu_instance_id", Long.toString(e.gpuInstanceId()));
                if (e.computeInstanceId() != NO_INSTANCE) {
                    labels = labels.with("compute_instance_id", Long.toString(e.computeInstanceId()));
                }
                String mig = ref.migUuidByInstance().get(e.gpuInstanceId() << 32 | e.computeInstanceId());
                if (mig != null) {
                    labels = labels.with("mig_uuid", mig);
                }
            }
        }
        long now = clock.millis();
        String where = ref == null ? "an unknown GPU" : ref.gpuUuid();
        if ((e.eventType() & XID_CRITICAL) != 0) {
            labels = labels.with("xid", Long.toString(e.eventData()));
            return new TelemetryEvent(
                    NvmlCollector.EVENT_XID,
                    labels,
                    now,
                    Severity.CRITICAL,
                    "XID " + e.eventData() + " on " + where + ": " + XidCatalog.describe(e.eventData()));
        }
        if ((e.eventType() & DOUBLE_BIT_ECC) != 0) {
            return new TelemetryEvent(
                    NvmlCollector.EVENT_ECC_DOUBLE_BIT,
                    labels,
                    now,
                    Severity.CRITICAL,
                    "uncorrectable (double-bit) ECC error on " + where);
        }
        return new TelemetryEvent(
                "gpu_event",
                labels,
                now,
                Severity.INFO,
                "NVML event 0x" + Long.toHexString(e.eventType()) + " on " + where);
    }
}
