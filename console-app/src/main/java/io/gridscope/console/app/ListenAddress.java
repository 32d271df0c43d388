package io.gridscope.console.app;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address Gridscope's own endpoint listens on, as typed: a host name or an IP literal. Checked by its form alone,
 * without a name lookup, so a form on the FX thread can use it.
 */
public final class ListenAddress {
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private ListenAddress() {}

    /** Why {@code text} is not an address to listen on, or empty when it is one. */
    public static Optional<String> problem(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return Optional.of("an address to listen on, e.g. 127.0.0.1");
        }
        if (IPV4.matcher(t).matches() || ipv6(unbracket(t)).isPresent()) {
            return Optional.empty();
        }
        if (t.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return Optional.of("not an IPv4 address (four numbers 0 to 255)");
        }
        return HOST_NAME.matcher(t).matches() ? Optional.empty() : Optional.of("a host name or an IP address");
    }

    /** Whether {@code text} names this machine's loopback interface: localhost, 127.0.0.0/8 or ::1. */
    public static boolean isLoopback(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.equals("localhost") || t.endsWith(".localhost")) {
            return true;
        }
        if (IPV4.matcher(t).matches()) {
            return t.startsWith("127.");
        }
        return ipv6(unbracket(t))
                .map(g -> {
                    for (int i = 0; i < 7; i++) {
                        if (g[i] != 0) {
                            return false;
                        }
                    }
                    return g[7] == 1;
                })
                .orElse(false);
    }

    private static String unbracket(String t) {
        return t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
    }

    /** The eight groups of an IPv6 literal (no zone, no embedded IPv4), or empty when it is not one. */
    private static Optional<int[]> ipv6(String t) {
        if (!t.contains(":") || !t.matches("[0-9A-Fa-f:]+")) {
            return Optional.empty();
        }
        int gap = t.indexOf("::");
        if (gap >= 0 && t.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        String[] head = gap >= 0 ? split(t.substring(0, gap)) : split(t);
        String[] tail = gap >= 0 ? split(t.substring(gap + 2)) : new String[0];
        int n = head.length + tail.length;
        if (gap < 0 ? n != 8 : n > 7) {
            return Optional.empty();
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.length; i++) {
            if (head[i].isEmpty() || head[i].length() > 4) {
                return Optional.empty();
            }
            groups[i] = Integer.parseInt(head[i], 16);
        }
        for (int i = 0; i < tail.length; i++) {
            if (tail[i].isEmpty() || tail[i].length() > 4) {
                return Optional.empty();
            }
            groups[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
        }
        return Optional.of(groups);
    }

    private static String[] split(String s) {
        return s.isEmpty() ? new String[0] : s.split(":", -1);
    }
}
