package io.gridscope.console;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.StartupTiming;
import io.gridscope.console.cli.GridscopeCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point of {@code ./gridscope}: the console with no arguments, otherwise a subcommand. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        StartupTiming.mark("main entered");
        configureLogDirectory();
        int code = GridscopeCommand.commandLine(args).execute(args);
        System.exit(code);
    }

    /** Logs go to {@code $XDG_STATE_HOME/gridscope/gridscope.log}; set before the first logger is created. */
    static void configureLogDirectory() {
        if (System.getProperty("gridscope.log.dir") != null) {
            return;
        }
        Path dir = AppPaths.fromEnvironment().logDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            dir = Path.of(System.getProperty("java.io.tmpdir"));
            System.err.println("gridscope: cannot create log directory (" + e.getMessage() + "); logging to " + dir);
        }
        System.setProperty("gridscope.log.dir", dir.toString());
    }
}
