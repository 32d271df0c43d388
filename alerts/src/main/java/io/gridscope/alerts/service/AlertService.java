package io.gridscope.alerts.service;

import io.gridscope.alerts.engine.AlertEngine;
import io.gridscope.alerts.engine.AlertInstance;
import io.gridscope.alerts.engine.AlertState;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.RuleStatus;
import io.gridscope.alerts.rules.RuleFile;
import io.gridscope.alerts.rules.RuleProblem;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.alerts.store.AlertLedger;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.history.records.RuleStatusRow;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting in the process that collects (the console, or {@code ./gridscope collect} as a service): the rules file,
 * the {@link AlertEngine} fed by the collectors' snapshots, the {@link AlertLedger} that keeps states in the
 * database, and the {@link NotificationPolicy} that sends each notification once. Everything runs on its own
 * {@code gridscope-alerts} thread, once per {@code interval}; {@link #accept} only enqueues.
 *
 * <p>The rules file is read again when it changes (checked every {@value #RULES_CHECK_MILLIS} ms); an invalid rule
 * is reported with file, line and field and left out, the others keep running, and the last good rules stay in
 * force while the file cannot be read. A change of the file's text is recorded in the audit log (unless the console
 * that saved it recorded it already, with the name of who saved it).
 */
public final class AlertService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);
    public static final long RULES_CHECK_MILLIS = 10_000;
    public static final String RULES_AUDIT_SUBJECT = "rules";
    public static final long HEALTH_WRITE_MILLIS = 30_000;

    /** What the console and the command line show about alerting in this process. */
    public record Status(
            List<RuleStatus> rules,
            List<RuleProblem> problems,
            int openAlerts,
            long lastEvaluationMillis,
            long lastEvaluationNanos,
            String lastError,
            long droppedSnapshots) {
        public Status {
            rules = List.copyOf(rules);
            problems = List.copyOf(problems);
        }
    }

    private final Path dataDir;
    private final Path rulesFile;
    private final Clock clock;
    private final Duration interval;
    private final List<AlertNotifier> notifiers;
    private final AlertEngine engine;
    private final List<Consumer<Evaluation>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ScheduledExecutorService thread;
    private Connection connection;
    private AlertLedger ledger;
    private String rulesText;
    private long rulesStamp = Long.MIN_VALUE;
    private long lastRulesCheck = Long.MIN_VALUE;
    private volatile Status status = new Status(List.of(), List.of(), 0, 0, 0, "", 0);
    private volatile List<AlertInstance> open = List.of();

    public AlertService(Path dataDir, Path rulesFile, Clock clock, Duration interval, List<AlertNotifier> notifiers) {
        this.dataDir = dataDir;
        this.rulesFile = rulesFile;
        this.clock = clock;
        this.interval = interval;
        this.notifiers = List.copyOf(notifiers);
        this.engine = new AlertEngine(RuleFile.parse("", rulesFile));
    }

    /** Called after each evaluation on the alert thread (the Alertmanager mirror, tests). Must not block. */
    public void addListener(Consumer<Evaluation> listener) {
        listeners.add(listener);
    }

    /**
     * Opens the database records, restores the alerts open at the last stop and reads the rules. Synchronous: the
     * caller sees a failure (no history, damaged database) as a {@link io.gridscope.history.HistoryException}.
     */
    public synchronized void open() throws SQLException {
        if (connection != null) {
            return;
        }
        connection = RecordsConnection.open(dataDir);
        ledger = new AlertLedger(connection);
        checkRules(clock.millis(), true);
        engine.restore(ledger.loadOpen());
        open = engine.openAlerts();
    }

    /** Opens (if needed) and evaluates every {@code interval} on the {@code gridscope-alerts} thread. */
    public synchronized void start() throws SQLException {
        open();
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(BackgroundPriority.daemonThreads("gridscope-alerts"));
        thread.scheduleWithFixedDelay(this::runGuarded, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The sink for collector snapshots: enqueues, never blocks. */
    public void accept(Snapshot snapshot) {
        engine.accept(snapshot);
    }

    public Status status() {
        return status;
    }

    /** The open alerts after the last evaluation (the engine's view; the database has the acknowledgements). */
    public List<AlertInstance> openAlerts() {
        return open;
    }

    public RuleSet rules() {
        return engine.rules();
    }

    public Path rulesFile() {
        return rulesFile;
    }

    private void runGuarded() {
        try {
            runOnce();
        } catch (Throwable t) {
            log.error("alert evaluation failed: {}", t.toString(), t);
            Status s = status;
            status = new Status(
                    s.rules(),
                    s.problems(),
                    s.openAlerts(),
                    s.lastEvaluationMillis(),
                    s.lastEvaluationNanos(),
                    String.valueOf(t.getMessage()),
                    engine.droppedSnapshots());
        }
    }

    /** One cycle: rules, evaluation, database, notifications. The alert thread calls it; tests call it directly. */
    public synchronized Evaluation runOnce() throws SQLException {
        if (connection == null) {
            open();
        }
        long now = clock.millis();
        if (now - lastRulesCheck >= RULES_CHECK_MILLIS) {
            checkRules(now, false);
        }
        Evaluation e = engine.evaluate(now);
        ledger.record(e);
        // Notices concern firing alerts and resolutions: while nothing fires and nothing changed, the database round
        // trip runs only every NOTICE_CHECK_MILLIS (for a resolution still to announce from before a restart).
        List<AlertNotice> notices = List.of();
        if (!e.transitions().isEmpty()
                || e.open().stream().anyMatch(a -> a.state() == AlertState.FIRING)
                || now - lastNoticeCheck >= NOTICE_CHECK_MILLIS) {
            lastNoticeCheck = now;
            notices = NotificationPolicy.cycle(connection, now, engine.rules().escalateAfter(), names());
        }
        for (AlertNotice n : notices) {
            for (AlertNotifier notifier : notifiers) {
                try {
                    notifier.send(n);
                } catch (RuntimeException ex) {
                    log.warn("notifier {} failed: {}", notifier.name(), ex.toString());
                }
            }
        }
        writeRuleHealth(e);
        open = e.open();
        status = new Status(
                e.rules(), engine.rules().problems(), e.open().size(), now, e.nanos(), "", engine.droppedSnapshots());
        for (Consumer<Evaluation> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                log.warn("alert listener failed: {}", ex.toString());
            }
        }
        return e;
    }

    /** How often the notice cycle runs while no alert fires and none changed state. */
    static final long NOTICE_CHECK_MILLIS = 30_000;

    private long lastNoticeCheck = Long.MIN_VALUE / 2;
    private Map<String, String> lastHealth = Map.of();
    private long lastHealthWrite = Long.MIN_VALUE;

    /** Stores each rule's health when one changes, and every {@value #HEALTH_WRITE_MILLIS} ms. */
    private void writeRuleHealth(Evaluation e) throws SQLException {
        Map<String, String> health = new java.util.HashMap<>();
        List<RuleStatusRow> rows = new ArrayList<>();
        for (RuleStatus r : e.rules()) {
            health.put(r.rule(), r.health() + r.detail());
            rows.add(new RuleStatusRow(
                    r.rule(),
                    r.health().name().toLowerCase(java.util.Locale.ROOT),
                    r.detail(),
                    r.seriesSeen(),
                    r.active(),
                    r.evaluatedAtMillis()));
        }
        if (health.equals(lastHealth) && e.atMillis() - lastHealthWrite < HEALTH_WRITE_MILLIS) {
            return;
        }
        RecordsConnection.inTransaction(connection, c -> {
            AlertRecords.replaceRuleStatus(c, rows);
            return null;
        });
        lastHealth = health;
        lastHealthWrite = e.atMillis();
    }

    private String names() {
        List<String> n = new ArrayList<>();
        for (AlertNotifier x : notifiers) {
            n.add(x.name());
        }
        return n.isEmpty() ? "no notifier" : String.join(", ", n);
    }

    private void checkRules(long now, boolean first) throws SQLException {
        lastRulesCheck = now;
        long stamp;
        String text;
        try {
            if (!Files.exists(rulesFile)) {
                stamp = -1;
                text = "";
            } else {
                stamp = Files.getLastModifiedTime(rulesFile).toMillis() * 31 + Files.size(rulesFile);
                if (stamp == rulesStamp) {
                    return;
                }
                if (Files.size(rulesFile) > RuleFile.MAX_BYTES) {
                    log.error("{} is larger than {} bytes; the rules in force stay", rulesFile, RuleFile.MAX_BYTES);
                    rulesStamp = stamp;
                    return;
                }
                text = Files.readString(rulesFile, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            log.error("cannot read {}: {}; the rules in force stay", rulesFile, e.toString());
            return;
        }
        if (stamp == rulesStamp) {
            return;
        }
        rulesStamp = stamp;
        if (text.equals(rulesText)) {
            return;
        }
        RuleSet set = RuleFile.parse(text, rulesFile);
        for (RuleProblem p : set.problems()) {
            log.warn("{} (that rule is left out; the others run)", p);
        }
        engine.setRules(set);
        String before = rulesText;
        rulesText = text;
        if (!first && before != null) {
            recordRuleChange(now, before, text);
        }
    }

    private void recordRuleChange(long now, String before, String after) throws SQLException {
        String subject = RULES_AUDIT_SUBJECT + " " + rulesFile.getFileName();
        List<AuditEntry> last = AuditRecords.read(connection, subject, 1);
        if (!last.isEmpty() && last.get(0).after().equals(after)) {
            return; // the console that saved it recorded it, with who saved it
        }
        AuditRecords.append(
                connection,
                new AuditEntry(
                        now, io.gridscope.alerts.store.Operator.name(null), subject, "change on disk", before, after));
    }

    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.warn("closing the alert records: {}", e.toString());
                }
                connection = null;
            }
        }
    }
}
