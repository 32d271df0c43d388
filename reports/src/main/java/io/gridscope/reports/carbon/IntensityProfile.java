package io.gridscope.reports.carbon;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A grid intensity profile imported from CSV: a value per hour, or a value per calendar month.
 *
 * <p><b>Hourly</b>: header {@code timestamp,intensity}; each timestamp an ISO-8601 time with offset at the start of
 * an hour ({@code 2026-11-03T14:00:00Z}, {@code 2026-11-03T15:00+01:00}); the value holds for that hour.
 * <b>Monthly</b>: header {@code month,intensity}; each month {@code 2026-11}; the value holds for every hour of
 * that month in the profile's time zone (the site's). Columns may come in any order.
 *
 * <p><b>Units.</b> g/kWh unless the header says otherwise, {@code intensity [kg/kWh]} or {@code intensity
 * (lbs/MWh)}, or an optional {@code unit} column does per row (not both). Any unit {@link IntensityUnits#parse}
 * reads; values are kept in g/kWh.
 *
 * <p><b>Checks.</b> At most {@link #MAX_BYTES} bytes of UTF-8 and {@link #MAX_ROWS} rows; lines starting with
 * {@code #} and blank lines are skipped. Refused, with {@code FILE:LINE: field: problem}: an unknown or repeated
 * column, a missing, non-numeric, negative or implausible (over {@link #MAX_GRAMS_PER_KWH} g/kWh: a unit mistake)
 * value, a time without offset or not on the hour, an hour or month given twice (also when written with different
 * offsets), a file with no values.
 *
 * <p>Immutable and thread-safe.
 */
public final class IntensityProfile {
    /** What one row covers. */
    public enum Resolution {
        HOURLY,
        MONTHLY
    }

    public static final long MAX_BYTES = 16L * 1024 * 1024;
    /** About 22 years of hours. */
    public static final int MAX_ROWS = 200_000;
    /** More than any grid emits (coal alone is about 1,000): a larger figure is a unit mistake. */
    public static final double MAX_GRAMS_PER_KWH = 5_000;

    private static final long HOUR_MILLIS = 3_600_000;
    private static final String TOO_LARGE = "larger than 16 MiB, the most a profile may have";
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern INTENSITY_HEADER = Pattern.compile("intensity\\s*(?:[\\[(]\\s*(.*?)\\s*[])])?");
    private static final int MAX_QUOTED = 40;
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private final String name;
    private final Resolution resolution;
    private final ZoneId zone;
    private final IntensityBasis basis;
    private final IntensityScope scope;
    /** Sorted: hour start in epoch millis (hourly) or year × 12 + month − 1 (monthly). */
    private final long[] keys;

    private final double[] grams;

    private IntensityProfile(
            String name,
            Resolution resolution,
            ZoneId zone,
            IntensityBasis basis,
            IntensityScope scope,
            long[] keys,
            double[] grams) {
        this.name = name;
        this.resolution = resolution;
        this.zone = zone;
        this.basis = basis;
        this.scope = scope;
        this.keys = keys;
        this.grams = grams;
    }

    /**
     * Reads a profile file.
     *
     * @param zone  the time zone months are counted in (the site's); unused by hourly profiles
     * @param basis what the user says the figures are (average or marginal)
     * @param scope what the user says the figures count (life-cycle or direct)
     * @throws IntensityProfileException naming the file, line and field of the first problem
     */
    public static IntensityProfile read(Path file, ZoneId zone, IntensityBasis basis, IntensityScope scope)
            throws IntensityProfileException {
        String name = file.toString();
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IntensityProfileException(name, 0, null, TOO_LARGE + " (" + size + " bytes)");
            }
            try (Reader in = new BoundedReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), MAX_BYTES)) {
                return parse(name, in, zone, basis, scope);
            }
        } catch (IOException e) {
            throw new IntensityProfileException(name, 0, null, "cannot read: " + describe(e), e);
        }
    }

    /**
     * Reads a profile from text ({@code name} is what messages call it); at most {@link #MAX_BYTES} characters are
     * read.
     */
    public static IntensityProfile parse(
            String name, Reader reader, ZoneId zone, IntensityBasis basis, IntensityScope scope)
            throws IntensityProfileException {
        return parse(name, reader, zone, basis, scope, MAX_ROWS);
    }

    static IntensityProfile parse(
            String name, Reader reader, ZoneId zone, IntensityBasis basis, IntensityScope scope, int maxRows)
            throws IntensityProfileException {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(scope, "scope");
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setCommentMarker('#')
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (CSVParser p = CSVParser.parse(new BoundedReader(reader, MAX_BYTES), format)) {
            return new Reading(name, p, zone, basis, scope, maxRows).read();
        } catch (IOException e) {
            throw new IntensityProfileException(name, 0, null, "cannot read: " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** One pass over the records; fails at the first problem. */
    private static final class Reading {
        private final String name;
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final ZoneId zone;
        private final IntensityBasis basis;
        private final IntensityScope scope;
        private final int maxRows;
        private Resolution resolution;
        private int keyColumn = -1;
        private int intensityColumn = -1;
        private int unitColumn = -1;
        private int columns;
        private IntensityUnit headerUnit = IntensityUnits.GRAMS_PER_KWH;
        private boolean unitInHeader;
        private String keyName;

        Reading(String name, CSVParser parser, ZoneId zone, IntensityBasis basis, IntensityScope scope, int maxRows) {
            this.maxRows = maxRows;
            this.name = name;
            this.parser = parser;
            this.records = parser.iterator();
            this.zone = zone;
            this.basis = basis;
            this.scope = scope;
        }

        private int line() {
            return (int) Math.min(Integer.MAX_VALUE, parser.getCurrentLineNumber());
        }

        private IntensityProfileException problem(String field, String message) {
            return new IntensityProfileException(name, line(), field, message);
        }

        /** The next record, or null at the end. */
        private CSVRecord next() throws IntensityProfileException {
            try {
                return records.hasNext() ? records.next() : null;
            } catch (UncheckedIOException | IllegalStateException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                if (cause instanceof BoundedReader.TooLarge) {
                    throw new IntensityProfileException(name, 0, null, TOO_LARGE);
                }
                if (cause instanceof CharacterCodingException) {
                    throw new IntensityProfileException(name, line(), null, "not UTF-8 text", e);
                }
                String what = String.valueOf(cause.getMessage()).replaceFirst("^\\((?:start)?line \\d+\\)\\s*", "");
                throw new IntensityProfileException(name, line(), null, "malformed CSV: " + what, e);
            }
        }

        IntensityProfile read() throws IntensityProfileException {
            CSVRecord header = next();
            if (header == null) {
                throw new IntensityProfileException(
                        name,
                        0,
                        null,
                        "empty: expected the header timestamp,intensity" + " (hourly) or month,intensity (monthly)");
            }
            header(header);
            Map<Long, Integer> lines = new HashMap<>();
            long[] keys = new long[1024];
            double[] values = new double[1024];
            int n = 0;
            for (CSVRecord r = next(); r != null; r = next()) {
                if (n == maxRows) {
                    throw problem(null, "more than " + maxRows + " rows, the most a profile may have");
                }
                if (r.size() != columns) {
                    throw problem(null, r.size() + " fields where the header has " + columns);
                }
                long key = key(r.get(keyColumn));
                Integer before = lines.putIfAbsent(key, line());
                if (before != null) {
                    throw problem(keyName, quote(r.get(keyColumn)) + " is already given on line " + before);
                }
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                keys[n] = key;
                values[n] = grams(r);
                n++;
            }
            if (n == 0) {
                throw new IntensityProfileException(name, 0, null, "no values after the header");
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            long[] k = keys;
            Arrays.sort(order, (a, b) -> Long.compare(k[a], k[b]));
            long[] sortedKeys = new long[n];
            double[] sortedValues = new double[n];
            for (int i = 0; i < n; i++) {
                sortedKeys[i] = keys[order[i]];
                sortedValues[i] = values[order[i]];
            }
            return new IntensityProfile(
                    name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1),
                    resolution,
                    zone,
                    basis,
                    scope,
                    sortedKeys,
                    sortedValues);
        }

        private void header(CSVRecord header) throws IntensityProfileException {
            columns = header.size();
            for (int i = 0; i < columns; i++) {
                String raw = header.get(i);
                String h = (i == 0 && raw.startsWith("\uFEFF") ? raw.substring(1) : raw)
                        .strip()
                        .toLowerCase(Locale.ROOT);
                Matcher intensity = INTENSITY_HEADER.matcher(h);
                if (h.equals("timestamp") || h.equals("month")) {
                    if (keyColumn >= 0) {
                        throw problem(
                                h,
                                "give either a timestamp column (hourly values) or a month column (monthly"
                                        + " values), once");
                    }
                    keyColumn = i;
                    keyName = h;
                    resolution = h.equals("timestamp") ? Resolution.HOURLY : Resolution.MONTHLY;
                } else if (intensity.matches()) {
                    if (intensityColumn >= 0) {
                        throw problem("intensity", "the column is given twice");
                    }
                    intensityColumn = i;
                    if (intensity.group(1) != null) {
                        headerUnit = unit("intensity", intensity.group(1));
                        unitInHeader = true;
                    }
                } else if (h.equals("unit")) {
                    if (unitColumn >= 0) {
                        throw problem("unit", "the column is given twice");
                    }
                    unitColumn = i;
                } else {
                    throw problem(
                            null,
                            "unknown column " + quote(raw)
                                    + ": expected timestamp (hourly) or month (monthly), intensity, and optionally unit");
                }
            }
            if (keyColumn < 0 || intensityColumn < 0) {
                throw problem(
                        null,
                        "the header needs a timestamp column (hourly values) or a month column (monthly values), and"
                                + " an intensity column");
            }
            if (unitColumn >= 0 && unitInHeader) {
                throw problem("unit", "give the unit in the intensity header or in a unit column, not both");
            }
        }

        private IntensityUnit unit(String field, String text) throws IntensityProfileException {
            try {
                return IntensityUnits.parse(text);
            } catch (IllegalArgumentException e) {
                throw problem(field, e.getMessage());
            }
        }

        private long key(String text) throws IntensityProfileException {
            if (resolution == Resolution.HOURLY) {
                Instant t;
                try {
                    t = OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException e) {
                    throw problem(
                            "timestamp",
                            quote(text) + " is not an ISO-8601 time with offset, such as 2026-11-03T14:00:00Z");
                }
                if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
                    throw problem("timestamp", quote(text) + " is not between 1900 and 2199");
                }
                if (t.toEpochMilli() % HOUR_MILLIS != 0 || t.getNano() % 1_000_000 != 0) {
                    throw problem("timestamp", quote(text) + " is not the start of an hour");
                }
                return t.toEpochMilli();
            }
            YearMonth m;
            try {
                m = YearMonth.parse(text);
            } catch (DateTimeParseException e) {
                throw problem("month", quote(text) + " is not a month such as 2026-11");
            }
            if (m.getYear() < 1900 || m.getYear() > 2199) {
                throw problem("month", quote(text) + " is not between 1900 and 2199");
            }
            return monthKey(m);
        }

        private double grams(CSVRecord r) throws IntensityProfileException {
            String text = r.get(intensityColumn);
            if (text.isEmpty()) {
                throw problem("intensity", "missing");
            }
            if (text.length() > MAX_QUOTED || !NUMBER.matcher(text).matches()) {
                throw problem("intensity", quote(text) + " is not a number");
            }
            double v = Double.parseDouble(text);
            IntensityUnit u = headerUnit;
            if (unitColumn >= 0 && !r.get(unitColumn).isEmpty()) {
                u = unit("unit", r.get(unitColumn));
            }
            if (v < 0) {
                throw problem("intensity", text + " is negative");
            }
            double g = u.toGramsPerKwh(v);
            if (!(g <= MAX_GRAMS_PER_KWH)) {
                throw problem(
                        "intensity",
                        text + " " + u.symbol() + " is more than any grid emits (" + (int) MAX_GRAMS_PER_KWH
                                + " g/kWh at most): check the unit");
            }
            return g;
        }
    }

    private static long monthKey(YearMonth m) {
        return m.getYear() * 12L + m.getMonthValue() - 1;
    }

    private static String quote(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", " ");
        return "'" + (oneLine.length() <= MAX_QUOTED ? oneLine : oneLine.substring(0, MAX_QUOTED) + "…") + "'";
    }

    /**
     * The intensity of the hour that starts at, or contains, {@code hour}; empty when the profile has no value for
     * it. Origin {@link IntensityOrigin#PROFILE}; the source names the profile file, the detail the hour or month.
     */
    public Optional<GridIntensity> at(Instant hour) {
        long key;
        String detail;
        if (resolution == Resolution.HOURLY) {
            key = Math.floorDiv(hour.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS;
            detail = "hour " + Instant.ofEpochMilli(key);
        } else {
            YearMonth m = YearMonth.from(hour.atZone(zone));
            key = monthKey(m);
            detail = "month " + m + " (" + zone.getId() + ")";
        }
        int i = Arrays.binarySearch(keys, key);
        if (i < 0) {
            return Optional.empty();
        }
        return Optional.of(
                new GridIntensity(grams[i], basis, scope, IntensityOrigin.PROFILE, "profile " + name, detail, false));
    }

    /** The file name the profile was read from (without its folder). */
    public String name() {
        return name;
    }

    public Resolution resolution() {
        return resolution;
    }

    /** How many hours (hourly) or months (monthly) have a value. */
    public int size() {
        return keys.length;
    }

    /** The time zone months are counted in. */
    public ZoneId zone() {
        return zone;
    }

    public IntensityBasis basis() {
        return basis;
    }

    public IntensityScope scope() {
        return scope;
    }

    @Override
    public String toString() {
        return "IntensityProfile[" + name + ", " + resolution.name().toLowerCase(Locale.ROOT) + ", " + keys.length
                + (resolution == Resolution.HOURLY ? " hours" : " months") + "]";
    }
}
