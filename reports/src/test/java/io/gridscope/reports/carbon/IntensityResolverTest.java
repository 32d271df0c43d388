package io.gridscope.reports.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.testsupport.ManualClock;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntensityResolverTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant T48 = T0.plus(Duration.ofHours(48));
    private static final IntensityCache.RangeQuery NO_READS = (q, step) -> {
        throw new AssertionError("no provider is set, so nothing is read: " + q);
    };

    @TempDir
    Path dir;

    private final ManualClock clock =
            new ManualClock(T0.plus(Duration.ofDays(10)).toEpochMilli());

    /** Electricity Maps' stored hours: 200 + hour for the first day, except hour 5, which it had no value for. */
    @BeforeEach
    void storeProviderHours() throws Exception {
        HourlyIntensityProvider provider = new HourlyIntensityProvider() {
            @Override
            public String id() {
                return ElectricityMapsClient.ID;
            }

            @Override
            public String displayName() {
                return ElectricityMapsClient.NAME;
            }

            @Override
            public void pastRange(
                    String zone,
                    Instant start,
                    Instant end,
                    IntensityScope scope,
                    Consumer<List<HourlyIntensity>> onPage) {
                List<HourlyIntensity> hours = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    if (i != 5) {
                        hours.add(new HourlyIntensity(
                                zone,
                                T0.plus(Duration.ofHours(i)),
                                200 + i,
                                scope,
                                i == 7,
                                Optional.empty(),
                                Optional.empty()));
                    }
                }
                onPage.accept(hours);
            }

            @Override
            public List<HourlyIntensity> recent(String zone, IntensityScope scope) {
                return List.of();
            }
        };
        try (HistoryStore store = HistoryStore.open(
                dir, HistoryOptions.defaults().withClock(clock).withMaintenanceInterval(Duration.ZERO))) {
            new IntensityCache(store, provider, clock)
                    .fill("DE", IntensityScope.LIFECYCLE, T0, T0.plus(Duration.ofDays(1)));
        }
    }

    private static IntensityProfile hourlyProfile() throws IntensityProfileException {
        return IntensityProfile.parse(
                "site.csv",
                new StringReader("timestamp,intensity\n2026-11-01T05:00:00Z,55\n2026-11-01T06:00:00Z,66\n"
                        + "2026-11-02T06:00:00Z,0\n"),
                ZoneId.of("UTC"),
                IntensityBasis.MARGINAL,
                IntensityScope.LIFECYCLE);
    }

    private static final FixedIntensity FIXED =
            new FixedIntensity(300, IntensityBasis.AVERAGE, IntensityScope.DIRECT, "supplier disclosure 2025");

    @Test
    void nothingSetGivesTheWorldAverageAndSaysItIsAFallback() {
        IntensityResolver r = IntensityResolver.prepare(IntensitySettings.NONE, T0, T48, NO_READS);
        ResolvedIntensity x = r.at(T0.plusSeconds(5000));
        assertThat(x.intensity().gramsCo2ePerKwh()).isEqualTo(475);
        assertThat(x.intensity().fallback()).isTrue();
        assertThat(x.origin()).isEqualTo(IntensityOrigin.WORLD_AVERAGE);
        assertThat(x.passedOver()).isEmpty();
        assertThat(x.fellBack()).isFalse();
    }

    @Test
    void eachHourTakesTheFirstSettingThatHasAValueAndNamesThosePassedOver() throws Exception {
        IntensitySettings all = IntensitySettings.NONE
                .withProvider("DE", IntensityScope.LIFECYCLE)
                .withProfile(hourlyProfile())
                .withFixed(FIXED)
                .withBuiltInZone("DE");
        try (HistoryReader reader = HistoryReader.open(dir)) {
            IntensityResolver r = IntensityResolver.prepare(all, T0, T48, reader::queryRange);

            ResolvedIntensity provider = r.at(T0.plus(Duration.ofHours(7)));
            assertThat(provider.origin()).isEqualTo(IntensityOrigin.PROVIDER);
            assertThat(provider.intensity().gramsCo2ePerKwh()).isEqualTo(207);
            assertThat(provider.intensity().estimated()).isTrue();
            assertThat(provider.intensity().source()).isEqualTo("Electricity Maps");
            assertThat(provider.passedOver()).isEmpty();

            // the provider had no value for hour 5: the profile has one
            ResolvedIntensity profile = r.at(T0.plus(Duration.ofHours(5)));
            assertThat(profile.origin()).isEqualTo(IntensityOrigin.PROFILE);
            assertThat(profile.intensity().gramsCo2ePerKwh()).isEqualTo(55);
            assertThat(profile.intensity().basis()).isEqualTo(IntensityBasis.MARGINAL);
            assertThat(profile.passedOver()).containsExactly(IntensityOrigin.PROVIDER);
            assertThat(profile.fellBack()).isTrue();

            // the second day: nothing cached; the profile has hour 6 only
            assertThat(r.at(T0.plus(Duration.ofHours(30))).intensity().gramsCo2ePerKwh())
                    .isZero();
            ResolvedIntensity fixed = r.at(T0.plus(Duration.ofHours(31)));
            assertThat(fixed.origin()).isEqualTo(IntensityOrigin.FIXED);
            assertThat(fixed.intensity().gramsCo2ePerKwh()).isEqualTo(300);
            assertThat(fixed.intensity().source()).isEqualTo("supplier disclosure 2025");
            assertThat(fixed.intensity().scope()).isEqualTo(IntensityScope.DIRECT);
            assertThat(fixed.passedOver()).containsExactly(IntensityOrigin.PROVIDER, IntensityOrigin.PROFILE);

            // what a report counts
            Map<IntensityOrigin, Integer> hours = new EnumMap<>(IntensityOrigin.class);
            for (Instant h = T0; h.isBefore(T48); h = h.plus(Duration.ofHours(1))) {
                hours.merge(r.at(h).origin(), 1, Integer::sum);
            }
            assertThat(hours)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            IntensityOrigin.PROVIDER, 23, IntensityOrigin.PROFILE, 2, IntensityOrigin.FIXED, 23));
        }
    }

    @Test
    void withoutAFixedValueTheBuiltInZoneAnswersAndAnUnknownZoneFallsToTheWorldAverage() throws Exception {
        try (HistoryReader reader = HistoryReader.open(dir)) {
            IntensitySettings zoned = IntensitySettings.NONE
                    .withProvider("DE", IntensityScope.LIFECYCLE)
                    .withBuiltInZone("Germany");
            IntensityResolver r = IntensityResolver.prepare(zoned, T0, T48, reader::queryRange);
            ResolvedIntensity de = r.at(T0.plus(Duration.ofHours(40)));
            assertThat(de.origin()).isEqualTo(IntensityOrigin.BUILT_IN);
            assertThat(de.intensity().gramsCo2ePerKwh()).isEqualTo(380.95);
            assertThat(de.intensity().detail()).isEqualTo("DEU Germany, 2023");
            assertThat(de.passedOver()).containsExactly(IntensityOrigin.PROVIDER);
            assertThat(r.builtInZone().orElseThrow().zone()).isEqualTo("DEU");

            IntensityResolver unknown = IntensityResolver.prepare(
                    IntensitySettings.NONE.withBuiltInZone("US-CAL-CISO"), T0, T48, reader::queryRange);
            ResolvedIntensity world = unknown.at(T0);
            assertThat(world.origin()).isEqualTo(IntensityOrigin.WORLD_AVERAGE);
            assertThat(world.intensity().fallback()).isTrue();
            assertThat(world.passedOver()).containsExactly(IntensityOrigin.BUILT_IN);
            assertThat(unknown.builtInZone()).isEmpty();
        }
    }

    @Test
    void aMonthlyProfileCoversEveryHourOfItsMonths() throws Exception {
        IntensityProfile monthly = IntensityProfile.parse(
                "m.csv",
                new StringReader("month,intensity\n2026-11,123\n"),
                ZoneId.of("Europe/Berlin"),
                IntensityBasis.AVERAGE,
                IntensityScope.LIFECYCLE);
        IntensityResolver r = IntensityResolver.prepare(
                IntensitySettings.NONE.withProfile(monthly).withFixed(FIXED), T0, T48, NO_READS);
        assertThat(r.at(T0.plus(Duration.ofHours(47))).intensity().gramsCo2ePerKwh())
                .isEqualTo(123);
        // 2026-10-31T23:00Z is already November in Berlin; 22:00Z is October, which the profile lacks
        assertThat(r.at(Instant.parse("2026-10-31T23:00:00Z")).origin()).isEqualTo(IntensityOrigin.PROFILE);
        assertThat(r.at(Instant.parse("2026-10-31T22:00:00Z")).origin()).isEqualTo(IntensityOrigin.FIXED);
    }

    @Test
    void providerHoursAreReadForThePreparedPeriodOnly() throws Exception {
        try (HistoryReader reader = HistoryReader.open(dir)) {
            IntensityResolver r = IntensityResolver.prepare(
                    IntensitySettings.NONE.withProvider("DE", IntensityScope.LIFECYCLE),
                    T0.plusSeconds(1800),
                    T0.plus(Duration.ofHours(3)),
                    reader::queryRange);
            assertThat(r.providerHours().orElseThrow().size()).isEqualTo(3);
            assertThat(r.at(T0).origin()).isEqualTo(IntensityOrigin.PROVIDER);
            assertThatThrownBy(() -> r.at(T0.plus(Duration.ofHours(3))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("hour 2026-11-01T03:00:00Z is outside the period prepared,"
                            + " 2026-11-01T00:00:00Z..2026-11-01T03:00:00Z");
            // the direct-emissions series was never stored
            IntensityResolver direct = IntensityResolver.prepare(
                    IntensitySettings.NONE.withProvider("DE", IntensityScope.DIRECT), T0, T48, reader::queryRange);
            assertThat(direct.at(T0).passedOver()).containsExactly(IntensityOrigin.PROVIDER);
        }
    }

    @Test
    void settingsRefuseWhatCannotBeUsed() {
        assertThatThrownBy(() -> IntensitySettings.NONE.withProvider("DE", IntensityScope.UNSPECIFIED))
                .hasMessageContaining("lifecycle or direct");
        assertThatThrownBy(() -> new FixedIntensity(-1, IntensityBasis.AVERAGE, IntensityScope.DIRECT, ""))
                .hasMessageContaining("not negative");
        assertThatThrownBy(() -> new FixedIntensity(380_000, IntensityBasis.AVERAGE, IntensityScope.DIRECT, ""))
                .hasMessageContaining("check the unit");
        assertThat(new FixedIntensity(1, IntensityBasis.AVERAGE, IntensityScope.DIRECT, " ").source())
                .isEqualTo("fixed value");
        assertThat(IntensitySettings.NONE.withBuiltInZone("  ").builtInZone()).isEmpty();
    }
}
