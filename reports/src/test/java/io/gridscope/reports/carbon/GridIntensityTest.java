package io.gridscope.reports.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GridIntensityTest {
    private static GridIntensity of(double grams, IntensityOrigin origin) {
        return new GridIntensity(grams, IntensityBasis.AVERAGE, IntensityScope.LIFECYCLE, origin, "test", "", false);
    }

    @Test
    void onlyTheWorldAverageIsAFallback() {
        for (IntensityOrigin o : IntensityOrigin.values()) {
            assertThat(of(100, o).fallback()).as(o.name()).isEqualTo(o == IntensityOrigin.WORLD_AVERAGE);
        }
    }

    @Test
    void negativeAndNonFiniteValuesAreRefused() {
        assertThat(of(0, IntensityOrigin.FIXED).gramsCo2ePerKwh()).isZero();
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> of(bad, IntensityOrigin.FIXED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("intensity must be a finite number");
        }
        assertThatThrownBy(() -> new GridIntensity(
                        1, IntensityBasis.AVERAGE, IntensityScope.DIRECT, IntensityOrigin.FIXED, " ", "", false))
                .hasMessageContaining("needs its source");
    }

    @Test
    void basisAndScopeLabelsRoundTrip() {
        for (IntensityBasis b : IntensityBasis.values()) {
            assertThat(IntensityBasis.parse(b.label().toUpperCase())).isEqualTo(b);
        }
        for (IntensityScope s : IntensityScope.values()) {
            assertThat(IntensityScope.parse(" " + s.label())).isEqualTo(s);
        }
        assertThatThrownBy(() -> IntensityBasis.parse("mean")).hasMessageContaining("average or marginal");
        assertThatThrownBy(() -> IntensityScope.parse("scope2")).hasMessageContaining("lifecycle, direct");
    }
}
