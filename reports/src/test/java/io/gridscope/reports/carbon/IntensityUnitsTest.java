package io.gridscope.reports.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class IntensityUnitsTest {
    @Test
    void factorsToGramsPerKwhAreExactDecimals() {
        assertThat(IntensityUnits.GRAMS_PER_KWH.gramsPerKwh()).isEqualByComparingTo("1");
        assertThat(IntensityUnits.KILOGRAMS_PER_KWH.gramsPerKwh()).isEqualByComparingTo("1000");
        assertThat(IntensityUnits.TONNES_PER_KWH.gramsPerKwh()).isEqualByComparingTo("1000000");
        assertThat(IntensityUnits.GRAMS_PER_MWH.gramsPerKwh()).isEqualByComparingTo("0.001");
        assertThat(IntensityUnits.KILOGRAMS_PER_MWH.gramsPerKwh()).isEqualByComparingTo("1");
        assertThat(IntensityUnits.TONNES_PER_MWH.gramsPerKwh()).isEqualByComparingTo("1000");
        assertThat(IntensityUnits.POUNDS_PER_MWH.gramsPerKwh()).isEqualTo(new BigDecimal("0.45359237"));
        assertThat(IntensityUnits.parse("g/Wh").gramsPerKwh()).isEqualByComparingTo("1000");
        assertThat(IntensityUnits.parse("t/GWh").gramsPerKwh()).isEqualByComparingTo("1");
    }

    @Test
    void convertsTheFiguresOfTheSourcesTheProductReads() {
        // US eGRID (CodeCarbon usa_emissions.json): California 452.541 lbs CO2/MWh
        assertThat(IntensityUnits.toGramsPerKwh(452.541, "lbs/MWh")).isCloseTo(205.2691, within(1e-4));
        // Cloud Carbon Footprint: us-east-1 0.000415755 metric tonnes CO2e/kWh
        assertThat(IntensityUnits.toGramsPerKwh(0.000415755, "t/kWh")).isCloseTo(415.755, within(1e-9));
        assertThat(IntensityUnits.toGramsPerKwh(0.38, "kgCO2e/kWh")).isCloseTo(380, within(1e-9));
        assertThat(IntensityUnits.toGramsPerKwh(380_000, "g/MWh")).isCloseTo(380, within(1e-9));
        assertThat(IntensityUnits.POUNDS_PER_MWH.fromGramsPerKwh(453.59237)).isCloseTo(1000, within(1e-9));
    }

    @Test
    void readsTheSpellingsSourcesUse() {
        for (String s : new String[] {
            "g/kWh",
            "gCO2/kWh",
            "gCO2e/kWh",
            "gCO2eq/kWh",
            "gCO2.eq/kWh",
            "gCO2-eq/kWh",
            "gCO₂e/kWh",
            " G / KWH ",
            "grams per kWh",
            "g CO2e / kWh"
        }) {
            assertThat(IntensityUnits.parse(s)).as(s).isEqualTo(IntensityUnits.GRAMS_PER_KWH);
        }
        assertThat(IntensityUnits.parse("lb/MWh")).isEqualTo(IntensityUnits.POUNDS_PER_MWH);
        assertThat(IntensityUnits.parse("lbs CO2/MWh")).isEqualTo(IntensityUnits.POUNDS_PER_MWH);
        assertThat(IntensityUnits.parse("tCO2e/kWh")).isEqualTo(IntensityUnits.TONNES_PER_KWH);
        assertThat(IntensityUnits.parse("tonnes/kWh")).isEqualTo(IntensityUnits.TONNES_PER_KWH);
        assertThat(IntensityUnits.parse("kgco2eq/mwh").symbol()).isEqualTo("kg/MWh");
    }

    @Test
    void unknownUnitsAreRefusedWithTheUnitsAccepted() {
        for (String s : new String[] {"", "g", "kWh", "g/kW", "oz/kWh", "mg/kWh", "g/kWh/h", "%", "gCO2x/kWh"}) {
            assertThatThrownBy(() -> IntensityUnits.parse(s))
                    .as(s)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown intensity unit")
                    .hasMessageContaining("g, kg, t (metric tonnes) or lb");
        }
        assertThatThrownBy(() -> IntensityUnits.parse("g/kWh" + " ".repeat(100)))
                .hasMessageContaining("unknown intensity unit");
    }
}
