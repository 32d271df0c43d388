package io.gridscope.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable label set, sorted by name. Names follow the Prometheus rules ({@code [a-zA-Z_][a-zA-Z0-9_]*});
 * values are any string (an empty value is treated as "label absent", as Prometheus does, and dropped).
 *
 * <p>The canonical text form, {@code {a="1",b="x\"y"}}, is what the history store keys series on; {@link #parse}
 * reads it back. Instances are cheap to compare: equality is on the sorted name/value arrays.
 */
public final class Labels implements Iterable<Map.Entry<String, String>> {
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** {@code Labels.of("host", "a", "cpu", "0")}: alternating names and values. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got an odd count");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (map.put(namesAndValues[i], namesAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("duplicate label name: " + namesAndValues[i]);
            }
        }
        return of(map);
    }

    public static Labels of(Map<String, String> map) {
        List<String> sorted = new ArrayList<>(map.keySet());
        Collections.sort(sorted);
        List<String> n = new ArrayList<>(sorted.size());
        List<String> v = new ArrayList<>(sorted.size());
        for (String name : sorted) {
            String value = Objects.requireNonNull(map.get(name), () -> "null value for label " + name);
            if (!PromNames.isLabelName(name)) {
                throw new IllegalArgumentException("invalid label name: '" + name + "'");
            }
            if (value.isEmpty()) {
                continue;
            }
            n.add(name);
            v.add(value);
        }
        if (n.isEmpty()) {
            return EMPTY;
        }
        return new Labels(n.toArray(String[]::new), v.toArray(String[]::new));
    }

    /** A copy with one label added or replaced. */
    public Labels with(String name, String value) {
        Map<String, String> map = asMap();
        map.put(name, value);
        return of(map);
    }

    public Optional<String> get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? Optional.of(values[i]) : Optional.empty();
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** A mutable, sorted copy. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    /** True when every given label is present here with the same value. */
    public boolean containsAll(Labels other) {
        for (int i = 0; i < other.names.length; i++) {
            Optional<String> mine = get(other.names[i]);
            if (mine.isEmpty() || !mine.get().equals(other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return Collections.unmodifiableMap(asMap()).entrySet().iterator();
    }

    /** Canonical form: {@code {a="1",b="2"}}; backslash, double quote and newline escaped as in Prometheus text. */
    public String canonical() {
        StringBuilder sb = new StringBuilder(16 * names.length + 2).append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(names[i]).append("=\"");
            escapeTo(values[i], sb);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    private static void escapeTo(String value, StringBuilder sb) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    /** Reads the {@link #canonical()} form back. Throws {@link IllegalArgumentException} naming the offset. */
    public static Labels parse(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.equals("{}")) {
            return EMPTY;
        }
        if (s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
            throw new IllegalArgumentException("labels must be enclosed in braces: " + text);
        }
        Map<String, String> map = new LinkedHashMap<>();
        int i = 1;
        int end = s.length() - 1;
        while (i < end) {
            int eq = s.indexOf('=', i);
            if (eq < 0 || eq + 1 >= end || s.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("expected name=\"value\" at offset " + i + " in " + text);
            }
            String name = s.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            boolean closed = false;
            while (j < end) {
                char c = s.charAt(j);
                if (c == '\\' && j + 1 < end) {
                    char e = s.charAt(j + 1);
                    value.append(e == 'n' ? '\n' : e);
                    j += 2;
                } else if (c == '"') {
                    closed = true;
                    j++;
                    break;
                } else {
                    value.append(c);
                    j++;
                }
            }
            if (!closed) {
                throw new IllegalArgumentException("unterminated label value at offset " + eq + " in " + text);
            }
            if (map.put(name, value.toString()) != null) {
                throw new IllegalArgumentException("duplicate label name '" + name + "' in " + text);
            }
            if (j < end && s.charAt(j) == ',') {
                j++;
            }
            i = j;
        }
        return of(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return canonical();
    }
}
