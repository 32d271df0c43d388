package io.gridscope.console.cli;

import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.nvml.NvmlLoader;
import io.gridscope.collectors.nvml.NvmlReport;
import io.gridscope.console.app.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./gridscope nvml-info}: what NVML reports here, or why it is unavailable. */
@Command(
        name = "nvml-info",
        mixinStandardHelpOptions = true,
        description = "Show what NVML reports on this machine: driver and NVML versions, every GPU with its static "
                + "facts, and which fields it supports; or why NVML is unavailable.",
        footer = {
            "",
            "Exits 0 whether or not NVML is available; the reason is printed on stdout.",
            "The library is libnvidia-ml.so.1 (nvml.dll on Windows), or the file named by",
            "--library or by the system property " + NvmlLoader.LIBRARY_PROPERTY + "."
        })
public final class NvmlInfoCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(
            names = "--library",
            paramLabel = "PATH",
            description = "Load NVML from this file instead of the default location.")
    String library;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NvmlReport report = NvmlReport.inspect(
                HostIdentity.detect(), library == null ? NvmlLoader::shared : () -> NvmlLoader.load(library));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(report.toJson());
        } else {
            out.print(report.toText());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
