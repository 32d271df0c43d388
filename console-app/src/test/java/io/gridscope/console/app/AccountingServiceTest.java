package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.AccountingService.ReportResult;
import io.gridscope.console.app.AccountingService.SaveOutcome;
import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.accounting.ReportRow;
import io.gridscope.reports.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's accounting on its own thread, over a real history and accounting file. */
class AccountingServiceTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    @TempDir
    Path home;

    private Path configDir;
    private Path dataDir;
    private AccountingService service;
    private final List<ConfigState> states = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        configDir = home.resolve("config");
        dataDir = home.resolve("data");
        AccountingFixture.writeHistory(
                dataDir, AccountingFixture.daysAgo(2), AccountingFixture.daysAgo(1), AccountingFixture.GPUS);
        service = new AccountingService(Clock.systemUTC(), EUR);
        service.addStateListener(s -> {
            threads.add(Thread.currentThread().getName());
            states.add(s);
        });
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private void attach() {
        service.attach(Optional.of(new AccountingAccess(configDir, dataDir, () -> HistoryReader.open(dataDir))));
    }

    private ConfigState awaitState(Predicate<ConfigState> p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (ConfigState s : states.reversed()) {
                if (p.test(s)) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such state; last: " + (states.isEmpty() ? "none" : states.getLast()));
    }

    private static <T> T await(Consumer<Consumer<T>> call) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        call.accept(f::complete);
        return f.get(30, TimeUnit.SECONDS);
    }

    private ReportResult report(GroupBy by) throws Exception {
        ReportRequest r = new ReportRequest(AccountingFixture.daysAgo(2), AccountingFixture.daysAgo(1), by, EUR);
        return await(done -> service.report("test", r, false, done));
    }

    @Test
    void closingWhileAttachingIsQuiet() throws Exception {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(AccountingService.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            AccountingFixture.writeConfig(configDir, AccountingFixture.accountingToml());
            attach();
            service.close(); // the attach still queued: it runs, and finds the thread shutting down
            assertThat(events.list)
                    .filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .isEmpty();
        } finally {
            logger.detachAppender(events);
        }
    }

    @Test
    void keepsTheLastValidConfigurationWhileTheFileIsInvalidAndSaysWhereItIsWrong() throws Exception {
        Path file = AccountingFixture.writeConfig(configDir, AccountingFixture.accountingToml());
        attach();
        ConfigState valid = awaitState(s -> s.available() && s.inForce().isPresent());
        assertThat(valid.valid()).isTrue();
        assertThat(valid.inForce().get().sites()).extracting(s -> s.id()).containsExactly("fra", "sto");

        String broken = AccountingFixture.accountingToml().replace("pue = 1.4", "pue = 0.7");
        int line = List.of(broken.split("\n")).indexOf("pue = 0.7") + 1;
        Files.writeString(file, broken);
        service.reload();
        ConfigState invalid = awaitState(s -> !s.valid());

        assertThat(invalid.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file.toString());
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.field()).isEqualTo("site.pue");
        });
        assertThat(invalid.problemText()).contains(file + ":" + line + ": site.pue: a PUE is at least 1.0");
        assertThat(invalid.inForce())
                .as("the last valid configuration stays in force")
                .isEqualTo(valid.inForce());
        assertThat(invalid.fileText()).isEqualTo(broken);
        // reports go on with it: Frankfurt's PUE is still 1.4
        ReportResult bySite = report(GroupBy.SITE);
        assertThat(bySite.error()).isEmpty();
        ReportRow fra = bySite.report().orElseThrow().rows().stream()
                .filter(r -> r.group().equals("fra"))
                .findFirst()
                .orElseThrow();
        assertThat(fra.facilityKwh().divide(fra.itKwh(), java.math.MathContext.DECIMAL64))
                .isEqualByComparingTo("1.4");
        assertThat(threads).allMatch(AccountingService.THREAD_NAME::equals);
    }

    @Test
    void savingWritesTheFileInOneMoveKeepsTheOldOneAndRecordsWhoChangedWhat() throws Exception {
        String before = AccountingFixture.accountingToml();
        Path file = AccountingFixture.writeConfig(configDir, before);
        attach();
        awaitState(s -> s.inForce().isPresent());
        String after = before.replace("price_per_kwh = 0.30", "price_per_kwh = 0.35");

        SaveOutcome o = await(done -> service.save(before, after, done));

        assertThat(o.saved()).isTrue();
        assertThat(o.error()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(after);
        assertThat(Files.readString(configDir.resolve("accounting.toml.bak"))).isEqualTo(before);
        try (var files = Files.list(configDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file left behind")
                    .containsExactlyInAnyOrder("accounting.toml", "accounting.toml.bak");
        }
        Path log = dataDir.resolve(JsonLinesAccountingAudit.FILE_NAME);
        List<String> entries = Files.readAllLines(log);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst())
                .contains("\"user\":" + JsonLinesAccountingAudit.quote(System.getProperty("user.name")))
                .contains("\"before\":" + JsonLinesAccountingAudit.quote(before))
                .contains("\"after\":" + JsonLinesAccountingAudit.quote(after));
        assertThat(o.message()).contains(log.toString());
        ConfigState now = awaitState(s -> s.fileText().equals(after));
        assertThat(now.inForce().orElseThrow().electricity().getFirst().flatPerKwh())
                .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("0.35"));
    }

    @Test
    void anInvalidTextIsRefusedAndNothingIsWritten() throws Exception {
        String before = AccountingFixture.accountingToml();
        Path file = AccountingFixture.writeConfig(configDir, before);
        attach();
        awaitState(s -> s.inForce().isPresent());

        SaveOutcome o = await(done -> service.save(
                before, before.replace("currency = \"EUR\"\ntimezone", "currency = \"EURO\"\ntimezone"), done));

        assertThat(o.saved()).isFalse();
        assertThat(o.problems()).extracting(ConfigException.Problem::field).contains("currency");
        assertThat(o.error()).startsWith("Not saved");
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(configDir.resolve("accounting.toml.bak")).doesNotExist();
        assertThat(dataDir.resolve(JsonLinesAccountingAudit.FILE_NAME)).doesNotExist();
    }

    @Test
    void aFileChangedMeanwhileIsNotOverwritten() throws Exception {
        String shown = AccountingFixture.accountingToml();
        Path file = AccountingFixture.writeConfig(configDir, shown);
        attach();
        awaitState(s -> s.inForce().isPresent());
        String byHand = shown.replace("intensity = 380", "intensity = 390");
        Files.writeString(file, byHand);

        SaveOutcome o = await(done -> service.save(shown, shown.replace("pue = 1.1", "pue = 1.2"), done));

        assertThat(o.saved()).isFalse();
        assertThat(o.error()).contains("changed since it was shown");
        assertThat(Files.readString(file)).isEqualTo(byHand);
    }

    @Test
    void aMissingExchangeRateIsTheReportsErrorInItsOwnWords() throws Exception {
        AccountingFixture.writeConfig(
                configDir,
                AccountingFixture.accountingToml()
                        .replace("site = \"sto\"\ncurrency = \"EUR\"", "site = \"sto\"\ncurrency = \"SEK\""));
        attach();
        awaitState(s -> s.inForce().isPresent());

        ReportResult r = report(GroupBy.TEAM);

        assertThat(r.report()).isEmpty();
        assertThat(r.error()).startsWith("no exchange rate from SEK to EUR at ").contains("[[exchange_rate]]");
    }

    @Test
    void withoutAFileEveryFigureFallsBackAndTheReportSaysSo() throws Exception {
        attach();
        ConfigState s = awaitState(x -> x.inForce().isPresent());
        assertThat(s.fileExists()).isFalse();

        ReportResult r = report(GroupBy.HOST);

        assertThat(r.error()).isEmpty();
        assertThat(r.report().orElseThrow().methodology().warnings())
                .anyMatch(w -> w.contains("world average"))
                .anyMatch(w -> w.contains("no electricity price"));
    }

    @Test
    void comparingComputesThePeriodOfTheSameLengthJustBefore() throws Exception {
        AccountingFixture.writeConfig(configDir, AccountingFixture.accountingToml());
        attach();
        awaitState(s -> s.inForce().isPresent());
        ReportRequest r = new ReportRequest(
                AccountingFixture.daysAgo(2).plus(Duration.ofHours(12)),
                AccountingFixture.daysAgo(1),
                GroupBy.TEAM,
                EUR);

        ReportResult result = await(done -> service.report("test", r, true, done));

        ReportRequest before = result.previous().orElseThrow().request();
        assertThat(before.to()).isEqualTo(r.from());
        assertThat(Duration.between(before.from(), before.to())).isEqualTo(Duration.ofHours(12));
        assertThat(before.groupBy()).isEqualTo(GroupBy.TEAM);
    }

    @Test
    void aNewerRequestOfTheSameRequesterReplacesOneThatHasNotStarted() throws Exception {
        AccountingFixture.writeConfig(configDir, AccountingFixture.accountingToml());
        attach();
        awaitState(s -> s.inForce().isPresent());
        CompletableFuture<Void> blocker = new CompletableFuture<>();
        // hold the accounting thread so that the next two requests queue behind it
        service.validate("", p -> blocker.join());
        List<String> answered = new CopyOnWriteArrayList<>();
        ReportRequest r =
                new ReportRequest(AccountingFixture.daysAgo(2), AccountingFixture.daysAgo(1), GroupBy.TEAM, EUR);
        service.report("page", r, false, x -> answered.add("first"));
        CompletableFuture<ReportResult> second = new CompletableFuture<>();
        service.report("page", r, false, x -> {
            answered.add("second");
            second.complete(x);
        });
        blocker.complete(null);

        assertThat(second.get(30, TimeUnit.SECONDS).error()).isEmpty();
        assertThat(answered).containsExactly("second");
    }

    @Test
    void aDataPathWithoutHistorySaysSo() throws Exception {
        service.attach(Optional.empty());
        ConfigState s = awaitState(x -> !x.available() && x.unavailable().contains("no local history"));
        assertThat(s.inForce()).isEmpty();
        ReportResult r = report(GroupBy.TEAM);
        assertThat(r.error()).contains("no local history");
    }

    @Test
    void theAuditLogIsAppendedToAndEscapesWhatItQuotes() throws Exception {
        JsonLinesAccountingAudit audit = new JsonLinesAccountingAudit(dataDir, configDir.resolve("accounting.toml"));
        audit.record(Instant.parse("2026-01-02T03:04:05Z"), "ada", "", "a = \"x\"\n");
        audit.record(Instant.parse("2026-01-02T03:05:05Z"), "ada", "a = \"x\"\n", "b\t= 1\n");
        List<String> lines = Files.readAllLines(audit.file());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .isEqualTo("{\"when\":\"2026-01-02T03:04:05Z\",\"user\":\"ada\",\"file\":"
                        + JsonLinesAccountingAudit.quote(
                                configDir.resolve("accounting.toml").toString())
                        + ",\"before\":\"\",\"after\":\"a = \\\"x\\\"\\n\"}");
        assertThat(lines.get(1)).contains("\"after\":\"b\\t= 1\\n\"");
    }
}
