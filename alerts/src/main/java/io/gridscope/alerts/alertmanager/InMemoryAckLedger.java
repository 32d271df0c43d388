package io.gridscope.alerts.alertmanager;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AckLedger} in memory; thread-safe. */
public final class InMemoryAckLedger implements AckLedger {
    private final Map<String, String> silenceByAlert = new ConcurrentHashMap<>();

    @Override
    public void record(String alertFingerprint, String silenceId) {
        silenceByAlert.put(Objects.requireNonNull(alertFingerprint), Objects.requireNonNull(silenceId));
    }

    @Override
    public Optional<String> lookup(String alertFingerprint) {
        return Optional.ofNullable(silenceByAlert.get(alertFingerprint));
    }

    @Override
    public void remove(String alertFingerprint) {
        silenceByAlert.remove(alertFingerprint);
    }

    @Override
    public Map<String, String> entries() {
        return Map.copyOf(silenceByAlert);
    }
}
