package io.gridscope.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FxDiagnosticsTest {
    private static final long MS = 1_000_000;

    @Test
    void statsGiveCountMaximumAndTheNinetyNinthPercentileBucket() {
        FxDiagnostics d = new FxDiagnostics();
        IntStream.range(0, 990).forEach(i -> d.record(FxDiagnostics.Kind.CHART_REDRAW, 2 * MS));
        IntStream.range(0, 10).forEach(i -> d.record(FxDiagnostics.Kind.CHART_REDRAW, 30 * MS));
        d.record(FxDiagnostics.Kind.CHART_REDRAW, 400 * MS); // past the histogram: still the exact maximum

        FxDiagnostics.Stats s = d.stats(FxDiagnostics.Kind.CHART_REDRAW);
        assertThat(s.count()).isEqualTo(1_001);
        assertThat(s.maxNanos()).isEqualTo(400 * MS);
        // rank 991 of 1001 falls among the 30 ms durations: reported as the upper bound of their 50 µs bucket
        assertThat(s.p99Nanos()).isEqualTo(30 * MS + FxDiagnostics.BUCKET_NANOS);
        assertThat(d.stats(FxDiagnostics.Kind.BATCH_DELIVERY)).isEqualTo(new FxDiagnostics.Stats(0, 0, 0));
    }

    @Test
    void aPercentileBeyondTheHistogramIsReportedAsTheMaximum() {
        FxDiagnostics d = new FxDiagnostics();
        d.record(FxDiagnostics.Kind.BATCH_DELIVERY, 1 * MS);
        d.record(FxDiagnostics.Kind.BATCH_DELIVERY, 300 * MS);
        d.record(FxDiagnostics.Kind.BATCH_DELIVERY, 900 * MS);
        assertThat(d.stats(FxDiagnostics.Kind.BATCH_DELIVERY).p99Nanos()).isEqualTo(900 * MS);
    }

    @Test
    void resetForgetsEverything() {
        FxDiagnostics d = new FxDiagnostics();
        d.record(FxDiagnostics.Kind.LAYOUT_PULSE, 5 * MS);
        d.reset();
        assertThat(d.stats(FxDiagnostics.Kind.LAYOUT_PULSE).count()).isZero();
    }

    @Test
    void offByDefaultNothingIsRecorded() {
        assertThat(System.getProperty(FxDiagnostics.PROPERTY)).isNull();
        assertThat(FxDiagnostics.global()).isEmpty();
        assertThat(FxDiagnostics.start()).isZero();
    }

    @Test
    void whenEnabledBatcherDeliveriesAreTimedAndSummarisedAtExit() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(
                        java,
                        "-D" + FxDiagnostics.PROPERTY + "=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DeliveringMain.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .containsPattern("gridscope: fx FxBatcher delivery +count=3 p99=[0-9.]+ ms max=[0-9.]+ ms")
                .containsPattern("gridscope: fx chart redraw +count=0 ");
    }

    /** Delivers three batches through an {@link FxBatcher} with recording on, then exits. */
    public static final class DeliveringMain {
        public static void main(String[] args) {
            FxBatcher<Integer> b = new FxBatcher<>(Runnable::run, null, System::nanoTime, batch -> {}, 10, 0);
            b.submit(1);
            b.submit(2);
            b.submitAll(List.of(3, 4));
            if (FxDiagnostics.global()
                            .orElseThrow()
                            .stats(FxDiagnostics.Kind.BATCH_DELIVERY)
                            .count()
                    != 3) {
                System.exit(1);
            }
            System.out.println("classpath entries: "
                    + System.getProperty("java.class.path").split(File.pathSeparator).length);
        }
    }
}
