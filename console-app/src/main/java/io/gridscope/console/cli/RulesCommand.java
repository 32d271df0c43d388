package io.gridscope.console.cli;

import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleFile;
import io.gridscope.alerts.rules.RuleProblem;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.records.RuleStatusRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./gridscope rules check FILE} and {@code ./gridscope rules list}: the alert rules, checked and listed. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Check an alert rules file, or list the rules in force with their health.",
        subcommands = {RulesCommand.Check.class, RulesCommand.ListRules.class})
public final class RulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Validate an alert rules file (alerts.toml): every problem as FILE:LINE: field: message.",
                "Exit 0 when every rule is valid, 1 when a rule would be left out."
            })
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the rules file to check")
        Path file;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new UserFacingException("no file " + file, ExitCodes.IO);
            }
            RuleSet set;
            try {
                set = RuleFile.load(file);
            } catch (IOException e) {
                throw new UserFacingException("cannot read " + file + ": " + e.getMessage(), ExitCodes.IO, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (RuleProblem p : set.problems()) {
                err.println(p);
            }
            long own = set.rules().stream().filter(r -> !r.builtIn()).count();
            long builtIn = set.rules().size() - own;
            long enabled = set.rules().stream().filter(Rule::enabled).count();
            out.printf(
                    "%s: %d rule(s) from the file, %d built-in; %d enabled; %d problem(s)%n",
                    file, own, builtIn, enabled, set.problems().size());
            out.flush();
            err.flush();
            return set.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the rules in force (built-in packs and the configuration's alerts.toml) with their"
                    + " health at the last evaluation (ok, no data, disabled).")
    static final class ListRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AppPaths paths = DataDirMixin.paths(spec);
            Path file = RuleFile.in(paths.configDir());
            RuleSet set;
            try {
                set = RuleFile.load(file);
            } catch (IOException e) {
                throw new UserFacingException("cannot read " + file + ": " + e.getMessage(), ExitCodes.IO, e);
            }
            Map<String, RuleStatusRow> health = new HashMap<>();
            if (Files.isRegularFile(paths.dataDir().resolve(io.gridscope.history.HistoryStore.FILE_NAME))) {
                try (HistoryReader r = DbCommand.openExisting(paths.dataDir())) {
                    for (RuleStatusRow s : r.ruleStatus()) {
                        health.put(s.rule(), s);
                    }
                } catch (HistoryException e) {
                    spec.commandLine().getErr().println("gridscope: warning: rule health unknown: " + e.getMessage());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-28s %-10s %-9s %-9s %s%n", "RULE", "PACK", "SEVERITY", "HEALTH", "CONDITION");
            for (Rule r : set.rules()) {
                RuleStatusRow h = health.get(r.name());
                String state = !r.enabled()
                        ? "disabled"
                        : h == null ? "unknown" : h.health().replace('_', ' ');
                out.printf(
                        "%-28s %-10s %-9s %-9s %s%s%n",
                        r.name(),
                        r.pack().isEmpty() ? "file" : r.pack(),
                        r.severity().label(),
                        state,
                        r.condition().describe(),
                        h != null && !h.detail().isEmpty() && r.enabled()
                                ? "  [" + h.detail().replaceFirst("^no data: ", "") + "]"
                                : "");
            }
            for (RuleProblem p : set.problems()) {
                spec.commandLine().getErr().println("gridscope: warning: " + p);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
