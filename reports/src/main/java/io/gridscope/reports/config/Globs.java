package io.gridscope.reports.config;

/** Glob patterns on names: {@code *} any run of characters, {@code ?} one character, everything else literal. */
public final class Globs {
    private Globs() {}

    public static boolean matches(String pattern, String text) {
        return match(pattern, 0, text, 0);
    }

    public static boolean isPattern(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    private static boolean match(String p, int pi, String t, int ti) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = ti; k <= t.length(); k++) {
                    if (match(p, pi + 1, t, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= t.length() || (c != '?' && c != t.charAt(ti))) {
                return false;
            }
            pi++;
            ti++;
        }
        return ti == t.length();
    }
}
