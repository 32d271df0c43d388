package io.gridscope.console.app;

import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportExporter;
import io.gridscope.reports.document.ReportFiles;
import io.gridscope.reports.document.ReportSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * Reports whose every build blocks, telling its progress, until its job is cancelled (for at most a minute); an
 * export has half its file written by then. It records the thread of every build.
 */
public final class SlowReports implements ReportsService.Reports {
    /** Released once for every build that starts. */
    public final Semaphore started = new Semaphore(0);

    public final List<String> threads = new CopyOnWriteArrayList<>();

    /** Until it is opened, a build started does not look at its progress (so it cannot see a cancel yet). */
    public volatile CountDownLatch gate = new CountDownLatch(0);

    private void block(DoubleConsumer progress) {
        threads.add(Thread.currentThread().getName());
        started.release();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the gate was never opened");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; System.nanoTime() < deadline; i++) {
                progress.accept(Math.min(0.9, i / 500.0)); // throws once the job is cancelled
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("never cancelled");
    }

    @Override
    public ReportDocument build(ReportSpec spec, DoubleConsumer progress) {
        block(progress);
        throw new AssertionError("never cancelled");
    }

    @Override
    public ReportExporter.Result exportTo(
            ReportSpec spec, ExportFormat format, ExportOptions options, Path target, DoubleConsumer progress)
            throws IOException {
        ReportFiles.writeAtomically(target, o -> {
            o.write("group,total_cost\nresearch,39.39\n".getBytes(StandardCharsets.UTF_8)); // half a file
            o.flush();
            block(progress);
        });
        throw new AssertionError("never cancelled");
    }
}
