package io.gridscope.console.app;

import io.gridscope.reports.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accounting file as the Settings form edits it. The form edits the top-level settings, the {@code [[site]]}
 * entries and the flat {@code [[electricity]]} prices; everything else (hardware, cloud, allocation, budgets, …, and
 * any key of a site or price the form does not show) is kept as written. {@link #parse} reads the form's values out
 * of the file's text; {@link #render} writes the text back from the form, each entry in its place, and says which
 * form field every line came from, so the accounting file's own validation ({@code AccountingFile.parse}, whose
 * problems name a line and a field) can be shown next to the field it is about ({@link #locate}). Pure text; no
 * I/O.
 */
public final class AccountingDocument {
    /** What a form field belongs to. */
    public enum Section {
        ROOT,
        SITE,
        ELECTRICITY
    }

    /** How a key's value is written. */
    enum Kind {
        STRING,
        NUMBER,
        BOOLEAN,
        LIST
    }

    /** The top-level keys the form edits. */
    public static final List<String> ROOT_KEYS = List.of("currency", "timezone", "idle_threshold", "share_idle");
    /** The keys of a site the form edits. */
    public static final List<String> SITE_KEYS =
            List.of("id", "name", "hosts", "pue", "zone", "intensity", "electricitymaps_token_file");
    /** The keys of an electricity price the form edits. */
    public static final List<String> ELECTRICITY_KEYS = List.of("site", "currency", "from", "to", "price_per_kwh");

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("idle_threshold", Kind.NUMBER),
            Map.entry("share_idle", Kind.BOOLEAN),
            Map.entry("hosts", Kind.LIST),
            Map.entry("pue", Kind.NUMBER),
            Map.entry("intensity", Kind.NUMBER),
            Map.entry("price_per_kwh", Kind.NUMBER));
    private static final Pattern HEADER = Pattern.compile("^\\s*(\\[\\[?)\\s*([A-Za-z0-9_]+)\\s*(]]?)\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*([A-Za-z0-9_]+)\\s*=\\s*(.*)$");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    /**
     * One site or electricity price as the form shows it.
     *
     * @param values the form's values by key (lists joined with ", ", strings unquoted, numbers as written)
     * @param otherLines the entry's lines the form does not edit (other keys, comments), kept as written
     * @param origin which entry of the parsed text this is (its place is kept); -1 for a new one
     */
    public record Entry(Map<String, String> values, List<String> otherLines, int origin) {
        public Entry {
            values = Map.copyOf(values);
            otherLines = List.copyOf(otherLines);
        }

        public String get(String key) {
            return values.getOrDefault(key, "");
        }

        /** Whether a key the form has no field for sets the price by time of use (the price field stays empty). */
        public boolean timeOfUse() {
            return otherLines.stream().anyMatch(l -> l.strip().startsWith("time_of_use"));
        }
    }

    /** What the form shows: the top-level values and the entries. */
    public record Form(Map<String, String> root, List<Entry> sites, List<Entry> prices) {
        public Form {
            root = Map.copyOf(root);
            sites = List.copyOf(sites);
            prices = List.copyOf(prices);
        }
    }

    /** A form field: the top-level key, or a key of the {@code index}-th site or price; key "" is the entry as a whole. */
    public record Field(Section section, int index, String key) {}

    /** The text written from a form, and the field each line (1-based) came from. */
    public record Rendered(String text, Map<Integer, Field> lines) {
        public Rendered {
            lines = Map.copyOf(lines);
        }
    }

    /** A line of the file with its key, if it sets one (a value may span lines: an array). */
    private record Item(Optional<String> key, String rawValue, List<String> lines, int line) {}

    /** A table of the file: the root (name ""), or a [name] / [[name]]. */
    private record Block(String name, boolean array, String header, List<Item> items, int line) {}

    private final List<Block> blocks;
    private final Form form;
    private final Rendered source;

    private AccountingDocument(List<Block> blocks, Form form, Rendered source) {
        this.source = source;
        this.blocks = blocks;
        this.form = form;
    }

    /** The parsed text itself, with the form field of each of its lines (for the file's own problems). */
    public Rendered source() {
        return source;
    }

    /** The form as the parsed text has it. */
    public Form form() {
        return form;
    }

    /**
     * Reads {@code text}; what the form edits must be in the TOML subset the accounting file uses.
     *
     * @throws IllegalArgumentException with the line and the reason, when the form cannot read the text (fix it in
     *     the raw file)
     */
    public static AccountingDocument parse(String text) {
        List<Block> blocks = new ArrayList<>();
        Block current = new Block("", false, "", new ArrayList<>(), 0);
        blocks.add(current);
        String[] lines = text.isEmpty() ? new String[0] : text.split("\r?\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--; // the final newline ends the last line; it starts none
        }
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            Matcher h = HEADER.matcher(line);
            if (h.matches() && h.group(1).length() == h.group(3).length()) {
                current = new Block(h.group(2), h.group(1).length() == 2, line, new ArrayList<>(), i + 1);
                blocks.add(current);
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (!k.matches()) {
                current.items().add(new Item(Optional.empty(), "", List.of(line), i + 1));
                continue;
            }
            List<String> physical = new ArrayList<>(List.of(line));
            int start = i + 1;
            StringBuilder value = new StringBuilder(stripComment(k.group(2), i + 1));
            while (depth(value.toString(), i + 1) > 0) {
                if (++i >= n) {
                    throw new IllegalArgumentException("line " + start + ": a list that is never closed with ]");
                }
                physical.add(lines[i]);
                value.append(' ').append(stripComment(lines[i], i + 1));
            }
            current.items()
                    .add(new Item(Optional.of(k.group(1)), value.toString().strip(), physical, start));
        }
        Map<String, String> root = new LinkedHashMap<>();
        List<Entry> sites = new ArrayList<>();
        List<Entry> prices = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            if (block.name().isEmpty()) {
                for (Item item : block.items()) {
                    if (item.key().isPresent() && ROOT_KEYS.contains(item.key().get())) {
                        root.put(item.key().get(), display(item));
                    }
                }
            } else if (block.array() && block.name().equals("site")) {
                sites.add(entry(block, SITE_KEYS, b));
            } else if (block.array() && block.name().equals("electricity")) {
                prices.add(entry(block, ELECTRICITY_KEYS, b));
            }
        }
        // which form field each line of the text is, so the file's own problems can be shown beside their fields
        Map<Integer, Field> lineFields = new LinkedHashMap<>();
        int site = 0;
        int price = 0;
        for (Block block : blocks) {
            Section section = block.name().isEmpty()
                    ? Section.ROOT
                    : block.array() && block.name().equals("site")
                            ? Section.SITE
                            : block.array() && block.name().equals("electricity") ? Section.ELECTRICITY : null;
            if (section == null) {
                continue;
            }
            int index = section == Section.SITE ? site++ : section == Section.ELECTRICITY ? price++ : 0;
            List<String> keys =
                    section == Section.ROOT ? ROOT_KEYS : section == Section.SITE ? SITE_KEYS : ELECTRICITY_KEYS;
            if (section != Section.ROOT) {
                lineFields.put(block.line(), new Field(section, index, ""));
            }
            for (Item item : block.items()) {
                String key = item.key().filter(keys::contains).orElse("");
                if (section == Section.ROOT && key.isEmpty()) {
                    continue;
                }
                for (int l = 0; l < item.lines().size(); l++) {
                    lineFields.put(item.line() + l, new Field(section, index, key));
                }
            }
        }
        return new AccountingDocument(blocks, new Form(root, sites, prices), new Rendered(text, lineFields));
    }

    private static Entry entry(Block block, List<String> keys, int origin) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (Item item : block.items()) {
            if (item.key().isPresent() && keys.contains(item.key().get())) {
                values.put(item.key().get(), display(item));
            } else {
                other.addAll(item.lines());
            }
        }
        while (!other.isEmpty() && other.getLast().isBlank()) {
            other.removeLast(); // the blank lines between entries are written anew
        }
        return new Entry(values, other, origin);
    }

    /** The value as the form shows it: a string unquoted, a list joined with ", ", anything else as written. */
    private static String display(Item item) {
        String v = item.rawValue();
        if (v.startsWith("[")) {
            List<String> out = new ArrayList<>();
            for (String part : splitList(v.substring(1, v.lastIndexOf(']')))) {
                out.add(unquote(part));
            }
            return String.join(", ", out);
        }
        return unquote(v);
    }

    private static String unquote(String v) {
        v = v.strip();
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() - 1) {
                    char e = v.charAt(++i);
                    b.append(
                            switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                default -> e;
                            });
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
        return v;
    }

    /** The items of a list's inside, split at commas outside quotes; empty items dropped. */
    private static List<String> splitList(String inside) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == '\\' && quote == '"' && i + 1 < inside.length()) {
                    cur.append(inside.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                cur.append(c);
            } else if (c == ',') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code s} without a trailing {@code # comment} outside quotes. */
    private static String stripComment(String s, int line) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return s.substring(0, i);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("line " + line + ": a string that is never closed");
        }
        return s;
    }

    /** How many more [ than ] outside quotes. */
    private static int depth(String s, int line) {
        int d = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                d++;
            } else if (c == ']') {
                d--;
            }
        }
        return d;
    }

    // -------------------------------------------------------------------------------------------------- render

    /**
     * The file's text with {@code form}'s values: the top-level keys and each site and price in its place (a removed
     * one dropped, a new one after the last of its kind), everything else as it was parsed.
     */
    public Rendered render(Form form) {
        List<String> out = new ArrayList<>();
        Map<Integer, Field> lines = new LinkedHashMap<>();
        // the top level
        Block root = blocks.get(0);
        List<String> written = new ArrayList<>();
        for (Item item : root.items()) {
            if (item.key().isPresent() && ROOT_KEYS.contains(item.key().get())) {
                String key = item.key().get();
                if (!written.contains(key)) {
                    written.add(key);
                    keyLine(out, lines, key, form.root().getOrDefault(key, ""), new Field(Section.ROOT, 0, key));
                }
            } else {
                out.addAll(item.lines());
            }
        }
        List<String> missing = ROOT_KEYS.stream()
                .filter(k -> !written.contains(k))
                .filter(k -> !form.root().getOrDefault(k, "").isBlank())
                .toList();
        if (!missing.isEmpty()) {
            int at = out.size();
            while (at > 0 && out.get(at - 1).isBlank()) {
                at--; // before the blank lines that end the top level
            }
            List<String> tail = new ArrayList<>(out.subList(at, out.size()));
            out.subList(at, out.size()).clear();
            for (String key : missing) {
                keyLine(out, lines, key, form.root().get(key), new Field(Section.ROOT, 0, key));
            }
            out.addAll(tail);
        }
        int lastSite = lastBlock("site");
        int lastPrice = lastBlock("electricity");
        if (lastSite < 0) {
            entries(out, lines, form.sites(), Section.SITE, true);
        }
        if (lastSite < 0 && lastPrice < 0) {
            entries(out, lines, form.prices(), Section.ELECTRICITY, true);
        }
        for (int b = 1; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            Section section = block.array() && block.name().equals("site")
                    ? Section.SITE
                    : block.array() && block.name().equals("electricity") ? Section.ELECTRICITY : null;
            if (section == null) {
                separate(out);
                out.add(block.header());
                block.items().forEach(i -> out.addAll(i.lines()));
            } else {
                List<Entry> list = section == Section.SITE ? form.sites() : form.prices();
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i).origin() == b) {
                        entry(out, lines, list.get(i), section, i);
                    }
                }
            }
            if (b == lastSite) {
                entries(out, lines, form.sites(), Section.SITE, true);
                if (lastPrice < 0) {
                    entries(out, lines, form.prices(), Section.ELECTRICITY, true);
                }
            }
            if (b == lastPrice) {
                entries(out, lines, form.prices(), Section.ELECTRICITY, true);
            }
        }
        while (!out.isEmpty() && out.getLast().isBlank()) {
            out.removeLast();
        }
        return new Rendered(out.isEmpty() ? "" : String.join("\n", out) + "\n", lines);
    }

    private int lastBlock(String name) {
        int last = -1;
        for (int b = 1; b < blocks.size(); b++) {
            if (blocks.get(b).array() && blocks.get(b).name().equals(name)) {
                last = b;
            }
        }
        return last;
    }

    /** Writes the new entries (origin -1) of {@code list}. */
    private static void entries(
            List<String> out, Map<Integer, Field> lines, List<Entry> list, Section section, boolean onlyNew) {
        for (int i = 0; i < list.size(); i++) {
            if (!onlyNew || list.get(i).origin() < 0) {
                entry(out, lines, list.get(i), section, i);
            }
        }
    }

    private static void entry(List<String> out, Map<Integer, Field> lines, Entry e, Section section, int index) {
        separate(out);
        out.add(section == Section.SITE ? "[[site]]" : "[[electricity]]");
        lines.put(out.size(), new Field(section, index, ""));
        for (String key : section == Section.SITE ? SITE_KEYS : ELECTRICITY_KEYS) {
            keyLine(out, lines, key, e.get(key), new Field(section, index, key));
        }
        for (String other : e.otherLines()) {
            out.add(other);
            lines.put(out.size(), new Field(section, index, ""));
        }
    }

    /** A blank line before a table, unless the text is empty or ends with one. */
    private static void separate(List<String> out) {
        if (!out.isEmpty() && !out.getLast().isBlank()) {
            out.add("");
        }
    }

    private static void keyLine(List<String> out, Map<Integer, Field> lines, String key, String value, Field field) {
        if (value == null || value.isBlank()) {
            return; // not set: the default applies (or the validation says it is missing)
        }
        out.add(key + " = " + encode(key, value.strip()));
        lines.put(out.size(), field);
    }

    /** A form value as TOML: a number as typed if it is one (else quoted, so the validation names it). */
    static String encode(String key, String value) {
        return switch (KINDS.getOrDefault(key, Kind.STRING)) {
            case NUMBER -> NUMBER.matcher(value).matches() ? value : quote(value);
            case BOOLEAN ->
                value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                        ? value.toLowerCase(java.util.Locale.ROOT)
                        : quote(value);
            case LIST ->
                "["
                        + String.join(
                                ", ",
                                java.util.Arrays.stream(value.split(","))
                                        .map(String::strip)
                                        .filter(s -> !s.isEmpty())
                                        .map(AccountingDocument::quote)
                                        .toList())
                        + "]";
            case STRING -> quote(value);
        };
    }

    static String quote(String s) {
        return "\""
                + s.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\t", "\\t") + "\"";
    }

    // -------------------------------------------------------------------------------------------------- problems

    /**
     * The form field a problem of the rendered text is about: the field of the line it names when that line sets
     * the field, else the entry's field named by the problem ({@code site.hosts} missing, an {@code electricity.from}
     * that overlaps), else the entry as a whole (key ""). Empty for a problem in a part of the file the form does not
     * edit, or with no line.
     */
    public static Optional<Field> locate(ConfigException.Problem p, Rendered r) {
        Field at = r.lines().get(p.line());
        if (at == null) {
            return Optional.empty();
        }
        String key = p.field().contains(".") ? p.field().substring(p.field().indexOf('.') + 1) : p.field();
        List<String> keys = switch (at.section()) {
            case ROOT -> ROOT_KEYS;
            case SITE -> SITE_KEYS;
            case ELECTRICITY -> ELECTRICITY_KEYS;
        };
        if (!at.key().isEmpty() && (at.key().equals(key) || key.isEmpty())) {
            return Optional.of(at);
        }
        return Optional.of(new Field(at.section(), at.index(), keys.contains(key) ? key : ""));
    }
}
