package io.gridscope.alerts.alertmanager;

import java.util.Map;
import java.util.Optional;

/**
 * What this Gridscope remembers of the acknowledgement silences it made: alert fingerprint → silence id. It is a
 * help, not the truth: every console reads acknowledgements from Alertmanager itself ({@link Acknowledgement#of});
 * the ledger lets this one find and expire its own silences even if their comment or matchers were edited elsewhere.
 *
 * <p>Implementations must be safe to call from the mirror's thread and from the thread that acknowledges.
 */
public interface AckLedger {
    void record(String alertFingerprint, String silenceId);

    Optional<String> lookup(String alertFingerprint);

    void remove(String alertFingerprint);

    /** Every entry, alert fingerprint → silence id (a copy). */
    Map<String, String> entries();

    /** A ledger in memory, lost on restart (the acknowledgements themselves live on in Alertmanager). */
    static AckLedger inMemory() {
        return new InMemoryAckLedger();
    }
}
