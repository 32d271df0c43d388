package io.gridscope.alerts.store;

/** Who acts: a configured name, else the operating-system user. Never empty. */
public final class Operator {
    private Operator() {}

    public static String name(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        String os = System.getProperty("user.name", "");
        return os.isBlank() ? "unknown" : os;
    }
}
