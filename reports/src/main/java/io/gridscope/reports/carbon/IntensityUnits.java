package io.gridscope.reports.carbon;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carbon intensity units and their exact factors to g/kWh. Masses: gram, kilogram, metric tonne ({@code t}, as
 * Cloud Carbon Footprint uses) and the international pound ({@code lb}/{@code lbs}, exactly 453.59237 g, as US
 * eGRID uses); energies: Wh, kWh, MWh, GWh. So 1 lb/MWh = 0.45359237 g/kWh and 1 t/kWh = 1,000,000 g/kWh.
 */
public final class IntensityUnits {
    private static final int MAX_TEXT = 64;

    /** Mass symbol → grams, exactly. */
    private static final Map<String, String> MASSES = Map.ofEntries(
            Map.entry("g", "1"),
            Map.entry("gram", "1"),
            Map.entry("grams", "1"),
            Map.entry("kg", "1000"),
            Map.entry("kilogram", "1000"),
            Map.entry("kilograms", "1000"),
            Map.entry("t", "1000000"),
            Map.entry("tonne", "1000000"),
            Map.entry("tonnes", "1000000"),
            Map.entry("lb", "453.59237"),
            Map.entry("lbs", "453.59237"),
            Map.entry("pound", "453.59237"),
            Map.entry("pounds", "453.59237"));

    private static final Map<String, String> MASS_SYMBOLS =
            Map.of("1", "g", "1000", "kg", "1000000", "t", "453.59237", "lb");

    /** Energy symbol → kWh, exactly. */
    private static final Map<String, String> ENERGIES =
            Map.of("wh", "0.001", "kwh", "1", "mwh", "1000", "gwh", "1000000");

    private static final Map<String, String> ENERGY_SYMBOLS =
            Map.of("wh", "Wh", "kwh", "kWh", "mwh", "MWh", "gwh", "GWh");

    /** {@code <mass>[CO2[e|eq|-eq|.eq]] / <energy>}, spaces allowed around the parts. */
    private static final Pattern UNIT = Pattern.compile("([a-z]+?)\\s*(?:co2(?:e|eq|-eq|\\.eq)?)?\\s*/\\s*([a-z]+)");

    // the units below are parsed from text, so they are declared after the tables parse reads
    /** The product's unit: every figure is converted to it on input. */
    public static final IntensityUnit GRAMS_PER_KWH = parse("g/kWh");

    public static final IntensityUnit KILOGRAMS_PER_KWH = parse("kg/kWh");
    /** Metric tonnes per kWh. */
    public static final IntensityUnit TONNES_PER_KWH = parse("t/kWh");

    public static final IntensityUnit GRAMS_PER_MWH = parse("g/MWh");
    public static final IntensityUnit KILOGRAMS_PER_MWH = parse("kg/MWh");
    public static final IntensityUnit TONNES_PER_MWH = parse("t/MWh");
    /** International pounds per MWh (US eGRID's unit). */
    public static final IntensityUnit POUNDS_PER_MWH = parse("lb/MWh");

    private IntensityUnits() {}

    /**
     * Reads a unit such as {@code g/kWh}, {@code gCO2e/kWh}, {@code kgCO2eq/kWh}, {@code t/kWh}, {@code lbs/MWh}
     * or {@code g/MWh}; case is ignored ({@code mwh} is MWh: no grid figure is given per milliwatt-hour).
     *
     * @throws IllegalArgumentException naming the text and the units accepted
     */
    public static IntensityUnit parse(String text) {
        String t = text.strip().replace('₂', '2').replace("per", "/").toLowerCase(Locale.ROOT);
        Matcher m = UNIT.matcher(t);
        String mass = m.matches() ? MASSES.get(m.group(1)) : null;
        String energy = m.matches() ? ENERGIES.get(m.group(2)) : null;
        if (text.length() > MAX_TEXT || mass == null || energy == null) {
            throw new IllegalArgumentException("unknown intensity unit '" + abbreviate(text)
                    + "': use a mass of g, kg, t (metric tonnes) or lb per Wh, kWh, MWh or GWh, e.g. g/kWh");
        }
        BigDecimal factor = new BigDecimal(mass).divide(new BigDecimal(energy));
        return new IntensityUnit(
                MASS_SYMBOLS.get(mass) + "/" + ENERGY_SYMBOLS.get(m.group(2)), factor.stripTrailingZeros());
    }

    /** {@code value} given in {@code unit} (text, as {@link #parse} reads it) in g/kWh. */
    public static double toGramsPerKwh(double value, String unit) {
        return parse(unit).toGramsPerKwh(value);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT) + "…";
    }
}
