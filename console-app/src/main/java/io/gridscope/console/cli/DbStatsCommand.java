package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStats;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./gridscope db stats}: what the history database holds and what it costs on disk; read-only. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Print series count, samples per tier, bytes on disk and bytes per sample.")
public final class DbStatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (HistoryReader store = DbCommand.openExisting(DataDirMixin.dataDir(spec))) {
            HistoryStats s = store.stats();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "database          %s%n", store.file());
            out.printf(Locale.ROOT, "series            %d%n", s.seriesCount());
            out.printf(
                    Locale.ROOT,
                    "raw samples       %d (%d compressed chunk%s, %d payload bytes)%n",
                    s.rawSamples(),
                    s.rawChunks(),
                    s.rawChunks() == 1 ? "" : "s",
                    s.rawChunkBytes());
            out.printf(Locale.ROOT, "1-minute buckets  %d%n", s.minuteBuckets());
            out.printf(Locale.ROOT, "1-hour buckets    %d%n", s.hourBuckets());
            out.printf(
                    Locale.ROOT,
                    "bytes on disk     %d (database and write-ahead log; %d in use)%n",
                    s.fileBytes(),
                    s.usedBytes());
            out.printf(
                    Locale.ROOT,
                    "bytes per sample  %s%n",
                    s.rawSamples() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", s.bytesPerSample()));
            out.flush();
            return ExitCodes.OK;
        } catch (HistoryException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
    }
}
