package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code query}: label filters, and what it says when nothing matches. */
class QueryCommandTest {
    private static final String CPU = "host_cpu_utilization_ratio";

    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void historyOfTwoCpuSeries() throws Exception {
        dir = Files.createDirectory(tmp.resolve("data"));
        long now = System.currentTimeMillis();
        try (HistoryStore store = HistoryStore.open(dir)) {
            List<Sample> samples = new ArrayList<>();
            for (String cpu : List.of("0", "total")) {
                SeriesId id = SeriesId.gauge(CPU, Unit.RATIO, Labels.of("cpu", cpu, "host", "node-1"));
                for (int i = 0; i < 10; i++) {
                    samples.add(new Sample(id, now - 10_000 + 1000L * i, 0.25));
                }
            }
            store.append(Snapshot.of("test", now, samples));
            store.flush().get();
        }
    }

    @Test
    void aLabelWithoutAValueIsAUsageErrorThatShowsTheForm() {
        CliTest.Result r = CliTest.run("query", CPU, "--label", "cpu", "--data-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().findFirst())
                .hasValue("gridscope: invalid --label 'cpu': expected NAME=VALUE, e.g. --label cpu=total");
        assertThat(r.err()).doesNotContain("option option");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aLabelValueNoSeriesHasIsAFailureThatNamesTheStoredValues() {
        CliTest.Result r = CliTest.run("query", CPU, "--label", "cpu=99", "--data-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err())
                .isEqualTo("gridscope: no series of " + CPU + " has cpu=99; its series have cpu = 0, total; "
                        + "host = node-1" + System.lineSeparator());
        assertThat(r.out()).isEmpty();

        CliTest.Result unknownLabel = CliTest.run("query", CPU, "-l", "gpu=0", "--data-dir", dir.toString());
        assertThat(unknownLabel.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknownLabel.err()).contains("no series of " + CPU + " has gpu=0; its series have cpu = 0, total");
    }

    @Test
    void matchingSeriesWithoutPointsInTheRangeSayItAndExitZero() {
        CliTest.Result ok = CliTest.run("query", CPU, "--label", "cpu=total", "--data-dir", dir.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out().lines().skip(1)).hasSize(10);
        assertThat(ok.err()).isEmpty();

        CliTest.Result none =
                CliTest.run("query", CPU, "--label", "cpu=total", "--since", "1ms", "--data-dir", dir.toString());
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).isEqualTo("metric,labels,time_utc,epoch_millis,value" + System.lineSeparator());
        assertThat(none.err())
                .isEqualTo("gridscope: 1 series of " + CPU + " match, with no point in the last 1 ms; "
                        + "a longer --since reads further back" + System.lineSeparator());
    }

    @Test
    void theEndpointsPrefixedNameIsExplained() {
        CliTest.Result r = CliTest.run("query", "gridscope_" + CPU, "--data-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("adds the gridscope_ prefix, the history stores it as " + CPU);
    }
}
