package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.console.ui.ConsoleLauncher;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./gridscope}: with no subcommand, opens the console; subcommands run headless.
 *
 * <p>To add a subcommand, write a {@code @Command} class in this package and list it in {@link #commandLine()}.
 */
@Command(
        name = "gridscope",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Observability and cost governance for AI infrastructure. "
                + "With no command, opens the Gridscope console.",
        footer = {
            "",
            "--data-dir applies to every command, before or after its name.",
            "",
            "Exit codes: 0 ok, 1 failure (also: query matched no series, check-metrics",
            "found no samples, import refused its input, audit verify found a broken",
            "chain, rules check found a problem, an alert action was refused, sources",
            "add found its ID saved already or sources remove found none), 2 usage",
            "error, 3 unusable file, directory or port (e.g. collect's --exporter-port",
            "is taken, another process collects into the data directory, the history",
            "is in use by another process during an import), 130 interrupted."
        })
public final class GridscopeCommand implements Callable<Integer> {
    @Mixin
    DataDirMixin dataDir;

    @Override
    public Integer call() {
        if (!ConsoleLauncher.displayAvailable()) {
            throw new UserFacingException(
                    "no display to open the console on (DISPLAY and WAYLAND_DISPLAY are unset); "
                            + "run a subcommand instead, see ./gridscope --help",
                    ExitCodes.FAILURE);
        }
        return ConsoleLauncher.launch(dataDir.paths(), dataDir.dataDir != null, VersionProvider.version());
    }

    /** The configured command line with every command and Gridscope's error handling: one line on stderr. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GridscopeCommand());
        for (Object command : new Object[] {
            CollectCommand.class,
            SourcesCommand.class,
            QueryCommand.class,
            ReportCommand.class,
            IntensityCommand.class,
            DbCommand.class,
            AuditCommand.class,
            NvmlInfoCommand.class,
            CheckMetricsCommand.class,
            ImportCommand.class,
            AlertsCommand.class,
            RulesCommand.class,
            CommandLine.HelpCommand.class
        }) {
            cl.addSubcommand(command);
        }
        return configured(cl);
    }

    /**
     * The command line for {@code args}: for {@code collect}, a long-running daemon, the root command with only that
     * command (the others' classes and option models are never loaded); otherwise {@link #commandLine()}.
     */
    public static CommandLine commandLine(String... args) {
        if (!runsCollect(args)) {
            return commandLine();
        }
        CommandLine cl = new CommandLine(new GridscopeCommand());
        cl.addSubcommand(CollectCommand.class);
        return configured(cl);
    }

    /** Whether {@code args} name {@code collect} as the command: its first argument that is no option's value. */
    static boolean runsCollect(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(DataDirMixin.NAME)) {
                i++; // its value, which may be any word
            } else if (!a.startsWith("-")) {
                return a.equals("collect");
            }
        }
        return false;
    }

    /** Gridscope's error handling, for {@code cl} and every subcommand it has now. */
    private static CommandLine configured(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserFacingException u) {
                commandLine.getErr().println("gridscope: " + u.getMessage());
                return u.exitCode();
            }
            org.slf4j.LoggerFactory.getLogger(GridscopeCommand.class).error("unexpected error", ex);
            commandLine.getErr().println("gridscope: unexpected error: " + ex + " (details in " + dataLogHint() + ")");
            return ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("gridscope: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    private static String dataLogHint() {
        String dir = System.getProperty("gridscope.log.dir");
        return dir == null ? "the log" : dir + "/gridscope.log";
    }
}
