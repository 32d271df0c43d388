package io.gridscope.reports.document;

import io.gridscope.reports.accounting.AccountingEngine;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleConsumer;

/**
 * Builds a report and writes it in one format: what the command line and the console's Reports page both call (on
 * a thread of their own, never the FX thread). Files are written whole or not at all.
 */
public final class ReportExporter {
    /** The period holds no data: nothing was written (a report of zeros would be wrong). */
    public static final class NoDataException extends RuntimeException {
        public NoDataException(String message) {
            super(message);
        }
    }

    /**
     * True when a cost or utilisation document has no row: no GPU or host had data in its period (an on-call
     * report without alerts and a budgets report without budgets are reports all the same).
     */
    public static boolean noData(ReportDocument d) {
        return (d.kind() == ReportKind.COST || d.kind() == ReportKind.UTILISATION)
                && d.primary().isEmpty();
    }

    /** What was written. */
    public record Result(
            ExportFormat format,
            long bytes,
            Optional<ReportDocument> document,
            String summary,
            java.util.List<String> warnings) {}

    private final AccountingEngine engine;
    private final ReportBuilder builder;

    public ReportExporter(AccountingEngine engine, Optional<ReportBuilder.AlertSource> alerts, Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.builder = new ReportBuilder(engine, alerts, clock);
    }

    public ReportBuilder builder() {
        return builder;
    }

    public AccountingEngine engine() {
        return engine;
    }

    /**
     * Builds {@code spec} and writes it to {@code out} (not closed).
     *
     * @throws IllegalArgumentException FOCUS for a report that is not a cost report
     */
    public Result export(
            ReportSpec spec, ExportFormat format, ExportOptions options, OutputStream out, DoubleConsumer progress)
            throws IOException {
        return export(spec, format, options, out, progress, false);
    }

    /**
     * As {@link #export(ReportSpec, ExportFormat, ExportOptions, OutputStream, DoubleConsumer)}; with {@code
     * requireData}, a period without data throws {@link NoDataException} before anything is written (FOCUS: after
     * its rows were counted — {@link #exportTo} then leaves no file).
     */
    public Result export(
            ReportSpec spec,
            ExportFormat format,
            ExportOptions options,
            OutputStream out,
            DoubleConsumer progress,
            boolean requireData)
            throws IOException {
        Counting counting = new Counting(out);
        if (format == ExportFormat.FOCUS) {
            if (spec.kind() != ReportKind.COST) {
                throw new IllegalArgumentException(
                        "FOCUS holds cost and usage rows: it is written for the cost report, not the "
                                + spec.kind().id() + " report");
            }
            FocusBridge.Written w = FocusBridge.write(engine, spec, options, counting, progress);
            counting.flush();
            if (requireData && w.rows() == 0) {
                throw new NoDataException("no GPU or host has data between "
                        + spec.period().from() + " and " + spec.period().to() + ": no FOCUS row to write");
            }
            String summary = w.rows() + " FOCUS rows";
            return new Result(format, counting.count, Optional.empty(), summary, w.warnings());
        }
        ReportDocument doc = builder.build(spec, progress);
        if (requireData && noData(doc)) {
            throw new NoDataException(doc.notices().stream()
                    .filter(n -> n.startsWith("No data"))
                    .findFirst()
                    .orElse("no data in the period"));
        }
        format.document().orElseThrow().write(doc, options.paper(), counting);
        counting.flush();
        return new Result(
                format,
                counting.count,
                Optional.of(doc),
                doc.primary().rows().size() + " rows in " + doc.primary().id().toLowerCase(java.util.Locale.ROOT),
                doc.methodology().warnings());
    }

    /** {@link #export} into {@code target}, replaced whole or left as it was. */
    public Result exportTo(
            ReportSpec spec, ExportFormat format, ExportOptions options, Path target, DoubleConsumer progress)
            throws IOException {
        return exportTo(spec, format, options, target, progress, false);
    }

    /** {@link #export} into {@code target}, replaced whole or left as it was (see {@link ReportFiles}). */
    public Result exportTo(
            ReportSpec spec,
            ExportFormat format,
            ExportOptions options,
            Path target,
            DoubleConsumer progress,
            boolean requireData)
            throws IOException {
        Result[] result = new Result[1];
        ReportFiles.writeAtomically(
                target, out -> result[0] = export(spec, format, options, out, progress, requireData));
        return result[0];
    }

    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush(); // the caller closes the underlying stream
        }
    }
}
