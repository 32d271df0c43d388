package io.gridscope.console.ui.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.rules.Rule;
import io.gridscope.console.app.AlertConsole.Detail;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import io.gridscope.history.SeriesData;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The detail pane of an alert that stays shown while the evaluation brings it a new value every second: its nodes
 * stay and only their text and points change (new nodes would cost CSS and layout of the whole pane each time), and
 * what changes is what is shown.
 */
class AlertDetailPaneTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final SeriesId CPU =
            SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, Labels.of("host", "gpu-01", "cpu", "total"));
    private AlertDetailPane pane;

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            pane = new AlertDetailPane(url -> {}, ZoneOffset.UTC);
            s.setScene(new Scene(pane, 700, 700));
            s.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void theSameAlertWithANewValueKeepsItsNodesAndShowsTheNewFigures() throws Exception {
        AlertItem first = item(7, 0.93, null);
        showWithDetail(first, detail(7, series(0.93), List.of()), NOW);
        Label title = node("#detailTitle");
        Label value = node("#detailValue");
        TimeSeriesChart chart = node("#detailChart");
        Node actions = node("#detailActions");
        assertThat(value.getText()).startsWith("0.93");
        assertThat(fx(() -> pane.lookup("#detailLoading"))).isNull();

        AlertItem next = item(7, 0.97, null);
        fx(() -> {
            pane.show(next, NOW + 1_000);
            return null;
        });
        assertThat(fx(() -> pane.lookup("#detailLoading")))
                .as("the alert shown does not go back to 'reading'")
                .isNull();
        fx(() -> {
            pane.showDetail(next, detail(7, series(0.93, 0.97), List.of()), NOW + 1_000);
            return null;
        });

        assertThat((Label) node("#detailTitle")).isSameAs(title);
        assertThat((Label) node("#detailValue")).isSameAs(value);
        assertThat(value.getText()).startsWith("0.97");
        assertThat((TimeSeriesChart) node("#detailChart")).isSameAs(chart);
        assertThat(fx(() -> chart.lines().get(0).points().size())).isEqualTo(2);
        assertThat(fx(() -> chart.lines().get(0).points().value(1))).isEqualTo(0.97);
        assertThat(fx(() -> chart.lines().get(1).name())).isEqualTo("threshold 0.9");
        assertThat(fx(() -> chart.lines().get(1).points().size()))
                .as("the threshold at the series' times")
                .isEqualTo(2);
        assertThat((Node) node("#detailActions"))
                .as("no new action: the same list")
                .isSameAs(actions);
    }

    @Test
    void aZoomIntoTheDetailChartStaysWhenItsSeriesAreReadAgain() throws Exception {
        AlertItem first = item(7, 0.93, null);
        showWithDetail(first, detail(7, series(0.93, 0.94, 0.95), List.of()), NOW);
        TimeSeriesChart chart = node("#detailChart");
        long from = NOW - 3_000;
        long to = NOW + 60_000;
        fx(() -> {
            chart.zoomTo(from, to);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        showWithDetail(item(7, 0.97, null), detail(7, series(0.93, 0.94, 0.95, 0.97), List.of()), NOW + 1_000);
        WaitForAsyncUtils.waitForFxEvents(); // the view is taken at the next layout
        assertThat((TimeSeriesChart) node("#detailChart")).isSameAs(chart);
        assertThat(fx(() -> chart.zoomedProperty().get())).isTrue();
        assertThat(fx(() -> List.of(chart.viewFrom(), chart.viewTo()))).containsExactly(from, to);
        assertThat(fx(() -> chart.lines().get(0).points().size())).isEqualTo(4);
    }

    @Test
    void anAcknowledgementAddsItsFactAndItsActionAndAnotherAlertGetsItsOwnNodes() throws Exception {
        AlertItem first = item(7, 0.93, null);
        showWithDetail(first, detail(7, series(0.93), List.of()), NOW);
        Label title = node("#detailTitle");
        assertThat(fx(() -> pane.lookup("#detailAck"))).isNull();

        AlertItem acked = item(7, 0.93, "ada");
        AuditEntry ack = new AuditEntry(NOW + 500, "ada", "alert 7", "acknowledge", "", "draining");
        showWithDetail(acked, detail(7, series(0.93), List.of(ack)), NOW + 1_000);
        assertThat((Label) node("#detailTitle")).isSameAs(title);
        assertThat(title.getText()).endsWith("acknowledged");
        assertThat(((Label) node("#detailAck")).getText()).startsWith("ada at ");
        assertThat(fx(() -> pane.lookupAll("#detailActions .label").stream()
                        .map(n -> ((Label) n).getText())
                        .toList()))
                .anyMatch(t -> t.contains("ada · acknowledge · draining"));

        AlertItem other = item(8, 0.95, null);
        fx(() -> {
            pane.show(other, NOW + 2_000);
            return null;
        });
        assertThat((Label) node("#detailTitle")).isNotSameAs(title);
        assertThat(fx(() -> pane.lookup("#detailLoading")))
                .as("another alert: read again")
                .isNotNull();
        assertThat(fx(() -> pane.lookup("#detailAck"))).isNull();
        // a late read for the alert no longer shown changes nothing
        fx(() -> {
            pane.showDetail(acked, detail(7, series(0.93), List.of(ack)), NOW + 2_000);
            return null;
        });
        assertThat(fx(() -> pane.lookup("#detailLoading"))).isNotNull();
    }

    @Test
    void aSeriesThatIsGoneReplacesTheChartWithItsReason() throws Exception {
        AlertItem first = item(7, 0.93, null);
        showWithDetail(first, detail(7, series(0.93), List.of()), NOW);
        showWithDetail(first, detail(7, List.of(), List.of()), NOW + 1_000);
        assertThat(fx(() -> pane.lookup("#detailChart"))).isNull();
        assertThat(((Label) node("#detailNoSeries")).getText()).startsWith("No stored series");
        fx(() -> {
            pane.showDetail(first, detail(7, series(0.95), List.of()), NOW + 2_000);
            return null;
        });
        assertThat(fx(() -> pane.lookup("#detailNoSeries"))).isNull();
        assertThat((TimeSeriesChart) node("#detailChart")).isNotNull();
    }

    /** The alert, then its series, rule and actions as read for it, as the page does. */
    private void showWithDetail(AlertItem item, Detail d, long nowMillis) throws Exception {
        fx(() -> {
            pane.show(item, nowMillis);
            pane.showDetail(item, d, nowMillis);
            return null;
        });
    }

    private static AlertItem item(long id, double value, String ackBy) {
        AlertRow r = new AlertRow(
                id,
                "HighCpu",
                "f" + id,
                "{host=\"gpu-0" + id + "\",cpu=\"total\"}",
                "critical",
                "firing",
                NOW - 600_000,
                NOW - 300_000,
                0,
                NOW,
                value,
                0.9,
                "CPU busy on gpu-0" + id,
                "What it means and what to do.",
                "",
                0,
                0,
                0,
                0,
                ackBy,
                ackBy == null ? 0 : NOW + 500,
                ackBy == null ? null : "draining",
                0,
                null);
        return AlertItem.of(r, NOW);
    }

    private static List<SeriesData> series(double... values) {
        long[] t = new long[values.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = NOW - (values.length - i) * 1_000L;
        }
        return List.of(new SeriesData(CPU, t, values));
    }

    private static Detail detail(long id, List<SeriesData> series, List<AuditEntry> actions) {
        return new Detail(id, series, Optional.<Rule>empty(), actions, "");
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T node(String selector) throws Exception {
        return fx(() -> {
            Node n = pane.lookup(selector);
            assertThat(n).as(selector).isNotNull();
            return (T) n;
        });
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }
}
