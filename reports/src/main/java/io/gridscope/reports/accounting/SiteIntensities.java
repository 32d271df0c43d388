package io.gridscope.reports.accounting;

import io.gridscope.reports.carbon.FixedIntensity;
import io.gridscope.reports.carbon.GridIntensity;
import io.gridscope.reports.carbon.IntensityBasis;
import io.gridscope.reports.carbon.IntensityCache;
import io.gridscope.reports.carbon.IntensityOrigin;
import io.gridscope.reports.carbon.IntensityProfile;
import io.gridscope.reports.carbon.IntensityProfileException;
import io.gridscope.reports.carbon.IntensityResolver;
import io.gridscope.reports.carbon.IntensityScope;
import io.gridscope.reports.carbon.IntensitySettings;
import io.gridscope.reports.carbon.ResolvedIntensity;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.Site;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The grid intensity of each site, from the first of its settings that has a value for the hour: the provider's
 * hours stored in the history (Electricity Maps), an imported profile, a fixed value, the built-in table's zone,
 * and last the world average (flagged as a fallback). Profiles are read once, when this is built; the provider is
 * never called here (only its stored hours are read), so a report gives the same figures offline.
 */
public final class SiteIntensities implements IntensityLookup {
    private final Map<String, IntensitySettings> settings = new HashMap<>();
    private final IntensityCache.RangeQuery history;
    private final Map<String, IntensityResolver> resolvers = new ConcurrentHashMap<>();

    private SiteIntensities(IntensityCache.RangeQuery history) {
        this.history = history;
    }

    /**
     * @param history where the provider's hours are stored (a history reader's {@code queryRange})
     * @throws AccountingInputException when a site's intensity profile cannot be read
     */
    public static SiteIntensities of(AccountingConfig config, IntensityCache.RangeQuery history) {
        SiteIntensities s = new SiteIntensities(history);
        for (Site site : config.sites()) {
            s.settings.put(site.id(), settings(site));
        }
        return s;
    }

    private static IntensitySettings settings(Site site) {
        IntensitySettings s = IntensitySettings.NONE;
        IntensityBasis basis = IntensityBasis.parse(site.intensityKind().basis());
        IntensityScope scope = IntensityScope.parse(site.intensityKind().scope());
        if (site.providerZone().isPresent()) {
            s = s.withProvider(site.providerZone().get(), scope);
        }
        if (site.intensityProfile().isPresent()) {
            try {
                s = s.withProfile(IntensityProfile.read(site.intensityProfile().get(), site.timeZone(), basis, scope));
            } catch (IntensityProfileException e) {
                throw new AccountingInputException(
                        "site " + site.id() + ": the intensity profile cannot be used: " + e.getMessage(), e);
            }
        }
        if (site.intensityFixedGramsPerKwh().isPresent()) {
            s = s.withFixed(new FixedIntensity(
                    site.intensityFixedGramsPerKwh().get().doubleValue(),
                    basis,
                    scope,
                    "fixed value for site " + site.id() + " (line " + site.line() + ")"));
        }
        if (site.zone().isPresent()) {
            s = s.withBuiltInZone(site.zone().get());
        }
        return s;
    }

    @Override
    public Intensity at(Optional<Site> site, Instant hour) {
        String id = site.map(Site::id).orElse("");
        IntensitySettings s = settings.getOrDefault(id, IntensitySettings.NONE);
        // Resolvers cover a calendar month (UTC) each: a report, and the budget periods beside it, reuse them.
        ZonedDateTime month =
                hour.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        IntensityResolver r = resolvers.computeIfAbsent(
                id + "\u0000" + month,
                k -> IntensityResolver.prepare(
                        s, month.toInstant(), month.plusMonths(1).toInstant(), history));
        ResolvedIntensity resolved = r.at(hour);
        GridIntensity g = resolved.intensity();
        String source = g.source()
                + (g.detail().isEmpty() || g.origin() == IntensityOrigin.FIXED ? "" : ", " + g.detail())
                + (g.estimated() ? " (estimated by the provider)" : "");
        if (resolved.fellBack()) {
            source += "; no value for the hour from "
                    + resolved.passedOver().stream()
                            .map(IntensityOrigin::name)
                            .map(n -> n.toLowerCase(Locale.ROOT).replace('_', ' '))
                            .collect(Collectors.joining(", "));
        }
        if (g.fallback()) {
            source = IntensityLookup.WORLD.source();
        }
        String basis = g.basis().label() + ", " + g.scope().label();
        BigDecimal grams = new BigDecimal(
                BigDecimal.valueOf(g.gramsCo2ePerKwh()).stripTrailingZeros().toPlainString());
        return new Intensity(grams, source, basis, g.fallback());
    }

    /** For tests and the methodology: the sites configured. */
    List<String> sites() {
        return List.copyOf(settings.keySet());
    }
}
