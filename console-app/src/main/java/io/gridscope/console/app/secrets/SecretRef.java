package io.gridscope.console.app.secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which stored secret a setting means: the store and a key made of a kind ("source-token") and a name (the source's
 * id). This, never the secret, is what {@code ui.properties} holds, as {@code keyring:source-token/node1}. In the
 * Secret Service the key becomes the item's attributes {@code application=gridscope, kind=…, name=…} (plus {@code
 * source=…} for a source's secret).
 */
public record SecretRef(SecretStoreKind store, String kind, String name) {
    /** A Prometheus source's bearer token or basic-auth password; the name is the source's id. */
    public static final String SOURCE_TOKEN = "source-token";

    public static final String APPLICATION = "gridscope";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public SecretRef {
        Objects.requireNonNull(store, "store");
        if (!PART.matcher(kind).matches() || !PART.matcher(name).matches()) {
            throw new IllegalArgumentException("a secret's kind and name are 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    public static SecretRef source(SecretStoreKind store, String sourceId) {
        return new SecretRef(store, SOURCE_TOKEN, sourceId);
    }

    /** "source-token/node1": the key within a store. */
    public String key() {
        return kind + "/" + name;
    }

    /** The same key in another store. */
    public SecretRef in(SecretStoreKind other) {
        return new SecretRef(other, kind, name);
    }

    /** The Secret Service item attributes that find this secret. */
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("application", APPLICATION);
        a.put("kind", kind);
        a.put("name", name);
        if (SOURCE_TOKEN.equals(kind)) {
            a.put("source", name);
        }
        return a;
    }

    /** "keyring:source-token/node1", as saved in the settings. */
    public String encode() {
        return store.settingsName() + ":" + key();
    }

    /** The reference {@link #encode()} wrote; empty for text that is not one. */
    public static Optional<SecretRef> parse(String text) {
        int colon = text.indexOf(':');
        int slash = text.indexOf('/', colon + 1);
        if (colon <= 0 || slash < 0) {
            return Optional.empty();
        }
        Optional<SecretStoreKind> store = SecretStoreKind.fromSettingsName(text.substring(0, colon));
        String kind = text.substring(colon + 1, slash);
        String name = text.substring(slash + 1);
        if (store.isEmpty()
                || !PART.matcher(kind).matches()
                || !PART.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(new SecretRef(store.get(), kind, name));
    }

    @Override
    public String toString() {
        return encode();
    }
}
