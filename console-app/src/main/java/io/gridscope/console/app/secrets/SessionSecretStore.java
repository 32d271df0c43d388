package io.gridscope.console.app.secrets;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets kept in this process's memory only: what a typed secret always was before stores existed. Thread-safe. */
public final class SessionSecretStore implements SecretStore {
    private final Map<String, char[]> secrets = new ConcurrentHashMap<>();

    @Override
    public SecretStoreKind kind() {
        return SecretStoreKind.SESSION;
    }

    @Override
    public void put(SecretRef ref, char[] secret) {
        char[] old = secrets.put(ref.key(), secret.clone());
        if (old != null) {
            Arrays.fill(old, '\0');
        }
    }

    @Override
    public Optional<char[]> get(SecretRef ref) {
        return Optional.ofNullable(secrets.get(ref.key())).map(char[]::clone);
    }

    @Override
    public void delete(SecretRef ref) {
        char[] old = secrets.remove(ref.key());
        if (old != null) {
            Arrays.fill(old, '\0');
        }
    }

    @Override
    public int deleteAll() {
        int n = 0;
        for (String key : secrets.keySet()) {
            char[] old = secrets.remove(key);
            if (old != null) {
                Arrays.fill(old, '\0');
                n++;
            }
        }
        return n;
    }

    @Override
    public String describe() {
        return "memory only (forgotten when the console exits)";
    }

    @Override
    public String toString() {
        return "SessionSecretStore[" + secrets.size() + " secrets]";
    }
}
