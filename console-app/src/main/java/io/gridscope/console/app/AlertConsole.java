package io.gridscope.console.app;

import io.gridscope.alerts.alertmanager.AlertmanagerException;
import io.gridscope.alerts.alertmanager.AmAlert;
import io.gridscope.alerts.alertmanager.AmView;
import io.gridscope.alerts.alertmanager.MirrorStatus;
import io.gridscope.alerts.preview.RulePreview;
import io.gridscope.alerts.rules.AlertmanagerTarget;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleFile;
import io.gridscope.alerts.rules.RuleProblem;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.alerts.service.AlertService;
import io.gridscope.alerts.service.AlertmanagerBridge;
import io.gridscope.alerts.store.AlertActions;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.SeriesData;
import io.gridscope.history.SeriesQuery;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.RuleStatusRow;
import io.gridscope.history.records.SilenceRow;
import io.gridscope.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's side of alerting, on its own {@code gridscope-alert-console} thread: every
 * {@value #POLL_MILLIS} ms it reads the alerts, silences and rule health from the history (whoever evaluates: this
 * console or a {@code collect} service on the same data directory) and hands a new {@link Board} to its listeners
 * when something changed; it runs the on-call actions ({@link AlertActions}), reads, checks and saves the rules
 * file, previews a rule over the stored history and reads the series and audit entries behind an alert. Callbacks
 * run on this thread; the console moves them to the FX thread.
 */
public final class AlertConsole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertConsole.class);
    public static final long POLL_MILLIS = 1_000;
    /** How far back resolved alerts are shown. */
    public static final Duration HISTORY = Duration.ofDays(7);

    public static final int MAX_ALERTS = 2_000;

    /** What the Alerts page shows; {@code error} when the history could not be read (the rest is the last good). */
    public record Board(
            List<AlertRow> alerts,
            List<SilenceRow> silences,
            List<RuleStatusRow> ruleHealth,
            RuleSet rules,
            Optional<CollectorLock.Holder> collector,
            long readAtMillis,
            String error,
            AmView alertmanager,
            MirrorStatus alertmanagerStatus) {
        public Board {
            alerts = List.copyOf(alerts);
            silences = List.copyOf(silences);
            ruleHealth = List.copyOf(ruleHealth);
        }

        public static Board empty() {
            return new Board(
                    List.of(),
                    List.of(),
                    List.of(),
                    RuleFile.parse("", Path.of(RuleFile.FILE_NAME)),
                    Optional.empty(),
                    0,
                    "",
                    AmView.empty(),
                    MirrorStatus.notConfigured());
        }

        Board with(AmView view, MirrorStatus status) {
            return new Board(alerts, silences, ruleHealth, rules, collector, readAtMillis, error, view, status);
        }

        /** Firing alerts nobody acknowledged, snoozed or silenced: the number on the badge. */
        public long needingAttention(long now) {
            return alerts.stream()
                    .filter(a -> a.state().equals("firing") && !a.acknowledged() && !a.snoozedAt(now))
                    .count();
        }
    }

    /** The result of saving the rules file. */
    public record SaveOutcome(boolean saved, List<RuleProblem> problems, String message) {
        public SaveOutcome {
            problems = List.copyOf(problems);
        }
    }

    /** What is behind one alert: its series around the alert, the rule, and every action taken on it. */
    public record Detail(
            long alertId, List<SeriesData> series, Optional<Rule> rule, List<AuditEntry> actions, String error) {
        public Detail {
            series = List.copyOf(series);
            actions = List.copyOf(actions);
        }
    }

    private final Clock clock;
    private final String operator;
    private final ScheduledExecutorService thread;
    private final List<Consumer<Board>> listeners = new CopyOnWriteArrayList<>();
    private AlertAccess access;
    private HistoryReader reader;
    private AlertActions actions;
    private Board board = Board.empty();
    private long rulesStamp = Long.MIN_VALUE;
    private volatile AlertmanagerBridge bridge;

    /** @param operator who acts (a configured name or the OS user), written with every action */
    public AlertConsole(Clock clock, String operator) {
        this.clock = clock;
        this.operator = operator;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gridscope-alert-console");
            t.setDaemon(true);
            return t;
        });
    }

    public String operator() {
        return operator;
    }

    public void addListener(Consumer<Board> l) {
        listeners.add(l);
    }

    /** Starts reading over {@code access} (any thread); empty: nothing to read (collection did not start). */
    public void attach(Optional<AlertAccess> maybe) {
        thread.execute(() -> {
            access = maybe.orElse(null);
            if (access != null) {
                actions = new AlertActions(access.dataDir(), clock);
            }
        });
        thread.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Reads the board now (after an action), besides the regular poll. */
    public void refresh() {
        thread.execute(this::poll);
    }

    private void poll() {
        if (access == null) {
            return;
        }
        long now = clock.millis();
        try {
            RuleSet rules = rulesIfChanged().orElse(board.rules());
            HistoryReader r = reader();
            List<AlertRow> alerts = r.alerts(Set.of(), now - HISTORY.toMillis(), MAX_ALERTS);
            List<SilenceRow> silences = r.silences(now);
            List<RuleStatusRow> health = r.ruleStatus();
            updateBridge(rules);
            AlertmanagerBridge b = bridge;
            Board next = new Board(
                    alerts,
                    silences,
                    health,
                    rules,
                    access.collector(),
                    now,
                    "",
                    b == null ? AmView.empty() : b.mirror().view(),
                    b == null ? MirrorStatus.notConfigured() : b.mirror().status());
            if (!sameContent(board, next)) {
                board = next;
                listeners.forEach(l -> l.accept(next));
            }
        } catch (RuntimeException e) {
            log.warn("reading alerts: {}", e.toString());
            closeReader();
            Board b = board;
            Board next = new Board(
                    b.alerts(),
                    b.silences(),
                    b.ruleHealth(),
                    b.rules(),
                    b.collector(),
                    b.readAtMillis(),
                    "Cannot read the alerts: " + e.getMessage(),
                    b.alertmanager(),
                    b.alertmanagerStatus());
            if (!next.error().equals(b.error())) {
                board = next;
                listeners.forEach(l -> l.accept(next));
            }
        }
    }

    private static boolean sameContent(Board a, Board b) {
        return a.alerts().equals(b.alerts())
                && a.silences().equals(b.silences())
                && a.ruleHealth().stream()
                        .map(x -> x.rule() + x.health() + x.detail())
                        .toList()
                        .equals(b.ruleHealth().stream()
                                .map(x -> x.rule() + x.health() + x.detail())
                                .toList())
                && a.rules() == b.rules()
                && a.error().equals(b.error())
                && a.collector().equals(b.collector())
                && a.alertmanager().equals(b.alertmanager())
                && a.alertmanagerStatus().equals(b.alertmanagerStatus());
    }

    private Optional<RuleSet> rulesIfChanged() {
        Path file = RuleFile.in(access.configDir());
        try {
            long stamp = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file) : -1;
            if (stamp == rulesStamp) {
                return Optional.empty();
            }
            rulesStamp = stamp;
            return Optional.of(RuleFile.load(file));
        } catch (IOException e) {
            log.warn("reading {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Opens, replaces or closes the read-and-acknowledge link to Alertmanager as the rules file says. */
    private void updateBridge(RuleSet rules) {
        Optional<AlertmanagerTarget> target = rules.alertmanager().filter(AlertmanagerTarget::read);
        if (bridge != null && target.isPresent() && bridge.target().equals(target.get())) {
            return;
        }
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
        if (target.isEmpty()) {
            return;
        }
        try {
            AlertmanagerBridge b =
                    AlertmanagerBridge.open(target.get(), access.dataDir(), clock, operator, false, List::of);
            b.mirror().addListener(() -> thread.execute(this::poll));
            b.start();
            bridge = b;
        } catch (IOException | RuntimeException e) {
            log.warn("Alertmanager {}: {}", target.get().url(), e.toString());
        }
    }

    /** Acknowledges an Alertmanager alert: a silence matching exactly its labels, by this operator. */
    public void acknowledgeAm(AmAlert alert, String comment, Consumer<AlertActions.Outcome> done) {
        thread.execute(() -> {
            AlertmanagerBridge b = bridge;
            if (b == null) {
                done.accept(new AlertActions.Outcome(false, "No Alertmanager is configured.", Optional.empty()));
                return;
            }
            try {
                b.mirror().acknowledge(alert, operator, comment);
                done.accept(new AlertActions.Outcome(
                        true, "acknowledged in Alertmanager (a silence matching this alert)", Optional.empty()));
            } catch (AlertmanagerException | RuntimeException e) {
                done.accept(new AlertActions.Outcome(false, "Alertmanager: " + e.getMessage(), Optional.empty()));
            }
            poll();
        });
    }

    public void unacknowledgeAm(AmAlert alert, Consumer<AlertActions.Outcome> done) {
        thread.execute(() -> {
            AlertmanagerBridge b = bridge;
            if (b == null) {
                done.accept(new AlertActions.Outcome(false, "No Alertmanager is configured.", Optional.empty()));
                return;
            }
            try {
                int n = b.mirror().unacknowledge(alert);
                done.accept(new AlertActions.Outcome(
                        n > 0,
                        n > 0 ? "acknowledgement withdrawn in Alertmanager" : "it was not acknowledged",
                        Optional.empty()));
            } catch (AlertmanagerException | RuntimeException e) {
                done.accept(new AlertActions.Outcome(false, "Alertmanager: " + e.getMessage(), Optional.empty()));
            }
            poll();
        });
    }

    private HistoryReader reader() {
        if (reader == null) {
            reader = access.history().get();
        }
        return reader;
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                log.debug("closing the alert reader: {}", e.toString());
            }
            reader = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ actions

    public void acknowledge(long id, String comment, Consumer<AlertActions.Outcome> done) {
        act(done, a -> a.acknowledge(id, operator, comment));
    }

    public void unacknowledge(long id, String comment, Consumer<AlertActions.Outcome> done) {
        act(done, a -> a.unacknowledge(id, operator, comment));
    }

    /** Snoozes until {@code until}; {@link Instant#EPOCH} ends the snooze. */
    public void snooze(long id, Instant until, String comment, Consumer<AlertActions.Outcome> done) {
        act(done, a -> a.snooze(id, until, operator, comment));
    }

    public void silence(String matchers, Instant until, String comment, Consumer<AlertActions.Outcome> done) {
        act(done, a -> a.silence(matchers, until, operator, comment));
    }

    public void unsilence(long silenceId, Consumer<AlertActions.Outcome> done) {
        act(done, a -> a.expireSilence(silenceId, operator, ""));
    }

    private void act(
            Consumer<AlertActions.Outcome> done, java.util.function.Function<AlertActions, AlertActions.Outcome> f) {
        thread.execute(() -> {
            AlertActions.Outcome o;
            if (actions == null) {
                o = new AlertActions.Outcome(
                        false, "The history is not open: collection did not start.", Optional.empty());
            } else {
                try {
                    o = f.apply(actions);
                } catch (RuntimeException e) {
                    o = new AlertActions.Outcome(false, e.getMessage(), Optional.empty());
                }
            }
            done.accept(o);
            poll();
        });
    }

    // ------------------------------------------------------------------------------------------------ rules

    /** The rules file's text ("" when it does not exist yet). */
    public void rulesText(Consumer<String> done) {
        thread.execute(() -> {
            String text = "";
            if (access != null) {
                try {
                    Path file = RuleFile.in(access.configDir());
                    text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
                } catch (IOException e) {
                    text = "# cannot read the rules file: " + e.getMessage() + "\n";
                }
            }
            done.accept(text);
        });
    }

    /** Checks {@code text} as the rules file; answers the whole rule set with its problems. */
    public void validate(String text, Consumer<RuleSet> done) {
        thread.execute(() -> done.accept(
                RuleFile.parse(text, access == null ? Path.of(RuleFile.FILE_NAME) : RuleFile.in(access.configDir()))));
    }

    /**
     * Saves {@code text} as the rules file when it has no problem: atomically, the previous file kept as
     * {@code alerts.toml.bak}, and the change (whole text before and after, who) in the audit log. The evaluating
     * process (this console or the {@code collect} service) picks it up within seconds.
     */
    public void save(String text, Consumer<SaveOutcome> done) {
        thread.execute(() -> done.accept(doSave(text)));
    }

    private SaveOutcome doSave(String text) {
        if (access == null) {
            return new SaveOutcome(false, List.of(), "Not saved: the configuration directory is unknown.");
        }
        Path file = RuleFile.in(access.configDir());
        RuleSet set = RuleFile.parse(text, file);
        if (!set.problems().isEmpty()) {
            return new SaveOutcome(
                    false, set.problems(), "Not saved: " + set.problems().size() + " problem(s).");
        }
        String before;
        try {
            before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return new SaveOutcome(false, List.of(), "Not saved: cannot read " + file + ": " + e.getMessage());
        }
        if (before.equals(text)) {
            return new SaveOutcome(false, List.of(), "Nothing to save: the file already says this.");
        }
        try {
            ConfigFiles.writeWithBackup(file, text);
        } catch (IOException e) {
            return new SaveOutcome(false, List.of(), "Not saved: cannot write " + file + ": " + e.getMessage());
        }
        String saved = "Saved " + file
                + (before.isEmpty() ? "" : " (the previous version is " + file.getFileName() + ".bak)") + ".";
        if (actions != null) {
            AlertActions.Outcome o = actions.recordRuleChange(
                    operator, before, text, AlertService.RULES_AUDIT_SUBJECT + " " + file.getFileName());
            if (!o.done()) {
                return new SaveOutcome(
                        true, List.of(), saved + " The change could not be recorded in the audit log: " + o.message());
            }
        }
        rulesStamp = Long.MIN_VALUE;
        poll();
        return new SaveOutcome(true, List.of(), saved + " Recorded in the audit log.");
    }

    /** What {@code rule} would have done over the last {@code back} (on this thread; minutes of history are read). */
    public void preview(Rule rule, Duration back, Consumer<RulePreview.Result> done, Consumer<String> failed) {
        thread.execute(() -> {
            if (access == null) {
                failed.accept("The history is not open: collection did not start.");
                return;
            }
            try {
                long now = clock.millis();
                Duration step =
                        back.compareTo(Duration.ofHours(6)) > 0 ? Duration.ofMinutes(1) : Duration.ofSeconds(15);
                done.accept(RulePreview.run(rule, reader(), now - back.toMillis(), now, step));
            } catch (RuntimeException e) {
                log.warn("rule preview: {}", e.toString());
                failed.accept("The preview failed: " + e.getMessage());
            }
        });
    }

    /** The series the alert's rule reads, for its labels, from an hour before it became active to now or its end. */
    public void detail(AlertRow alert, int maxPoints, Consumer<Detail> done) {
        thread.execute(() -> {
            if (access == null) {
                done.accept(new Detail(alert.id(), List.of(), Optional.empty(), List.of(), "The history is not open."));
                return;
            }
            Optional<Rule> rule = board.rules().rule(alert.rule());
            try {
                HistoryReader r = reader();
                List<SeriesData> series = new ArrayList<>();
                long from = alert.activeSinceMillis() - Duration.ofHours(1).toMillis();
                long to = alert.resolvedAtMillis() != 0
                        ? alert.resolvedAtMillis() + Duration.ofMinutes(30).toMillis()
                        : clock.millis();
                if (rule.isPresent() && !rule.get().condition().metrics().isEmpty()) {
                    String metric = rule.get().condition().metrics().get(0);
                    Labels matchers = seriesLabels(Labels.parse(alert.labels()), rule.get());
                    r.queryForChart(new SeriesQuery(metric, matchers, from, to), maxPoints).stream()
                            .map(ChartPoints::envelope)
                            .forEach(series::add);
                }
                List<AuditEntry> audit = r.audit("alert " + alert.id(), 100);
                done.accept(new Detail(alert.id(), series, rule, audit, ""));
            } catch (RuntimeException e) {
                done.accept(new Detail(
                        alert.id(), List.of(), rule, List.of(), "Cannot read the alert's series: " + e.getMessage()));
            }
        });
    }

    /** The alert's labels that come from its series (not alertname, severity or the rule's own labels). */
    static Labels seriesLabels(Labels alertLabels, Rule rule) {
        Map<String, String> m = new LinkedHashMap<>(alertLabels.asMap());
        m.remove("alertname");
        m.remove("severity");
        rule.labels().asMap().keySet().forEach(m::remove);
        return Labels.of(m);
    }

    /** Stops the thread (waiting up to 5 s for a preview in progress) and closes the reader. Off the FX thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeReader();
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
    }
}
