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
    /** What was written. */
    public record Result(ExportFormat format, long bytes, Optional<ReportDocument> document, String summary) {}

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
        Counting counting = new Counting(out);
        if (format == ExportFormat.FOCUS) {
            if (spec.kind() != ReportKind.COST) {
                throw new IllegalArgumentException(
                        "FOCUS holds cost and usage rows: it is written for the cost report, not the "
                                + spec.kind().id() + " report");
            }
            String summary = FocusBridge.write(engine, spec, options, counting, progress);
            counting.flush();
            return new Result(format, counting.count, Optional.empty(), summary);
        }
        ReportDocument doc = builder.build(spec, progress);
        format.document().orElseThrow().write(doc, options.paper(), counting);
        counting.flush();
        return new Result(
                format,
                counting.count,
                Optional.of(doc),
                doc.primary().rows().size() + " rows in " + doc.primary().id().toLowerCase(java.util.Locale.ROOT));
    }

    /** {@link #export} into {@code target}, replaced whole or left as it was (see {@link ReportFiles}). */
    public Result exportTo(
            ReportSpec spec, ExportFormat format, ExportOptions options, Path target, DoubleConsumer progress)
            throws IOException {
        Result[] result = new Result[1];
        ReportFiles.writeAtomically(target, out -> result[0] = export(spec, format, options, out, progress));
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
