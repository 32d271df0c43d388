package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help pages and usage errors, as a person reads them in an 80-column terminal. */
class HelpAndUsageTest {
    private static final List<List<String>> COMMANDS = List.of(
            List.of(),
            List.of("collect"),
            List.of("sources"),
            List.of("sources", "list"),
            List.of("sources", "add"),
            List.of("sources", "remove"),
            List.of("query"),
            List.of("db"),
            List.of("db", "stats"),
            List.of("db", "backup"),
            List.of("audit"),
            List.of("audit", "verify"),
            List.of("audit", "export"),
            List.of("nvml-info"),
            List.of("check-metrics"));

    /** Runs {@code args}, with what picocli itself prints on {@link System#err} (its warnings) captured too. */
    private static CliTest.Result runCapturingSystemErr(StringBuilder systemErr, String... args) {
        PrintStream previous = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return CliTest.run(args);
        } finally {
            System.setErr(previous);
            systemErr.append(captured.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyHelpPageShowsItsLinesAsWrittenWithoutWarningsOrBrokenPaths() {
        for (List<String> command : COMMANDS) {
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            StringBuilder systemErr = new StringBuilder();
            CliTest.Result r = runCapturingSystemErr(systemErr, args);
            String name = String.join(" ", args);
            assertThat(r.exitCode()).as(name).isZero();
            assertThat(r.err()).as(name).isEmpty();
            assertThat(systemErr).as(name).isEmpty();
            CommandLine help = GridscopeCommand.commandLine();
            for (String sub : command) {
                help = help.getSubcommands().get(sub);
            }
            List<String> footer = java.util.Arrays.stream(
                            help.getCommandSpec().usageMessage().footer())
                    .map(l -> l.replace("%%", "%"))
                    .toList();
            if (!footer.isEmpty()) {
                assertThat(r.out().lines().toList())
                        .as(name + ": every footer line is shown as written, not wrapped")
                        .containsSubsequence(footer);
            }
            assertThat(r.out())
                    .as(name)
                    .contains("--data-dir=DIR")
                    .contains("$XDG_DATA_HOME/gridscope")
                    .contains("~/.local/share/gridscope");
        }
    }

    @Test
    void collectAloneIsChosenByItsNameAsTheCommandAndNothingElse() {
        assertThat(GridscopeCommand.runsCollect("collect")).isTrue();
        assertThat(GridscopeCommand.runsCollect("--data-dir", "/srv/g", "collect", "--duration", "1m"))
                .isTrue();
        assertThat(GridscopeCommand.runsCollect("--data-dir=/srv/g", "collect")).isTrue();
        assertThat(GridscopeCommand.runsCollect("--data-dir", "collect", "query", "x"))
                .as("a data directory named collect")
                .isFalse();
        assertThat(GridscopeCommand.runsCollect("query", "collect")).isFalse();
        assertThat(GridscopeCommand.runsCollect()).isFalse();
        assertThat(GridscopeCommand.runsCollect("--help")).isFalse();
        assertThat(GridscopeCommand.commandLine("collect").getSubcommands()).containsOnlyKeys("collect");
        assertThat(GridscopeCommand.commandLine("query", "collect").getSubcommands())
                .containsKeys("collect", "query", "report", "help");
    }

    @Test
    void collectReadsItsOptionsAndReportsUsageErrorsAsWithEveryCommand() {
        String full = GridscopeCommand.commandLine()
                .getSubcommands()
                .get("collect")
                .getUsageMessage(CommandLine.Help.Ansi.OFF);
        String alone = GridscopeCommand.commandLine("collect")
                .getSubcommands()
                .get("collect")
                .getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(alone).isEqualTo(full).contains("Usage: gridscope collect");

        CliTest.Result r = CliTest.run("collect", "--no-such-option");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .contains("gridscope: Unknown option: '--no-such-option'")
                .contains("Try 'gridscope collect --help' for more information.");
        CliTest.Result bad = CliTest.run("collect", "--interval", "0s", "--duration", "1s");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).startsWith("gridscope: ").doesNotContain("Exception");
    }

    @Test
    void dbBackupHelpShowsItsExampleAsWritten() {
        StringBuilder systemErr = new StringBuilder();
        CliTest.Result r = runCapturingSystemErr(systemErr, "db", "backup", "--help");
        assertThat(systemErr).isEmpty();
        assertThat(r.out()).contains("./gridscope db backup /backups/gridscope-$(date +%F).db");
    }

    @Test
    void aBareDbCommandSaysWhatIsMissing() {
        CliTest.Result bare = CliTest.run("db");
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.err().lines().findFirst()).hasValue("gridscope: db needs a command: backup or stats");
        assertThat(bare.err()).contains("Usage: gridscope db");
        assertThat(bare.out()).isEmpty();
    }
}
