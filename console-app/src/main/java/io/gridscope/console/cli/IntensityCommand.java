package io.gridscope.console.cli;

import io.gridscope.console.app.DataDirectory;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.ProviderIntensities;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryStore;
import io.gridscope.reports.carbon.ElectricityMapsClient;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./gridscope intensity-fetch}: stores the live grid intensities of the sites that use a provider. */
@Command(
        name = "intensity-fetch",
        mixinStandardHelpOptions = true,
        description = {
            "Fetch the hourly grid carbon intensity of every site with an electricitymaps_zone (Electricity Maps",
            "API v3, with the token in the site's electricitymaps_token_file) and store it in the history, so",
            "reports use it and give the same figures offline. Only hours not stored yet are fetched; hours are",
            "stored once they are an hour old (the provider revises its newest values)."
        },
        footer = {
            "",
            "Examples:",
            "  ./gridscope intensity-fetch                      # the last 7 days",
            "  ./gridscope intensity-fetch --from 2026-11-01 --to 2026-12-01"
        })
public final class IntensityCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "DATE", description = "Start (default: 7 days ago).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "End (default: now).")
    String to;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Accounting file (default: accounting.toml in the configuration directory).")
    Path config;

    @Option(names = "--base-url", paramLabel = "URL", hidden = true, description = "Provider base URL (tests).")
    URI baseUrl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = DataDirMixin.dataDir(spec);
        Path file = AccountingFiles.locate(config);
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException("no accounting file " + file + ": no site names a provider", ExitCodes.IO);
        }
        AccountingConfig cfg = AccountingFiles.load(file);
        Clock clock = Clock.systemUTC();
        Instant end = to == null ? clock.instant() : parse("--to", to, cfg);
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : parse("--from", from, cfg);
        if (!end.isAfter(start)) {
            throw new UserFacingException("--to must be after --from", ExitCodes.USAGE);
        }
        ElectricityMapsClient.Options options = ElectricityMapsClient.Options.defaults();
        if (baseUrl != null) {
            options = options.withBaseUrl(baseUrl);
        }
        List<ProviderIntensities.Outcome> outcomes;
        try (HistoryStore store = HistoryStore.open(DataDirectory.prepare(dir, "data"))) {
            outcomes = ProviderIntensities.fill(cfg, store, start, end, options, clock);
            store.flush().join();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (outcomes.isEmpty()) {
            out.println("no site in " + file + " names an electricitymaps_zone: nothing to fetch");
        }
        boolean ok = true;
        for (ProviderIntensities.Outcome o : outcomes) {
            (o.ok() ? out : spec.commandLine().getErr()).println(o.message());
            ok &= o.ok();
        }
        out.flush();
        spec.commandLine().getErr().flush();
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static Instant parse(String option, String text, AccountingConfig cfg) {
        return AccountingFile.parseInstant(text.strip(), cfg.timeZone())
                .orElseThrow(() -> new UserFacingException(
                        option + " '" + text + "' is not a date (2026-11-01) or an instant", ExitCodes.USAGE));
    }
}
