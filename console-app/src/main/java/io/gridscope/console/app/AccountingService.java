package io.gridscope.console.app;

import io.gridscope.history.HistoryException;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.config.ConfigException;
import io.gridscope.reports.money.ExchangeRates;
import io.gridscope.reports.money.Money;
import io.gridscope.reports.usage.UsageException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's accounting, all of it on one thread of its own, {@value #THREAD_NAME}: reads {@code accounting.toml}
 * from the configuration directory (again whenever its text changes, checked every {@link #CHECK_INTERVAL}), keeps
 * the last valid configuration in force while the file is invalid and says why it is (file, line, field), opens the
 * history for reading, computes {@link AccountingReport}s on request and today's figures every {@link
 * #TODAY_INTERVAL}, and validates and saves the file (atomically, with a {@code .bak} of the previous one and an
 * entry in the {@link AccountingAudit audit trail}).
 *
 * <p>Every public method returns at once. Results and state reach the callbacks and listeners on the accounting
 * thread; the console hands them to the FX thread through its {@code FxBatcher}. A report that fails says why in
 * its {@link ReportResult#error()} (a missing exchange rate in the words of {@link
 * ExchangeRates.MissingExchangeRateException}); nothing is swallowed. No JavaFX here.
 */
public final class AccountingService implements AutoCloseable {
    public static final String THREAD_NAME = "gridscope-accounting";
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);
    public static final Duration TODAY_INTERVAL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(AccountingService.class);

    /**
     * Where the accounting file stands.
     *
     * @param unavailable why there is no accounting (no data path yet, or one without history); empty when there is
     * @param file the accounting file (absent before a data path is attached)
     * @param fileExists whether the file exists (a missing file is an empty configuration: everything falls back)
     * @param fileText the file's text as last read, valid or not ("" when it does not exist)
     * @param problems what is wrong with {@code fileText}, each with file, line and field; empty when it is valid
     * @param inForce the configuration reports are computed with: the file's when it is valid, else the last valid
     *     one read in this session (absent when there has been none)
     * @param inForceText the text {@code inForce} was read from
     * @param inForceSince when {@code inForce} was read
     */
    public record ConfigState(
            String unavailable,
            Optional<Path> file,
            boolean fileExists,
            String fileText,
            List<ConfigException.Problem> problems,
            Optional<AccountingConfig> inForce,
            String inForceText,
            Optional<Instant> inForceSince) {
        public ConfigState {
            Objects.requireNonNull(unavailable);
            problems = List.copyOf(problems);
        }

        static ConfigState unavailable(String why) {
            return new ConfigState(why, Optional.empty(), false, "", List.of(), Optional.empty(), "", Optional.empty());
        }

        public boolean available() {
            return unavailable.isEmpty();
        }

        public boolean valid() {
            return problems.isEmpty();
        }

        /** Every problem on a line of its own, "file:line: field: message". */
        public String problemText() {
            return String.join(
                    "\n", problems.stream().map(ConfigException.Problem::format).toList());
        }

        /**
         * The configuration reports are computed with.
         *
         * @throws UserFacingException saying why there is none: no data path with a history, or a file with errors
         *     and no earlier valid version read in this session
         */
        public AccountingConfig requireConfig() {
            if (!available()) {
                throw new UserFacingException(unavailable, ExitCodes.FAILURE);
            }
            return inForce.orElseThrow(() -> new UserFacingException(
                    file.map(Object::toString).orElse(AccountingFile.FILE_NAME)
                            + " has errors and no earlier valid version was read in this session; fix it (Settings"
                            + " → Accounting):\n" + problemText(),
                    ExitCodes.FAILURE));
        }
    }

    /**
     * A computed report, or why there is none.
     *
     * @param previous the same report over the period of the same length just before, when asked for
     * @param error the reason there is no report (its message alone says what is wrong); empty when there is one
     */
    public record ReportResult(Optional<AccountingReport> report, Optional<AccountingReport> previous, String error) {
        static ReportResult failed(String error) {
            return new ReportResult(Optional.empty(), Optional.empty(), error);
        }
    }

    /** Today's figures so far (from local midnight in the accounting time zone), or why there are none. */
    public record TodaySummary(Optional<AccountingReport> report, String error) {
        /** Cost so far ÷ hours since midnight: the average rate today. */
        public Optional<Money> costPerHour() {
            return report.map(r -> {
                BigDecimal hours = BigDecimal.valueOf(
                                Duration.between(r.request().from(), r.request().to())
                                        .toMillis())
                        .divide(BigDecimal.valueOf(3_600_000), Money.CALC);
                return hours.signum() == 0
                        ? Money.zero(r.totalCost().currency())
                        : r.totalCost().dividedBy(hours);
            });
        }
    }

    /**
     * What a save did.
     *
     * @param saved whether the new file is in place (and in force)
     * @param problems why the text was refused (nothing was written); empty otherwise
     * @param message what happened, for the user
     * @param error what went wrong besides (the file was not written, or the audit entry could not be recorded);
     *     empty when nothing did
     */
    public record SaveOutcome(boolean saved, List<ConfigException.Problem> problems, String message, String error) {
        public SaveOutcome {
            problems = List.copyOf(problems);
        }
    }

    private final Clock clock;
    private final Currency defaultCurrency;
    private final Function<AccountingAccess, AccountingAudit> auditFactory;
    private final ScheduledExecutorService thread;
    private final List<Consumer<ConfigState>> stateListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<TodaySummary>> todayListeners = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> latestRequest = new ConcurrentHashMap<>();

    // accounting thread only
    private AccountingAccess access;
    private AccountingAudit audit;
    private AccountingHistory history;
    private boolean lastReadFailed;
    private ConfigState state = ConfigState.unavailable("The accounting starts once the data path has started.");

    /**
     * Builds nothing and reads nothing (safe on the FX thread); {@link #attach} starts the work.
     *
     * @param defaultCurrency the report currency while the accounting file names none
     */
    public AccountingService(Clock clock, Currency defaultCurrency) {
        this(
                clock,
                defaultCurrency,
                a -> a.store()
                        .<AccountingAudit>map(store -> new HistoryAccountingAudit(store))
                        .orElseGet(() -> new JsonLinesAccountingAudit(a.dataDir(), AccountingFile.in(a.configDir()))));
    }

    /** @param auditFactory the audit trail for the attached data path */
    public AccountingService(
            Clock clock, Currency defaultCurrency, Function<AccountingAccess, AccountingAudit> auditFactory) {
        this.clock = Objects.requireNonNull(clock);
        this.defaultCurrency = Objects.requireNonNull(defaultCurrency);
        this.auditFactory = Objects.requireNonNull(auditFactory);
        this.thread = Executors.newSingleThreadScheduledExecutor(BackgroundPriority.daemonThreads(THREAD_NAME));
    }

    /** The currency of the user's locale, else euros: what reports are in while the accounting file names none. */
    public static Currency localCurrency() {
        try {
            Currency c = Currency.getInstance(Locale.getDefault());
            return c == null ? Currency.getInstance("EUR") : c;
        } catch (IllegalArgumentException noCountry) {
            return Currency.getInstance("EUR");
        }
    }

    /** {@code request} over the period of the same length that ends where it starts. */
    public static ReportRequest previousPeriod(ReportRequest request) {
        Duration length = Duration.between(request.from(), request.to());
        return new ReportRequest(
                request.from().minus(length), request.from(), request.groupBy(), request.currency(), request.filter());
    }

    // ------------------------------------------------------------------------------------------------ listeners

    /** {@code listener} gets the current state at once and every change after (on the accounting thread). */
    public void addStateListener(Consumer<ConfigState> listener) {
        stateListeners.add(listener);
        run(() -> listener.accept(state));
    }

    /** {@code listener} gets today's figures after each refresh (on the accounting thread). */
    public void addTodayListener(Consumer<TodaySummary> listener) {
        todayListeners.add(listener);
    }

    // ------------------------------------------------------------------------------------------------ requests

    /**
     * Starts the accounting over a data path: reads the accounting file, then checks it and refreshes today's
     * figures periodically. Empty: this data path has no history to account over (said in the state).
     */
    public void attach(Optional<AccountingAccess> dataPath) {
        run(() -> {
            if (dataPath.isEmpty()) {
                publish(ConfigState.unavailable("This data path keeps no local history to account over."));
                return;
            }
            access = dataPath.get();
            audit = auditFactory.apply(access);
            history = new AccountingHistory(access, clock);
            state = new ConfigState(
                    "",
                    Optional.of(AccountingFile.in(access.configDir())),
                    false,
                    "",
                    List.of(),
                    Optional.empty(),
                    "",
                    Optional.empty());
            reloadIfChanged(true);
            refreshToday();
            long check = CHECK_INTERVAL.toMillis();
            long today = TODAY_INTERVAL.toMillis();
            try {
                thread.scheduleWithFixedDelay(
                        guarded("checking the accounting file", () -> {
                            if (reloadIfChanged(false)) {
                                refreshToday();
                            }
                        }),
                        check,
                        check,
                        TimeUnit.MILLISECONDS);
                thread.scheduleWithFixedDelay(
                        guarded("today's accounting", this::refreshToday), today, today, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                log.debug("accounting closed while it was being attached; no schedule started");
            }
        });
    }

    /**
     * Computes {@code request} (and, with {@code withPrevious}, the period of the same length before it). A newer
     * request from the same {@code requester} that arrives before this one starts replaces it: only the newer one is
     * computed and answered.
     */
    public void report(String requester, ReportRequest request, boolean withPrevious, Consumer<ReportResult> done) {
        AtomicLong latest = latestRequest.computeIfAbsent(requester, k -> new AtomicLong());
        long generation = latest.incrementAndGet();
        run(() -> {
            if (latest.get() == generation) {
                done.accept(compute(request, withPrevious));
            }
        });
    }

    /** Validates {@code text} as the accounting file; {@code done} gets its problems (empty when it is valid). */
    public void validate(String text, Consumer<List<ConfigException.Problem>> done) {
        run(() -> done.accept(problems(text)));
    }

    /**
     * Saves {@code text} as the accounting file when it is valid and the file still says {@code expectedBefore}
     * (else nothing is written: a change made meanwhile by hand is never overwritten unseen). The previous file is
     * kept as {@code accounting.toml.bak}; the new one is written to a temporary file and moved into place, so a
     * crash leaves one or the other, never half of one. It is in force at once, and the change is recorded in the
     * audit trail.
     */
    public void save(String expectedBefore, String text, Consumer<SaveOutcome> done) {
        run(() -> done.accept(doSave(expectedBefore, text)));
    }

    /** Reads the accounting file again now (e.g. after an edit outside the console). */
    public void reload() {
        run(() -> {
            if (access != null && reloadIfChanged(false)) {
                refreshToday();
            }
        });
    }

    // ------------------------------------------------------------------------------------ on the thread

    private void run(Runnable task) {
        try {
            thread.execute(guarded("accounting", task));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            log.debug("accounting closed; request dropped");
        }
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again: log it, keep the schedule
                log.error("{} failed", what, e);
            }
        };
    }

    private void publish(ConfigState next) {
        state = next;
        stateListeners.forEach(l -> l.accept(next));
    }

    private Path file() {
        return AccountingFile.in(access.configDir());
    }

    /** Reads the file; when its text (or existence) changed, parses it and publishes the new state. */
    private boolean reloadIfChanged(boolean force) {
        Path file = file();
        boolean exists = Files.exists(file);
        String text;
        try {
            text = exists ? read(file) : "";
        } catch (IOException e) {
            ConfigState next = new ConfigState(
                    "",
                    Optional.of(file),
                    exists,
                    state.fileText(),
                    List.of(new ConfigException.Problem(file.toString(), 0, "", "cannot read the file: " + e)),
                    state.inForce(),
                    state.inForceText(),
                    state.inForceSince());
            lastReadFailed = true;
            if (!next.equals(state)) {
                log.warn("cannot read {}: {}", file, e.toString());
                publish(next);
                return true;
            }
            return false;
        }
        if (!force && !lastReadFailed && exists == state.fileExists() && text.equals(state.fileText())) {
            return false; // the same text, valid or not: already said
        }
        lastReadFailed = false;
        try {
            AccountingConfig config = exists
                    ? AccountingFile.parse(text, file, defaultCurrency)
                    : AccountingConfig.empty(defaultCurrency, ZoneId.systemDefault());
            publish(new ConfigState(
                    "",
                    Optional.of(file),
                    exists,
                    text,
                    List.of(),
                    Optional.of(config),
                    text,
                    Optional.of(clock.instant())));
            log.info("accounting configuration {} in force", exists ? file : "(none: " + file + " does not exist)");
        } catch (ConfigException e) {
            log.warn(
                    "{} is not valid; {}:\n{}",
                    file,
                    state.inForce().isPresent()
                            ? "the last valid configuration stays in force"
                            : "no report until it is",
                    e.getMessage());
            publish(new ConfigState(
                    "",
                    Optional.of(file),
                    exists,
                    text,
                    e.problems(),
                    state.inForce(),
                    state.inForceText(),
                    state.inForceSince()));
        }
        return true;
    }

    private static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > AccountingFile.MAX_BYTES) {
            throw new IOException("the file is " + size + " bytes; at most " + AccountingFile.MAX_BYTES + " are read");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private List<ConfigException.Problem> problems(String text) {
        Path file = access == null ? Path.of(AccountingFile.FILE_NAME) : file();
        try {
            AccountingFile.parse(text, file, defaultCurrency);
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    private AccountingEngine engine() {
        if (history == null) {
            throw new UserFacingException(state.unavailable(), ExitCodes.FAILURE);
        }
        return history.engine(state.requireConfig());
    }

    private ReportResult compute(ReportRequest request, boolean withPrevious) {
        try {
            AccountingEngine engine = engine();
            AccountingReport report = engine.report(request);
            Optional<AccountingReport> previous =
                    withPrevious ? Optional.of(engine.report(previousPeriod(request))) : Optional.empty();
            return new ReportResult(Optional.of(report), previous, "");
        } catch (ExchangeRates.MissingExchangeRateException
                | UsageException
                | HistoryException
                | UserFacingException e) {
            log.warn("accounting report {} failed: {}", request, e.getMessage());
            return ReportResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            log.error("accounting report {} failed", request, e);
            return ReportResult.failed("The report could not be computed: " + e);
        }
    }

    private void refreshToday() {
        TodaySummary summary;
        try {
            AccountingEngine engine = engine();
            AccountingConfig config = engine.config();
            ZoneId zone = config.timeZone();
            Instant now = clock.instant();
            Instant midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            if (!now.isAfter(midnight)) {
                now = midnight.plusMillis(1);
            }
            summary = new TodaySummary(
                    Optional.of(engine.report(new ReportRequest(midnight, now, GroupBy.SITE, config.currency()))), "");
        } catch (ExchangeRates.MissingExchangeRateException
                | UsageException
                | HistoryException
                | UserFacingException e) {
            summary = new TodaySummary(Optional.empty(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("today's accounting failed", e);
            summary = new TodaySummary(Optional.empty(), "Today's figures could not be computed: " + e);
        }
        TodaySummary s = summary;
        todayListeners.forEach(l -> l.accept(s));
    }

    private SaveOutcome doSave(String expectedBefore, String text) {
        if (access == null) {
            return new SaveOutcome(false, List.of(), "", "Not saved: " + state.unavailable());
        }
        Path file = file();
        List<ConfigException.Problem> problems = problems(text);
        if (!problems.isEmpty()) {
            return new SaveOutcome(
                    false,
                    problems,
                    "",
                    "Not saved: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                            + "; nothing was written.");
        }
        String before;
        try {
            before = Files.exists(file) ? read(file) : "";
        } catch (IOException e) {
            return new SaveOutcome(false, List.of(), "", "Not saved: cannot read " + file + ": " + e);
        }
        if (!before.equals(expectedBefore)) {
            reloadIfChanged(false);
            return new SaveOutcome(
                    false,
                    List.of(),
                    "",
                    "Not saved: " + file + " changed since it was shown here (edited outside the console?). It has"
                            + " been read again; make your change once more.");
        }
        if (before.equals(text) && Files.exists(file)) {
            return new SaveOutcome(false, List.of(), "Nothing to save: the file already says this.", "");
        }
        Path backup = file.resolveSibling(AccountingFile.FILE_NAME + ".bak");
        try {
            ConfigFiles.writeWithBackup(file, text);
        } catch (IOException e) {
            log.error("cannot write {}", file, e);
            return new SaveOutcome(false, List.of(), "", "Not saved: cannot write " + file + ": " + e);
        }
        reloadIfChanged(true);
        refreshToday();
        String saved = "Saved " + file + (before.isEmpty() ? "" : " (the previous version is " + backup + ")") + ".";
        try {
            audit.record(clock.instant(), System.getProperty("user.name", "unknown"), before, text);
        } catch (RuntimeException e) {
            log.error("the accounting change was saved but not recorded in the audit trail", e);
            return new SaveOutcome(
                    true,
                    List.of(),
                    saved,
                    "The change could not be recorded in the audit trail (" + audit.describe() + "): "
                            + e.getMessage());
        }
        return new SaveOutcome(true, List.of(), saved + " Recorded in " + audit.describe() + ".", "");
    }

    /**
     * Stops the thread (waiting up to 5 s for a report or a save in progress) and closes the history reader. Call
     * off the FX thread.
     */
    @Override
    public void close() {
        AccountingHistory.stop(thread, "accounting", () -> history);
    }
}
