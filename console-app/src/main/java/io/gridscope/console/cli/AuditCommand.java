package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridscope audit ...}: the history's tamper-evident audit log. Both subcommands only read (a {@link
 * io.gridscope.history.HistoryReader}, never a writer).
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The history's audit log: check its hash chain, export it as CSV.",
        subcommands = {AuditVerifyCommand.class, AuditExportCommand.class})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("gridscope: audit needs a command: verify or export");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
