package io.gridscope.reports.carbon;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The shipped table of annual average grid intensities per country and region ({@code builtin-intensities.csv}
 * beside this class; its README says where each figure comes from, how it was converted and under which licence).
 *
 * <p><b>Lookup.</b> {@link #lookup} finds a row by its zone key ({@code DEU}, {@code US-CA}, {@code SE-SE1}) or by
 * one of its aliases: the ISO 3166-1 alpha-2 code ({@code DE}), the country's names ({@code Germany}), a bidding
 * zone's short code ({@code SE1}). Case and surrounding spaces are ignored; every key and alias names one row only
 * (a table where two rows share one is refused when loaded). A US state is found by {@code US-XX}, or by its name
 * when no country has that name ({@code California}, but {@code Georgia} is the country; the state is
 * {@code US-GA}).
 *
 * <p><b>World average.</b> {@link #worldAverage()} is the {@code WORLD} row: 475 gCO2/kWh, the IEA figure
 * CodeCarbon uses. {@link #fallback()} gives it as a {@link GridIntensity#fallback() fallback}, for hours nothing
 * else covers.
 *
 * <p>Immutable and thread-safe.
 */
public final class BuiltInIntensities {
    /** The resource beside this class. */
    public static final String RESOURCE = "builtin-intensities.csv";
    /** Zone key of the world average. */
    public static final String WORLD = "WORLD";

    private static final String[] HEADER = {
        "zone", "aliases", "name", "grams_per_kwh", "year", "basis", "scope", "source", "licence"
    };

    private static final class Shipped {
        static final BuiltInIntensities TABLE = loadShipped();
    }

    private final List<ZoneIntensity> rows;
    private final Map<String, ZoneIntensity> byKey;
    private final ZoneIntensity world;

    private BuiltInIntensities(List<ZoneIntensity> rows) {
        this.rows = List.copyOf(rows);
        Map<String, ZoneIntensity> keys = new HashMap<>();
        for (ZoneIntensity r : rows) {
            List<String> names = new ArrayList<>(r.aliases());
            names.addFirst(r.zone());
            for (String n : names) {
                ZoneIntensity before = keys.putIfAbsent(key(n), r);
                if (before != null && before != r) {
                    throw new IllegalArgumentException(
                            "'" + n + "' names both " + before.zone() + " and " + r.zone() + " in the intensity table");
                }
            }
        }
        this.byKey = Map.copyOf(keys);
        this.world = byKey.get(key(WORLD));
        if (world == null) {
            throw new IllegalArgumentException("the intensity table has no " + WORLD + " row");
        }
    }

    /** The table shipped with Gridscope (read once). */
    public static BuiltInIntensities shipped() {
        return Shipped.TABLE;
    }

    private static BuiltInIntensities loadShipped() {
        try (InputStream in = BuiltInIntensities.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the reports module");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table in the shipped format (comment lines start with {@code #}; then the header
     * {@code zone,aliases,name,grams_per_kwh,year,basis,scope,source,licence}; aliases separated by {@code |}).
     *
     * @throws IllegalArgumentException naming the line of a malformed row, or a name given to two rows
     */
    static BuiltInIntensities parse(Reader reader) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').get();
        List<ZoneIntensity> rows = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(reader, format)) {
            boolean header = true;
            for (CSVRecord r : p) {
                if (header) {
                    if (!Arrays.equals(r.values(), HEADER)) {
                        throw new IllegalArgumentException("line " + p.getCurrentLineNumber() + ": expected the header "
                                + String.join(",", HEADER));
                    }
                    header = false;
                    continue;
                }
                try {
                    if (r.size() != HEADER.length) {
                        throw new IllegalArgumentException(HEADER.length + " fields expected, found " + r.size());
                    }
                    rows.add(new ZoneIntensity(
                            r.get(0),
                            r.get(1).isEmpty() ? List.of() : List.of(r.get(1).split("\\|")),
                            r.get(2),
                            Double.parseDouble(r.get(3)),
                            Integer.parseInt(r.get(4)),
                            IntensityBasis.parse(r.get(5)),
                            IntensityScope.parse(r.get(6)),
                            r.get(7),
                            r.get(8)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + p.getCurrentLineNumber() + ": " + e.getMessage(), e);
                }
            }
        }
        return new BuiltInIntensities(rows);
    }

    /** Every row, in the table's order. */
    public List<ZoneIntensity> rows() {
        return rows;
    }

    /** The row a zone key or alias names (see the class comment for the rules); empty when none does. */
    public Optional<ZoneIntensity> lookup(String zoneOrName) {
        return Optional.ofNullable(byKey.get(key(zoneOrName)));
    }

    /** The {@code WORLD} row (475 gCO2/kWh). */
    public ZoneIntensity worldAverage() {
        return world;
    }

    /** The world average as a fallback: origin {@link IntensityOrigin#WORLD_AVERAGE}, so reports say so. */
    public GridIntensity fallback() {
        return world.intensity(IntensityOrigin.WORLD_AVERAGE);
    }

    private static String key(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
