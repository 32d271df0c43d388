package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.records.AuditVerification;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridscope audit verify}: walks the audit log's hash chain (see {@link
 * io.gridscope.history.records.AuditChain}) on a read-only {@link HistoryReader}. Exit 0 when it holds; exit 1
 * naming the first broken entry (id, time, what is wrong) when it does not.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check that no audit entry was changed, deleted or inserted by hand:",
            "walk the hash chain from the first entry to the newest.",
            "Intact: prints \"audit log intact: N entries, chain verified\", exit 0.",
            "Broken: names the first broken entry (id, time, what is wrong) on",
            "stderr, exit 1."
        },
        footer = {
            "",
            "The chain cannot show that the newest entries were removed: keep the",
            "hash of the last entry (the last column of audit export) and check later",
            "that it is still there.",
            "",
            "Example:",
            "  ./gridscope audit verify --data-dir /var/lib/gridscope"
        })
public final class AuditVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AuditVerification v;
        String file;
        try (HistoryReader reader = DbCommand.openExisting(DataDirMixin.dataDir(spec))) {
            file = reader.file().toString();
            v = reader.verifyAudit();
        } catch (HistoryException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
        if (v.firstBreak().isPresent()) {
            AuditVerification.Break b = v.firstBreak().get();
            throw new UserFacingException(
                    "audit log of " + file + " is broken at entry " + b.id() + " ("
                            + Instant.ofEpochMilli(b.epochMillis()) + "): " + b.detail() + "; "
                            + entries(v.entriesVerified()) + " before it verified",
                    ExitCodes.FAILURE);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("audit log intact: " + entries(v.entriesVerified()) + ", chain verified");
        out.flush();
        return ExitCodes.OK;
    }

    private static String entries(long n) {
        return n + (n == 1 ? " entry" : " entries");
    }
}
