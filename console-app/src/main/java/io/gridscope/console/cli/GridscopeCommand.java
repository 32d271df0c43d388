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
 * <p>To add a subcommand, write a {@code @Command} class in this package and list it in {@code subcommands}.
 */
@Command(
        name = "gridscope",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Observability and cost governance for AI infrastructure. "
                + "With no command, opens the Gridscope console.",
        subcommands = {
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
        },
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

    /** The configured command line with Gridscope's error handling: one line on stderr, no stack traces. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GridscopeCommand());
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
