package io.gridscope.reports.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntensityProfileTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    private static IntensityProfile parse(String csv) throws IntensityProfileException {
        return IntensityProfile.parse(
                "grid.csv", new StringReader(csv), BERLIN, IntensityBasis.AVERAGE, IntensityScope.LIFECYCLE);
    }

    private static double at(IntensityProfile p, String instant) {
        return p.at(Instant.parse(instant)).orElseThrow().gramsCo2ePerKwh();
    }

    private static void refused(String csv, String message) {
        assertThatThrownBy(() -> parse(csv))
                .as(csv)
                .isInstanceOf(IntensityProfileException.class)
                .hasMessage(message);
    }

    @Test
    void hourlyValuesHoldForTheirHour() throws Exception {
        IntensityProfile p = parse("""
                # exported from the utility's portal
                timestamp,intensity
                2026-11-03T14:00:00Z,312.5

                2026-11-03T16:00+01:00,300
                2026-11-03T16:00:00.000Z,0
                """);
        assertThat(p.resolution()).isEqualTo(IntensityProfile.Resolution.HOURLY);
        assertThat(p.size()).isEqualTo(3);
        assertThat(at(p, "2026-11-03T14:00:00Z")).isEqualTo(312.5);
        assertThat(at(p, "2026-11-03T14:59:59.999Z")).isEqualTo(312.5);
        assertThat(at(p, "2026-11-03T15:00:00Z")).isEqualTo(300);
        assertThat(at(p, "2026-11-03T16:30:00Z")).isZero();
        assertThat(p.at(Instant.parse("2026-11-03T13:59:59Z"))).isEmpty();
        assertThat(p.at(Instant.parse("2026-11-03T17:00:00Z"))).isEmpty();

        GridIntensity g = p.at(Instant.parse("2026-11-03T14:20:00Z")).orElseThrow();
        assertThat(g.origin()).isEqualTo(IntensityOrigin.PROFILE);
        assertThat(g.source()).isEqualTo("profile grid.csv");
        assertThat(g.detail()).isEqualTo("hour 2026-11-03T14:00:00Z");
        assertThat(g.basis()).isEqualTo(IntensityBasis.AVERAGE);
        assertThat(g.scope()).isEqualTo(IntensityScope.LIFECYCLE);
        assertThat(g.fallback()).isFalse();
    }

    @Test
    void monthlyValuesHoldForEveryHourOfTheMonthInTheSitesTimeZone() throws Exception {
        IntensityProfile p = parse("""
                month,intensity
                2026-11,350
                2026-12,420
                """);
        assertThat(p.resolution()).isEqualTo(IntensityProfile.Resolution.MONTHLY);
        // Berlin is UTC+1 in November and December
        assertThat(p.at(Instant.parse("2026-10-31T22:00:00Z"))).isEmpty();
        assertThat(at(p, "2026-10-31T23:00:00Z")).isEqualTo(350);
        assertThat(at(p, "2026-11-30T22:00:00Z")).isEqualTo(350);
        assertThat(at(p, "2026-11-30T23:00:00Z")).isEqualTo(420);
        assertThat(p.at(Instant.parse("2026-12-31T23:00:00Z"))).isEmpty();
        assertThat(p.at(Instant.parse("2026-11-15T12:00:00Z")).orElseThrow().detail())
                .isEqualTo("month 2026-11 (Europe/Berlin)");

        IntensityProfile utc = IntensityProfile.parse(
                "m.csv",
                new StringReader("month,intensity\n2026-11,350\n"),
                ZoneOffset.UTC,
                IntensityBasis.MARGINAL,
                IntensityScope.DIRECT);
        assertThat(utc.at(Instant.parse("2026-10-31T23:00:00Z"))).isEmpty();
        assertThat(utc.at(Instant.parse("2026-11-01T00:00:00Z")).orElseThrow().basis())
                .isEqualTo(IntensityBasis.MARGINAL);
    }

    @Test
    void unitsComeFromTheHeaderOrAUnitColumn() throws Exception {
        IntensityProfile header = parse("timestamp,intensity [kg/kWh]\n2026-11-03T14:00:00Z,0.3125\n");
        assertThat(at(header, "2026-11-03T14:00:00Z")).isCloseTo(312.5, within(1e-9));
        IntensityProfile lbs = parse("month, Intensity (lbs CO2/MWh)\n2026-11,1000\n");
        assertThat(at(lbs, "2026-11-10T00:00:00Z")).isCloseTo(453.59237, within(1e-9));
        IntensityProfile column = parse("""
                unit,intensity,timestamp
                t/kWh,0.0004,2026-11-03T14:00:00Z
                ,250,2026-11-03T15:00:00Z
                g/MWh,300000,2026-11-03T16:00:00Z
                """);
        assertThat(at(column, "2026-11-03T14:00:00Z")).isCloseTo(400, within(1e-9));
        assertThat(at(column, "2026-11-03T15:00:00Z")).isEqualTo(250);
        assertThat(at(column, "2026-11-03T16:00:00Z")).isCloseTo(300, within(1e-9));
        // an Excel export starts with a byte order mark
        assertThat(parse("\uFEFFtimestamp,intensity\n2026-11-03T14:00:00Z,1\n").size())
                .isEqualTo(1);
    }

    @Test
    void badValuesAreRefusedNamingFileLineAndField() {
        String h = "timestamp,intensity\n";
        String ok = "2026-11-03T13:00:00Z,100\n";
        refused(h + ok + "2026-11-03T14:00:00Z,abc\n", "grid.csv:3: intensity: 'abc' is not a number");
        refused(h + ok + "2026-11-03T14:00:00Z,NaN\n", "grid.csv:3: intensity: 'NaN' is not a number");
        refused(h + ok + "2026-11-03T14:00:00Z,-5\n", "grid.csv:3: intensity: -5 is negative");
        refused(h + ok + "2026-11-03T14:00:00Z,\n", "grid.csv:3: intensity: missing");
        refused(
                h + "2026-11-03T14:00:00Z,1e400\n",
                "grid.csv:2: intensity: 1e400 g/kWh is more than any grid emits (5000 g/kWh at most): check the unit");
        refused(
                "timestamp,intensity[kg/kWh]\n2026-11-03T14:00:00Z,380\n",
                "grid.csv:2: intensity: 380 kg/kWh is more than any grid emits (5000 g/kWh at most): check the unit");
        refused(
                h + "2026-11-03T14:30:00Z,1\n",
                "grid.csv:2: timestamp: '2026-11-03T14:30:00Z' is not the start of an hour");
        refused(
                h + "2026-11-03T14:00,1\n",
                "grid.csv:2: timestamp: '2026-11-03T14:00' is not an ISO-8601 time with offset, such as"
                        + " 2026-11-03T14:00:00Z");
        refused(
                h + "+99999-11-03T14:00:00Z,1\n",
                "grid.csv:2: timestamp: '+99999-11-03T14:00:00Z' is not between" + " 1900 and 2199");
        refused(h + ok + "2026-11-03T14:00:00Z,1,2\n", "grid.csv:3: 3 fields where the header has 2");
        refused(
                "unit,timestamp,intensity\noz/kWh,2026-11-03T14:00:00Z,1\n",
                "grid.csv:2: unit: unknown intensity unit 'oz/kWh': use a mass of g, kg, t (metric tonnes) or lb per"
                        + " Wh, kWh, MWh or GWh, e.g. g/kWh");
        refused("month,intensity\n2026-13,1\n", "grid.csv:2: month: '2026-13' is not a month such as 2026-11");
        refused(
                h + ok + "\"2026-11-03T14:00:00Z,1\n",
                "grid.csv:3: malformed CSV: EOF reached before encapsulated" + " token finished");
    }

    @Test
    void anHourOrMonthGivenTwiceIsRefusedWhateverItsOffset() {
        refused(
                "timestamp,intensity\n2026-11-03T14:00:00Z,1\n2026-11-03T15:00:00Z,2\n2026-11-03T15:00+01:00,3\n",
                "grid.csv:4: timestamp: '2026-11-03T15:00+01:00' is already given on line 2");
        refused(
                "month,intensity\n2026-11,1\n# again\n2026-11,2\n",
                "grid.csv:4: month: '2026-11' is already given on line 2");
    }

    @Test
    void headersMustSayWhatTheColumnsAre() {
        refused("", "grid.csv: empty: expected the header timestamp,intensity (hourly) or month,intensity (monthly)");
        refused("timestamp,intensity\n", "grid.csv: no values after the header");
        refused(
                "timestamp,intensity,comment\n",
                "grid.csv:1: unknown column 'comment': expected timestamp (hourly) or month (monthly), intensity, and"
                        + " optionally unit");
        refused(
                "timestamp,value\n",
                "grid.csv:1: unknown column 'value': expected timestamp (hourly) or month (monthly), intensity, and"
                        + " optionally unit");
        refused(
                "timestamp\n2026-11-03T14:00:00Z\n",
                "grid.csv:1: the header needs a timestamp column (hourly values) or a month column (monthly values),"
                        + " and an intensity column");
        refused(
                "timestamp,month,intensity\n",
                "grid.csv:1: month: give either a timestamp column (hourly values) or a month column (monthly values),"
                        + " once");
        refused("timestamp,intensity,intensity\n", "grid.csv:1: intensity: the column is given twice");
        refused(
                "timestamp,intensity (kg/kWh),unit\n",
                "grid.csv:1: unit: give the unit in the intensity header or in a unit column, not both");
        refused(
                "timestamp,intensity [furlongs]\n",
                "grid.csv:1: intensity: unknown intensity unit 'furlongs': use a mass of g, kg, t (metric tonnes) or lb"
                        + " per Wh, kWh, MWh or GWh, e.g. g/kWh");
    }

    @Test
    void rowsAreBoundedInNumber() throws Exception {
        String three = "month,intensity\n2026-01,1\n2026-02,1\n# a comment\n2026-03,1\n";
        assertThat(IntensityProfile.parse(
                                "grid.csv",
                                new StringReader(three),
                                BERLIN,
                                IntensityBasis.AVERAGE,
                                IntensityScope.LIFECYCLE,
                                3)
                        .size())
                .isEqualTo(3);
        assertThatThrownBy(() -> IntensityProfile.parse(
                        "grid.csv",
                        new StringReader(three + "2026-04,1\n"),
                        BERLIN,
                        IntensityBasis.AVERAGE,
                        IntensityScope.LIFECYCLE,
                        3))
                .hasMessage("grid.csv:6: more than 3 rows, the most a profile may have");
    }

    @Test
    void inputIsBoundedInSizeEvenWhenItNeverEnds() throws Exception {
        Reader endless = new Reader() {
            @Override
            public int read(char[] buf, int off, int len) {
                for (int i = 0; i < len; i++) {
                    buf[off + i] = i % 64 == 63 ? '\n' : '#';
                }
                return len;
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> IntensityProfile.parse(
                        "endless", endless, BERLIN, IntensityBasis.AVERAGE, IntensityScope.LIFECYCLE))
                .hasMessage("endless: larger than 16 MiB, the most a profile may have");

        Path big = dir.resolve("big.csv");
        Files.write(big, new byte[(int) IntensityProfile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> IntensityProfile.read(big, BERLIN, IntensityBasis.AVERAGE, IntensityScope.LIFECYCLE))
                .hasMessage(big + ": larger than 16 MiB, the most a profile may have (16777217 bytes)");
    }

    @Test
    void filesAreReadAsUtf8AndNamedByTheirPathInMessages() throws IOException, IntensityProfileException {
        Path file = dir.resolve("site-a.csv");
        Files.writeString(file, "month,intensity\n2026-11,350\n");
        IntensityProfile p = IntensityProfile.read(file, BERLIN, IntensityBasis.AVERAGE, IntensityScope.LIFECYCLE);
        assertThat(p.name()).isEqualTo("site-a.csv");
        assertThat(p.toString()).isEqualTo("IntensityProfile[site-a.csv, monthly, 1 months]");

        Files.write(file, new byte[] {'m', 'o', 'n', 't', 'h', (byte) 0xff, ',', '\n'});
        assertThatThrownBy(() -> IntensityProfile.read(file, BERLIN, IntensityBasis.AVERAGE, IntensityScope.LIFECYCLE))
                .hasMessageStartingWith(file + ":")
                .hasMessageEndingWith("not UTF-8 text");

        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(
                        () -> IntensityProfile.read(missing, BERLIN, IntensityBasis.AVERAGE, IntensityScope.LIFECYCLE))
                .isInstanceOf(IntensityProfileException.class)
                .hasMessageStartingWith(missing + ": cannot read: ");
    }
}
