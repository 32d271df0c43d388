package io.gridscope.model.toml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the subset of TOML Gridscope's configuration files use (the accounting file, the alert rules), keeping the line of every key so errors can name it: comments
 * ({@code #}), {@code key = value} pairs, tables ({@code [name]}) and arrays of tables ({@code [[name]]}); values are
 * strings ({@code "…"} with {@code \" \\ \n \t} escapes, or {@code '…'} literal; no control character but tab), numbers (kept as written, so
 * money never passes through a double), booleans, and arrays of those (which may span lines). Inline tables, dotted
 * keys and dates as values are not part of the subset: dates are written as strings.
 */
public final class TomlLite {
    public static final int MAX_LINES = 100_000;
    public static final int MAX_LINE_CHARS = 10_000;

    /** A value as written: {@code text} is the unquoted string, the number as written, or "true"/"false". */
    public record Value(Kind kind, String text, List<Value> items, int line) {
        public enum Kind {
            STRING,
            NUMBER,
            BOOLEAN,
            ARRAY
        }
    }

    /** One table: the root ({@code name} empty), a {@code [name]} or one element of a {@code [[name]]}. */
    public record Table(String name, boolean arrayElement, int line, Map<String, Value> values) {}

    /** Thrown for text that is not in the subset; {@code line} is 1-based. */
    public static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        public final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private TomlLite() {}

    public static List<Table> parse(String text) throws SyntaxError {
        List<Table> tables = new ArrayList<>();
        Table current = new Table("", false, 0, new LinkedHashMap<>());
        tables.add(current);
        String[] lines = text.split("\r?\n", -1);
        if (lines.length > MAX_LINES) {
            throw new SyntaxError(MAX_LINES + 1, "the file has more than " + MAX_LINES + " lines");
        }
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            if (lines[i].length() > MAX_LINE_CHARS) {
                throw new SyntaxError(lineNo, "line longer than " + MAX_LINE_CHARS + " characters");
            }
            String line = stripComment(lines[i], lineNo).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[[")) {
                if (!line.endsWith("]]")) {
                    throw new SyntaxError(lineNo, "an array-of-tables header must end with ]]");
                }
                String name = checkName(line.substring(2, line.length() - 2).strip(), lineNo);
                current = new Table(name, true, lineNo, new LinkedHashMap<>());
                tables.add(current);
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new SyntaxError(lineNo, "a table header must end with ]");
                }
                String name = checkName(line.substring(1, line.length() - 1).strip(), lineNo);
                for (Table t : tables) {
                    if (!t.arrayElement() && t.name().equals(name)) {
                        throw new SyntaxError(
                                lineNo, "table [" + name + "] is defined twice (first on line " + t.line() + ")");
                    }
                }
                current = new Table(name, false, lineNo, new LinkedHashMap<>());
                tables.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new SyntaxError(lineNo, "expected key = value, a [table] or an [[array]] header");
            }
            String key = checkName(line.substring(0, eq).strip(), lineNo);
            String rest = line.substring(eq + 1).strip();
            // An array may continue on the following lines until its closing bracket.
            int startLine = lineNo;
            if (rest.startsWith("[")) {
                StringBuilder sb = new StringBuilder(rest);
                while (!arrayClosed(sb.toString())) {
                    if (++i >= lines.length) {
                        throw new SyntaxError(startLine, "array of " + key + " is not closed with ]");
                    }
                    sb.append(' ').append(stripComment(lines[i], i + 1).strip());
                }
                rest = sb.toString();
            }
            Cursor c = new Cursor(rest, startLine);
            Value v = c.value();
            c.skipSpaces();
            if (!c.atEnd()) {
                throw new SyntaxError(startLine, "unexpected text after the value of " + key + ": " + c.remaining());
            }
            if (current.values().containsKey(key)) {
                throw new SyntaxError(
                        startLine,
                        key + " is set twice in this table (first on line "
                                + current.values().get(key).line() + ")");
            }
            current.values().put(key, v);
        }
        return tables;
    }

    private static String checkName(String name, int line) throws SyntaxError {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_-]+")) {
            throw new SyntaxError(line, "'" + name + "' is not a plain name (letters, digits, _ and -)");
        }
        return name;
    }

    /** The line without its comment; a {@code #} inside a string is not a comment. */
    private static String stripComment(String line, int lineNo) throws SyntaxError {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote != 0) {
                if (ch == '\\' && quote == '"') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == '#') {
                return line.substring(0, i);
            }
        }
        if (quote != 0) {
            throw new SyntaxError(lineNo, "a string is not closed on this line");
        }
        return line;
    }

    private static boolean arrayClosed(String s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == '\\' && quote == '"') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth--;
            }
        }
        return depth <= 0;
    }

    private static final class Cursor {
        private final String s;
        private final int line;
        private int pos;

        Cursor(String s, int line) {
            this.s = s;
            this.line = line;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        String remaining() {
            return s.substring(pos);
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Value value() throws SyntaxError {
            skipSpaces();
            if (atEnd()) {
                throw new SyntaxError(line, "a value is missing after =");
            }
            char ch = s.charAt(pos);
            if (ch == '"') {
                return basicString();
            }
            if (ch == '\'') {
                int end = s.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new SyntaxError(line, "a string is not closed");
                }
                String v = s.substring(pos + 1, end);
                for (int i = 0; i < v.length(); i++) {
                    checkStringChar(v.charAt(i));
                }
                pos = end + 1;
                return new Value(Value.Kind.STRING, v, List.of(), line);
            }
            if (ch == '[') {
                pos++;
                List<Value> items = new ArrayList<>();
                while (true) {
                    skipSpaces();
                    if (atEnd()) {
                        throw new SyntaxError(line, "an array is not closed with ]");
                    }
                    if (s.charAt(pos) == ']') {
                        pos++;
                        break;
                    }
                    Value item = value();
                    if (item.kind() == Value.Kind.ARRAY) {
                        throw new SyntaxError(line, "arrays of arrays are not supported");
                    }
                    items.add(item);
                    skipSpaces();
                    if (!atEnd() && s.charAt(pos) == ',') {
                        pos++;
                    } else if (atEnd() || s.charAt(pos) != ']') {
                        throw new SyntaxError(line, "expected , or ] in an array");
                    }
                }
                return new Value(Value.Kind.ARRAY, "", List.copyOf(items), line);
            }
            if (ch == '{') {
                throw new SyntaxError(line, "inline tables are not supported: use a [table] or [[array]] section");
            }
            int start = pos;
            while (pos < s.length()
                    && s.charAt(pos) != ','
                    && s.charAt(pos) != ']'
                    && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            String bare = s.substring(start, pos);
            if (bare.equals("true") || bare.equals("false")) {
                return new Value(Value.Kind.BOOLEAN, bare, List.of(), line);
            }
            if (bare.matches("[+-]?[0-9][0-9_]*(\\.[0-9_]+)?([eE][+-]?[0-9]+)?")) {
                return new Value(Value.Kind.NUMBER, bare.replace("_", "").replace("+", ""), List.of(), line);
            }
            throw new SyntaxError(
                    line,
                    "'" + bare + "' is not a value: strings are quoted (\"…\"), numbers plain,"
                            + " booleans true or false");
        }

        private Value basicString() throws SyntaxError {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return new Value(Value.Kind.STRING, sb.toString(), List.of(), line);
                }
                if (ch == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        default -> throw new SyntaxError(line, "unknown escape \\" + e + " in a string");
                    }
                } else {
                    checkStringChar(ch);
                    sb.append(ch);
                }
            }
            throw new SyntaxError(line, "a string is not closed");
        }

        /** TOML strings hold no control characters but tab (a NUL would also be no file name, no id, no label). */
        private void checkStringChar(char ch) throws SyntaxError {
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                throw new SyntaxError(
                        line,
                        String.format(
                                "a string holds the control character U+%04X, which TOML does not allow (only tab;"
                                        + " a line break is written \\n)",
                                (int) ch));
            }
        }
    }
}
