package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.records.AuditQuery;
import io.gridscope.history.records.AuditRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridscope audit export}: the audit log as RFC 4180 CSV, in chain order, from a read-only {@link
 * HistoryReader}. Rows stream from the database to the output (memory stays bounded); with {@code --out} they go to
 * a temporary file beside it that is renamed over it when complete, so the file is never half-written.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write the audit log as CSV, oldest entry first:",
            "id,time_utc,user,subject,action,before,after,prev_hash,hash.",
            "To standard output, or to --out FILE (replaced whole, never half-written)."
        },
        footer = {
            "",
            "--since and --until take an instant (2026-11-01T08:00:00Z), a day in UTC",
            "(2026-11-01) or a duration back from now (7d, 12h); the range is",
            "[--since, --until). time_utc has millisecond precision. The export does",
            "not check the chain: run audit verify for that.",
            "",
            "Examples:",
            "  ./gridscope audit export --out audit.csv",
            "  ./gridscope audit export --subject accounting --since 30d"
        })
public final class AuditExportCommand implements Callable<Integer> {
    static final String[] HEADER = {
        "id", "time_utc", "user", "subject", "action", "before", "after", "prev_hash", "hash"
    };

    /** ISO-8601 in UTC with milliseconds always written, so every row has the same form and ts_ms is exact. */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "Write to FILE instead of standard output.")
    Path out;

    @Option(names = "--subject", paramLabel = "S", description = "Only entries about S (e.g. accounting, alerts).")
    String subject;

    @Option(names = "--since", paramLabel = "T", description = "Only entries at or after T.")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "Only entries before T.")
    String until;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public AuditExportCommand() {
        this(Clock.systemUTC());
    }

    AuditExportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        AuditQuery query = query();
        try (HistoryReader reader = DbCommand.openExisting(DataDirMixin.dataDir(spec))) {
            if (out == null) {
                Writer stdout = spec.commandLine().getOut();
                write(reader, query, stdout);
                return ExitCodes.OK;
            }
            long n = writeAtomically(reader, query, out);
            spec.commandLine().getErr().println("audit export: wrote " + n + " entries to " + out);
            spec.commandLine().getErr().flush();
            return ExitCodes.OK;
        } catch (HistoryException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
    }

    private AuditQuery query() {
        AuditQuery q = AuditQuery.all();
        if (subject != null) {
            if (subject.isBlank()) {
                throw new UserFacingException("--subject must not be empty", ExitCodes.USAGE);
            }
            q = q.withSubject(subject);
        }
        long now = clock.millis();
        long from = since == null ? Long.MIN_VALUE : time("--since", since, now);
        long to = until == null ? Long.MAX_VALUE : time("--until", until, now);
        if (to <= from) {
            throw new UserFacingException(
                    "--until (" + Instant.ofEpochMilli(to) + ") must be after --since (" + Instant.ofEpochMilli(from)
                            + ")",
                    ExitCodes.USAGE);
        }
        return q.between(from, to);
    }

    /** An instant, a day in UTC (its start), or a duration back from {@code nowMillis}; epoch millis. */
    static long time(String option, String text, long nowMillis) {
        String t = text.strip();
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            // try the other forms
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException notADay) {
            // try the other forms
        }
        try {
            return nowMillis - DurationConverter.parse(t).toMillis();
        } catch (RuntimeException notADuration) {
            throw new UserFacingException(
                    option + " '" + text + "' is neither an instant (2026-11-01T08:00:00Z), a day (2026-11-01) nor a"
                            + " duration (7d)",
                    ExitCodes.USAGE,
                    notADuration);
        }
    }

    /** Streams the CSV to {@code target}; returns the number of entries. */
    static long write(HistoryReader reader, AuditQuery q, Writer target) {
        try {
            CSVPrinter csv = new CSVPrinter(
                    target, CSVFormat.RFC4180.builder().setHeader(HEADER).get());
            long n = reader.auditAll(q, r -> print(csv, r));
            csv.flush();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(CSVPrinter csv, AuditRow r) {
        try {
            csv.printRecord(
                    r.id(),
                    TIME.format(Instant.ofEpochMilli(r.epochMillis())),
                    r.osUser(),
                    r.subject(),
                    r.action(),
                    r.before(),
                    r.after(),
                    r.prevHash(),
                    r.hash());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long writeAtomically(HistoryReader reader, AuditQuery q, Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserFacingException(
                    "cannot write " + target + ": directory " + dir + " does not exist", ExitCodes.IO);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            long n;
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                n = write(reader, q, w);
            }
            io.gridscope.history.DurableFiles.replace(tmp, abs); // fsync, rename, fsync of the directory
            return n;
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(tmp, e);
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new UserFacingException("cannot write " + target + ": " + cause.getMessage(), ExitCodes.IO, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp, Exception failure) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
