package io.gridscope.reports.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridscope.testsupport.SharedTestData;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInIntensitiesTest {
    private static final BuiltInIntensities TABLE = BuiltInIntensities.shipped();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** CodeCarbon's data folder among the shared reference files (skipped outside CI when absent). */
    private static Path codeCarbon() {
        return SharedTestData.require("reference/carbon/codecarbon/private_infra");
    }

    private static ZoneIntensity row(String zone) {
        return TABLE.lookup(zone).orElseThrow(() -> new AssertionError(zone + " not in the table"));
    }

    @Test
    void knownValuesAreThoseOfTheSourceFiles() throws IOException {
        Path dir = codeCarbon();
        JsonNode mix = JSON.readTree(dir.resolve("global_energy_mix.json").toFile());
        for (String country : List.of("DEU", "FRA", "USA")) {
            ZoneIntensity r = row(country);
            assertThat(r.gramsPerKwh())
                    .as(country)
                    .isEqualTo(mix.get(country).get("carbon_intensity").asDouble());
            assertThat(r.year())
                    .as(country)
                    .isEqualTo(mix.get(country).get("year").asInt());
            assertThat(r.scope()).isEqualTo(IntensityScope.LIFECYCLE);
        }
        assertThat(row("DEU").gramsPerKwh()).isEqualTo(380.95);
        assertThat(row("DEU").year()).isEqualTo(2023);

        double californiaLbs = JSON.readTree(
                        dir.resolve("2016/usa_emissions.json").toFile())
                .get("california")
                .get("emissions")
                .asDouble();
        assertThat(californiaLbs).isEqualTo(452.541);
        ZoneIntensity ca = row("US-CA");
        assertThat(ca.gramsPerKwh()).isCloseTo(californiaLbs * 0.45359237, within(0.0005));
        assertThat(ca.gramsPerKwh()).isCloseTo(205.269, within(0.0005));
        assertThat(ca.year()).isEqualTo(2016);
        assertThat(ca.scope()).isEqualTo(IntensityScope.DIRECT);

        JsonNode se1 = JSON.readTree(dir.resolve("nordic_emissions.json").toFile())
                .get("data")
                .get("SE1");
        assertThat(row("SE1").gramsPerKwh())
                .isEqualTo(se1.get("emission_factor").asDouble());
        assertThat(row("SE1").year()).isEqualTo(se1.get("year").asInt()).isEqualTo(2024);

        double world = JSON.readTree(
                        dir.resolve("carbon_intensity_per_source.json").toFile())
                .get("world_average")
                .asDouble();
        assertThat(TABLE.worldAverage().gramsPerKwh()).isEqualTo(world).isEqualTo(475);
    }

    @Test
    void everyRowIsItsSourceFigureAndOnlyTheDocumentedOnesAreLeftOut() throws IOException {
        Path dir = codeCarbon();
        JsonNode mix = JSON.readTree(dir.resolve("global_energy_mix.json").toFile());
        int countries = 0;
        for (Map.Entry<String, JsonNode> e : mix.properties()) {
            if (e.getKey().equals("CAF")) {
                // carbon_intensity 0.0: left out, the zone falls back to the world average
                assertThat(TABLE.lookup("CAF")).isEmpty();
                continue;
            }
            ZoneIntensity r = row(e.getKey());
            assertThat(r.zone()).isEqualTo(e.getKey());
            assertThat(r.gramsPerKwh())
                    .as(e.getKey())
                    .isEqualTo(e.getValue().get("carbon_intensity").asDouble());
            assertThat(r.year())
                    .as(e.getKey())
                    .isEqualTo(e.getValue().get("year").asInt());
            assertThat(TABLE.lookup(e.getValue().get("country_name").asText())).contains(r);
            countries++;
        }
        assertThat(countries).isEqualTo(212);

        JsonNode usa = JSON.readTree(dir.resolve("2016/usa_emissions.json").toFile());
        int states = 0;
        for (Map.Entry<String, JsonNode> e : usa.properties()) {
            JsonNode v = e.getValue();
            String code = v.path("regionCode").asText();
            if (code.length() == 2 && code.equals(code.toUpperCase())) {
                assertThat(row("US-" + code).gramsPerKwh())
                        .as(code)
                        .isCloseTo(v.get("emissions").asDouble() * 0.45359237, within(0.0005));
                states++;
            }
        }
        assertThat(states).isEqualTo(51);

        JsonNode nordic =
                JSON.readTree(dir.resolve("nordic_emissions.json").toFile()).get("data");
        for (Map.Entry<String, JsonNode> e : nordic.properties()) {
            String zone = e.getKey();
            if (zone.equals("FI")) {
                // Finland is answered by its country row
                assertThat(row("FI").zone()).isEqualTo("FIN");
                continue;
            }
            assertThat(row(zone.substring(0, 2) + "-" + zone).gramsPerKwh())
                    .isEqualTo(nordic.get(zone).get("emission_factor").asDouble());
        }
        assertThat(TABLE.rows()).hasSize(countries + states + 9 + 1);
    }

    @Test
    void zonesAreFoundByAlpha3Alpha2OrNameInAnyCase() {
        ZoneIntensity de = row("DEU");
        assertThat(TABLE.lookup("de")).contains(de);
        assertThat(TABLE.lookup(" Germany ")).contains(de);
        assertThat(TABLE.lookup("GERMANY")).contains(de);
        assertThat(TABLE.lookup("deu")).contains(de);
        assertThat(TABLE.lookup("Federal Republic of  Germany")).contains(de);
        assertThat(TABLE.lookup("GB")).contains(row("GBR"));
        assertThat(TABLE.lookup("Czech Republic")).contains(row("CZE"));
        assertThat(TABLE.lookup("Czechia")).contains(row("CZE"));
        assertThat(TABLE.lookup("US")).contains(row("USA"));
    }

    @Test
    void statesBiddingZonesAndTheWorldHaveTheirOwnKeys() {
        assertThat(TABLE.lookup("us-ca")).contains(row("US-CA"));
        assertThat(TABLE.lookup("california")).contains(row("US-CA"));
        assertThat(TABLE.lookup("Georgia")).contains(row("GEO")); // the country; the state is US-GA
        assertThat(row("US-GA").name()).isEqualTo("Georgia (US)");
        assertThat(TABLE.lookup("SE1")).contains(row("SE-SE1"));
        assertThat(TABLE.lookup("no-no5")).contains(row("NO5"));
        assertThat(TABLE.lookup("world")).contains(TABLE.worldAverage());
        // DE is Germany, US-DE is Delaware
        assertThat(row("US-DE").name()).isEqualTo("Delaware (US)");
    }

    @Test
    void unknownZonesAreEmptyNotTheWorldAverage() {
        assertThat(TABLE.lookup("US-CAL-CISO")).isEmpty();
        assertThat(TABLE.lookup("XX")).isEmpty();
        assertThat(TABLE.lookup("")).isEmpty();
        assertThat(TABLE.lookup("Atlantis")).isEmpty();
    }

    @Test
    void aRowBecomesAnIntensityWithItsSourceAndTheWorldAverageAFallback() {
        GridIntensity de = row("DE").intensity();
        assertThat(de.gramsCo2ePerKwh()).isEqualTo(380.95);
        assertThat(de.origin()).isEqualTo(IntensityOrigin.BUILT_IN);
        assertThat(de.fallback()).isFalse();
        assertThat(de.source()).contains("Our World in Data").contains("CodeCarbon");
        assertThat(de.detail()).isEqualTo("DEU Germany, 2023");

        GridIntensity world = TABLE.fallback();
        assertThat(world.gramsCo2ePerKwh()).isEqualTo(475);
        assertThat(world.fallback()).isTrue();
        assertThat(world.source()).contains("IEA");
        assertThat(TABLE.worldAverage().intensity().fallback()).isFalse(); // chosen on purpose, not a fallback
    }

    @Test
    void everyRowNamesItsSourceLicenceAndYear() {
        for (ZoneIntensity r : TABLE.rows()) {
            assertThat(r.source()).as(r.zone()).contains("CodeCarbon");
            assertThat(r.licence()).as(r.zone()).startsWith("MIT (CodeCarbon)");
            assertThat(r.year()).as(r.zone()).isBetween(2009, 2024);
            assertThat(r.basis()).isEqualTo(IntensityBasis.AVERAGE);
        }
    }

    @Test
    void aTableGivingOneNameToTwoRowsOrLackingTheWorldIsRefused() {
        String header = "zone,aliases,name,grams_per_kwh,year,basis,scope,source,licence\n";
        String world = "WORLD,,World,475,2019,average,direct,s,l\n";
        assertThatThrownBy(() -> BuiltInIntensities.parse(
                        new StringReader(header + world + "AAA,AA|Alpha,Alpha,1,2020,average,direct,s,l\n"
                                + "BBB,alpha,Beta,1,2020,average,direct,s,l\n")))
                .hasMessage("'alpha' names both AAA and BBB in the intensity table");
        assertThatThrownBy(() ->
                        BuiltInIntensities.parse(new StringReader(header + "AAA,,Alpha,1,2020,average,direct,s,l\n")))
                .hasMessageContaining("no WORLD row");
        assertThatThrownBy(() -> BuiltInIntensities.parse(
                        new StringReader(header + world + "AAA,,Alpha,-1,2020,average,direct,s,l\n")))
                .hasMessage("line 3: AAA: intensity must be finite and not negative");
        assertThatThrownBy(() -> BuiltInIntensities.parse(
                        new StringReader(header + world + "AAA,,Alpha,1,2020,mean,direct,s,l\n")))
                .hasMessageStartingWith("line 3: basis must be average or marginal");
    }
}
