package io.gridscope.history;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that ingests until it is killed: batch {@code k} holds {@link #SERIES} series × {@link #STEPS}
 * timestamps {@code BASE + (k * STEPS + j) * 1000} with value {@code k}. After each batch is committed it prints
 * {@code committed k}. Used by {@link CrashSafetyTest}.
 */
public final class IngestChild {
    static final int SERIES = 100;
    static final int STEPS = 50;
    static final long BASE = TestSeries.NOW - 30L * 86_400_000L;

    private IngestChild() {}

    static SeriesId series(int i) {
        return SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-" + i));
    }

    public static void main(String[] args) throws Exception {
        try (HistoryStore store = HistoryStore.open(Path.of(args[0]), TestSeries.options())) {
            for (int k = 0; ; k++) {
                List<Sample> samples = new ArrayList<>(SERIES * STEPS);
                for (int j = 0; j < STEPS; j++) {
                    long t = BASE + (k * (long) STEPS + j) * 1000L;
                    for (int i = 0; i < SERIES; i++) {
                        samples.add(new Sample(series(i), t, k + i / 1000.0));
                    }
                }
                store.append(Snapshot.of("child", BASE, samples));
                store.flush().get();
                WriterStats stats = store.writerStats();
                if (!stats.healthy()) {
                    System.out.println("failed " + k + " " + stats.lastError());
                    return;
                }
                System.out.println("committed " + k);
                System.out.flush();
            }
        }
    }
}
