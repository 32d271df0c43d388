package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.ReportsService.ExportOutcome;
import io.gridscope.console.app.ReportsService.Job;
import io.gridscope.console.app.ReportsService.PreviewOutcome;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportExporter;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.ReportSpec;
import io.gridscope.reports.document.ReportingPeriod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's reports on their own thread, over the hand-computed fixture of the reports module (its figures are
 * worked out in {@code AccountingFixtureTest}) and over fakes that block until they are cancelled.
 */
class ReportsServiceTest {
    private static final Currency EUR = ReportsFixture.EUR;
    private static final ReportingPeriod DAYS = ReportsFixture.DAYS;

    @TempDir
    static Path fixture;

    @TempDir
    Path out;

    private ReportsService service;

    @BeforeAll
    static void writeFixture() throws Exception {
        ReportsFixture.write(fixture);
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    static ReportSpec cost(GroupBy by) {
        return new ReportSpec(ReportKind.COST, DAYS, by, EUR);
    }

    private static PreviewOutcome preview(ReportsService s, ReportSpec spec) throws Exception {
        CompletableFuture<PreviewOutcome> f = new CompletableFuture<>();
        s.preview(spec, p -> {}, f::complete);
        return f.get(60, TimeUnit.SECONDS);
    }

    private static ExportOutcome export(ReportsService s, ReportSpec spec, ExportFormat format, Path target)
            throws Exception {
        CompletableFuture<ExportOutcome> f = new CompletableFuture<>();
        s.export(spec, format, ExportOptions.DEFAULT, target, p -> {}, f::complete);
        return f.get(60, TimeUnit.SECONDS);
    }

    private static String cell(ReportDocument d, String group, String column) {
        int i = 0;
        for (var c : d.primary().columns()) {
            if (c.key().equals(column)) {
                break;
            }
            i++;
        }
        int at = i;
        return Stream.concat(d.primary().rows().stream(), d.primary().total().stream())
                .filter(r -> r.getFirst().plain().equals(group))
                .findFirst()
                .map(r -> r.get(at).plain())
                .orElseThrow();
    }

    @Test
    void aPreviewHoldsTheHandComputedFiguresOfTheAccountingInForce() throws Exception {
        service = ReportsFixture.service(fixture.resolve("data"));
        PreviewOutcome o = preview(service, cost(GroupBy.TEAM));
        assertThat(o.error()).isEmpty();
        ReportDocument d = o.document().orElseThrow();
        assertThat(cell(d, "research", "total_cost")).isEqualTo("39.39");
        assertThat(cell(d, "vision", "cloud")).isEqualTo("131.04");
        assertThat(cell(d, "total", "total_cost")).isEqualTo("211.63");
        assertThat(d.keyFigures().getFirst().value().plain()).isEqualTo("211.63");
        assertThat(d.notices()).isEmpty();
    }

    @Test
    void anExportWritesTheSameFiguresAsThePreviewAndSaysWhere() throws Exception {
        service = ReportsFixture.service(fixture.resolve("data"));
        Path csv = out.resolve("cost-team-2026-11-02_2026-11-03.csv");
        ExportOutcome o = export(service, cost(GroupBy.TEAM), ExportFormat.CSV, csv);
        assertThat(o.error()).isEmpty();
        assertThat(o.written()).isTrue();
        assertThat(o.file()).isEqualTo(csv.toAbsolutePath());
        assertThat(o.folderUri()).isEqualTo(out.toAbsolutePath().toUri().toString());
        assertThat(o.bytes()).isEqualTo(Files.size(csv));
        assertThat(o.summary()).isEqualTo("5 rows in by team");
        assertThat(Files.readString(csv, StandardCharsets.UTF_8))
                .contains("\nresearch,")
                .contains(",39.39,")
                .contains("# Total cost: 211.63 EUR");
        assertThat(o.document().orElseThrow().keyFigures().getFirst().value().plain())
                .isEqualTo("211.63");
    }

    @Test
    void aPeriodWithoutDataIsPreviewedWithItsNoticeButNotExported() throws Exception {
        service = ReportsFixture.service(fixture.resolve("data"));
        ReportSpec october = new ReportSpec(
                ReportKind.COST,
                ReportingPeriod.month(java.time.YearMonth.of(2026, 10), java.time.ZoneOffset.UTC),
                GroupBy.TEAM,
                EUR);
        ReportDocument d = preview(service, october).document().orElseThrow();
        assertThat(d.notices()).anyMatch(n -> n.startsWith("No data: "));
        assertThat(d.primary().rows()).isEmpty();
        ExportOutcome o = export(service, october, ExportFormat.CSV, out.resolve("cost.csv"));
        assertThat(o.written()).isFalse();
        assertThat(o.error()).startsWith("No data: no GPU or host has measurements between 2026-10-01T00:00:00Z");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theOnCallReportOfAPeriodWithoutAlertsSaysSo() throws Exception {
        service = ReportsFixture.service(fixture.resolve("data"));
        ReportDocument d = preview(service, new ReportSpec(ReportKind.ON_CALL, DAYS, GroupBy.TEAM, EUR))
                .document()
                .orElseThrow();
        assertThat(d.notices()).anyMatch(n -> n.startsWith("No alert fired between 2026-11-02T00:00:00Z"));
    }

    @Test
    void aFailedExportSaysWhyInOneLineAndWritesNothing() throws Exception {
        service = ReportsFixture.service(fixture.resolve("data"));
        Path missing = out.resolve("gone/cost.csv");
        ExportOutcome o = export(service, cost(GroupBy.TEAM), ExportFormat.CSV, missing);
        assertThat(o.written()).isFalse();
        assertThat(o.cancelled()).isFalse();
        assertThat(o.error()).isEqualTo(missing.toAbsolutePath() + ": no such directory: " + out.resolve("gone"));

        ExportOutcome focus = export(
                service,
                new ReportSpec(ReportKind.BUDGETS, DAYS, GroupBy.TEAM, EUR),
                ExportFormat.FOCUS,
                out.resolve("budgets.csv"));
        assertThat(focus.error())
                .isEqualTo("FOCUS holds cost and usage rows: it is written for the cost report, not the budgets"
                        + " report");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void withoutAnAccountingThereIsNoReportAndTheReasonIsGiven() throws Exception {
        service = new ReportsService(AccountingFixture.NOW);
        assertThat(preview(service, cost(GroupBy.TEAM)).error())
                .isEqualTo("The accounting starts once the data path has started.");
        service.configState(ConfigState.unavailable("This data path keeps no local history to account over."));
        service.attach(Optional.empty());
        assertThat(preview(service, cost(GroupBy.TEAM)).error())
                .isEqualTo("This data path keeps no local history to account over.");
    }

    @Test
    void aCancelledExportStopsItsBuildAndLeavesNoFile() throws Exception {
        SlowReports slow = new SlowReports();
        service = new ReportsService(AccountingFixture.NOW, () -> slow);
        Path target = out.resolve("cost.csv");
        CompletableFuture<ExportOutcome> f = new CompletableFuture<>();
        List<Double> progress = new CopyOnWriteArrayList<>();
        Job job = service.export(
                cost(GroupBy.TEAM), ExportFormat.CSV, ExportOptions.DEFAULT, target, progress::add, f::complete);
        assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        job.cancel();
        ExportOutcome o = f.get(10, TimeUnit.SECONDS);
        assertThat(o.cancelled()).isTrue();
        assertThat(o.written()).isFalse();
        assertThat(o.error()).isEmpty();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).as("neither the file nor its temporary part").isEmpty();
        }
        assertThat(slow.threads).containsOnly(ReportsService.THREAD_NAME);
        assertThat(progress).isSorted().allMatch(p -> p >= 0 && p <= 1);
        assertThat(progress.size()).as("told at most once per percent").isLessThanOrEqualTo(101);
    }

    @Test
    void aNewJobCancelsTheOneStillRunningAndTheOneStillWaiting() throws Exception {
        SlowReports slow = new SlowReports();
        slow.gate = new CountDownLatch(1);
        service = new ReportsService(AccountingFixture.NOW, () -> slow);
        CompletableFuture<PreviewOutcome> first = new CompletableFuture<>();
        service.preview(cost(GroupBy.TEAM), p -> {}, first::complete);
        assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ExportOutcome> second = new CompletableFuture<>();
        service.export(
                cost(GroupBy.TEAM),
                ExportFormat.CSV,
                ExportOptions.DEFAULT,
                out.resolve("x.csv"),
                p -> {},
                second::complete);
        CompletableFuture<PreviewOutcome> third = new CompletableFuture<>();
        Job last = service.preview(cost(GroupBy.GPU), p -> {}, third::complete);
        slow.gate.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).cancelled())
                .as("the one running")
                .isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS).cancelled())
                .as("the one waiting")
                .isTrue();
        assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        last.cancel();
        assertThat(third.get(10, TimeUnit.SECONDS).cancelled()).isTrue();
        assertThat(slow.threads).as("the waiting one never started").hasSize(2);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aWriterNotWrittenYetIsAnErrorOfItsOwn() throws Exception {
        service = new ReportsService(AccountingFixture.NOW, () -> new ReportsService.Reports() {
            @Override
            public ReportDocument build(ReportSpec spec, DoubleConsumer progress) {
                throw new UnsupportedOperationException("not asked");
            }

            @Override
            public ReportExporter.Result exportTo(
                    ReportSpec spec, ExportFormat format, ExportOptions options, Path target, DoubleConsumer p) {
                throw new UnsupportedOperationException("XLSX is not written yet");
            }
        });
        ExportOutcome o = export(service, cost(GroupBy.TEAM), ExportFormat.XLSX, out.resolve("cost.xlsx"));
        assertThat(o.error()).isEqualTo("XLSX is not written yet");
        assertThat(o.written()).isFalse();
    }
}
