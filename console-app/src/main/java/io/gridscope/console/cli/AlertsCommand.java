package io.gridscope.console.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gridscope.alerts.store.AlertActions;
import io.gridscope.alerts.store.Operator;
import io.gridscope.alerts.store.Until;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.SilenceRow;
import io.gridscope.model.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridscope alerts …}: the alerts the collecting process (console or {@code collect}) records in the data
 * directory, and the on-call actions on them. Listing only reads; the actions write one row and one audit entry
 * and take effect in the collecting process at its next evaluation.
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "List alerts; acknowledge, snooze or silence them.",
        subcommands = {
            AlertsCommand.ListAlerts.class,
            AlertsCommand.Ack.class,
            AlertsCommand.Unack.class,
            AlertsCommand.Snooze.class,
            AlertsCommand.Silence.class,
            AlertsCommand.Silences.class,
            AlertsCommand.Unsilence.class
        })
public final class AlertsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static AlertActions actions(CommandSpec spec) {
        return new AlertActions(DataDirMixin.dataDir(spec), Clock.systemUTC());
    }

    static int report(CommandSpec spec, AlertActions.Outcome o) {
        if (o.done()) {
            spec.commandLine().getOut().println(o.message());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println("gridscope: " + o.message());
        spec.commandLine().getErr().flush();
        return ExitCodes.FAILURE;
    }

    /** Common options of the actions: who acts and why. */
    static final class Who {
        @Option(names = "--comment", paramLabel = "TEXT", defaultValue = "", description = "why, what is being done")
        String comment;

        @Option(names = "--by", paramLabel = "NAME", description = "who acts (default: the operating-system user)")
        String by;

        String name() {
            return Operator.name(by);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List alerts, newest first: open ones and those resolved within --since.")
    static final class ListAlerts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--state",
                paramLabel = "STATE",
                split = ",",
                description = "firing, pending, resolved, acknowledged, snoozed or open (pending and firing);"
                        + " several separated by commas. Default: all")
        List<String> states = new ArrayList<>();

        @Option(
                names = "--since",
                paramLabel = "DURATION",
                defaultValue = "7d",
                description = "how far back resolved alerts are listed (default: ${DEFAULT-VALUE})")
        String since;

        @Option(names = "--limit", defaultValue = "200", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "one JSON array (times as ISO-8601 UTC)")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Duration back;
            try {
                back = Durations.parse(since);
            } catch (IllegalArgumentException e) {
                throw new UserFacingException("--since: " + e.getMessage(), ExitCodes.USAGE, e);
            }
            Set<String> stored = new java.util.HashSet<>();
            boolean acked = false;
            boolean snoozed = false;
            for (String s : states) {
                switch (s.strip().toLowerCase(Locale.ROOT)) {
                    case "firing", "pending", "resolved" -> stored.add(s.strip().toLowerCase(Locale.ROOT));
                    case "open" -> {
                        stored.add("firing");
                        stored.add("pending");
                    }
                    case "acknowledged", "acked" -> {
                        acked = true;
                        stored.add("firing");
                        stored.add("pending");
                    }
                    case "snoozed" -> {
                        snoozed = true;
                        stored.add("firing");
                        stored.add("pending");
                    }
                    default ->
                        throw new UserFacingException(
                                "--state: '" + s + "' is not firing, pending, resolved, acknowledged, snoozed or open",
                                ExitCodes.USAGE);
                }
            }
            if (limit < 1 || limit > 100_000) {
                throw new UserFacingException("--limit: between 1 and 100000", ExitCodes.USAGE);
            }
            long now = System.currentTimeMillis();
            List<AlertRow> rows;
            try (HistoryReader r = DbCommand.openExisting(DataDirMixin.dataDir(spec))) {
                rows = r.alerts(stored, now - back.toMillis(), limit);
            } catch (HistoryException e) {
                throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
            }
            boolean a = acked;
            boolean z = snoozed;
            rows = rows.stream()
                    .filter(x -> !a || x.acknowledged())
                    .filter(x -> !z || x.snoozedAt(now))
                    .toList();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (AlertRow x : rows) {
                    list.add(json(x, now));
                }
                out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(list));
            } else if (rows.isEmpty()) {
                out.println("no alerts" + (states.isEmpty() ? "" : " in state " + String.join(",", states))
                        + " (resolved ones within " + since + ")");
            } else {
                out.printf(
                        "%-6s %-9s %-9s %-20s %-28s %s%n", "ID", "STATE", "SEVERITY", "SINCE (UTC)", "RULE", "SUMMARY");
                for (AlertRow x : rows) {
                    out.printf(
                            "%-6d %-9s %-9s %-20s %-28s %s%s%n",
                            x.id(),
                            x.state(),
                            x.severity(),
                            Instant.ofEpochMilli(x.firedAtMillis() != 0 ? x.firedAtMillis() : x.activeSinceMillis())
                                    .toString()
                                    .substring(0, 19)
                                    .replace('T', ' '),
                            x.rule(),
                            x.summary(),
                            flags(x, now));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        private static String flags(AlertRow x, long now) {
            StringBuilder sb = new StringBuilder();
            if (x.acknowledged()) {
                sb.append("  [acknowledged by ").append(x.ackBy());
                if (x.ackComment() != null && !x.ackComment().isEmpty()) {
                    sb.append(": ").append(x.ackComment());
                }
                sb.append(']');
            }
            if (x.snoozedAt(now)) {
                sb.append("  [snoozed until ")
                        .append(Instant.ofEpochMilli(x.snoozedUntilMillis()))
                        .append(']');
            }
            if (x.escalatedMillis() != 0 && x.state().equals("firing")) {
                sb.append("  [escalated]");
            }
            return sb.toString();
        }

        private static Map<String, Object> json(AlertRow x, long now) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.id());
            m.put("rule", x.rule());
            m.put("state", x.state());
            m.put("severity", x.severity());
            m.put("labels", io.gridscope.model.Labels.parse(x.labels()).asMap());
            m.put("summary", x.summary());
            m.put("description", x.description());
            m.put("runbook", x.runbook());
            m.put("value", Double.isNaN(x.value()) ? null : x.value());
            m.put("threshold", Double.isNaN(x.threshold()) ? null : x.threshold());
            m.put("activeSince", time(x.activeSinceMillis()));
            m.put("firedAt", time(x.firedAtMillis()));
            m.put("resolvedAt", time(x.resolvedAtMillis()));
            m.put("eventCount", x.eventCount());
            m.put("acknowledgedBy", x.ackBy());
            m.put("acknowledgedAt", time(x.ackAtMillis()));
            m.put("acknowledgeComment", x.ackComment());
            m.put("snoozedUntil", x.snoozedAt(now) ? time(x.snoozedUntilMillis()) : null);
            m.put("notifiedAt", time(x.notifiedMillis()));
            m.put("escalatedAt", time(x.escalatedMillis()));
            return m;
        }

        private static String time(long ms) {
            return ms == 0 ? null : Instant.ofEpochMilli(ms).toString();
        }
    }

    @Command(
            name = "ack",
            mixinStandardHelpOptions = true,
            description = "Acknowledge an open alert: it stops notifying; the acknowledgement ends when it resolves.")
    static final class Ack implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "the alert's id (alerts list)")
        long id;

        @picocli.CommandLine.Mixin
        Who who = new Who();

        @Override
        public Integer call() {
            return report(spec, actions(spec).acknowledge(id, who.name(), who.comment));
        }
    }

    @Command(name = "unack", mixinStandardHelpOptions = true, description = "Withdraw an acknowledgement.")
    static final class Unack implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @picocli.CommandLine.Mixin
        Who who = new Who();

        @Override
        public Integer call() {
            return report(spec, actions(spec).unacknowledge(id, who.name(), who.comment));
        }
    }

    @Command(
            name = "snooze",
            mixinStandardHelpOptions = true,
            description = "Snooze an open alert until a time: no notification until then.")
    static final class Snooze implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Option(
                names = "--until",
                required = true,
                paramLabel = "TIME",
                description = "1h, 4h, 'tomorrow 09:00', '2026-12-03 09:00' (local) or an ISO-8601 instant;"
                        + " 'none' ends a snooze")
        String until;

        @picocli.CommandLine.Mixin
        Who who = new Who();

        @Override
        public Integer call() {
            Instant at;
            if (until.strip().equalsIgnoreCase("none")) {
                at = Instant.EPOCH;
            } else {
                try {
                    at = Until.parse(until, Instant.now(), ZoneId.systemDefault());
                } catch (IllegalArgumentException e) {
                    throw new UserFacingException("--until: " + e.getMessage(), ExitCodes.USAGE, e);
                }
            }
            return report(spec, actions(spec).snooze(id, at, who.name(), who.comment));
        }
    }

    @Command(
            name = "silence",
            mixinStandardHelpOptions = true,
            description = "Silence every alert whose labels match, until a time.")
    static final class Silence implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "MATCHERS",
                description = "label matchers, e.g. '{host=\"gpu-01\",alertname=~\"Gpu.*\"}'")
        String matchers;

        @Option(names = "--until", required = true, paramLabel = "TIME")
        String until;

        @picocli.CommandLine.Mixin
        Who who = new Who();

        @Override
        public Integer call() {
            Instant at;
            try {
                at = Until.parse(until, Instant.now(), ZoneId.systemDefault());
            } catch (IllegalArgumentException e) {
                throw new UserFacingException("--until: " + e.getMessage(), ExitCodes.USAGE, e);
            }
            return report(spec, actions(spec).silence(matchers, at, who.name(), who.comment));
        }
    }

    @Command(name = "silences", mixinStandardHelpOptions = true, description = "List silences not yet over.")
    static final class Silences implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path dir = DataDirMixin.dataDir(spec);
            long now = System.currentTimeMillis();
            List<SilenceRow> rows;
            try (HistoryReader r = DbCommand.openExisting(dir)) {
                rows = r.silences(now);
            } catch (HistoryException e) {
                throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (rows.isEmpty()) {
                out.println("no silences");
            }
            for (SilenceRow s : rows) {
                out.printf(
                        "%-5d %s until %s by %s%s%n",
                        s.id(),
                        s.matchers(),
                        Instant.ofEpochMilli(s.endsMillis()),
                        s.createdBy(),
                        s.comment().isEmpty() ? "" : ": " + s.comment());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "unsilence", mixinStandardHelpOptions = true, description = "End a silence now.")
    static final class Unsilence implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SILENCE_ID")
        long id;

        @picocli.CommandLine.Mixin
        Who who = new Who();

        @Override
        public Integer call() {
            return report(spec, actions(spec).expireSilence(id, who.name(), who.comment));
        }
    }
}
