package io.gridscope.console.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the chart with the robot, as a user would: zoom by dragging, reset by double-click, legend toggles. */
class TimeSeriesChartTest {
    private static final int POINTS = 300_000;
    private final FxRobot robot = new FxRobot();
    private TimeSeriesChart chart;
    private ChartLine cpu;

    @BeforeEach
    void show() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            chart = new TimeSeriesChart("CPU utilisation", "%");
            chart.setZone(ZoneOffset.UTC);
            chart.setId("chart");
            cpu = chart.addLine("cpu", Color.BLUE, 100);
            chart.addLine("other", Color.RED, 100);
            for (int i = 0; i < POINTS; i++) {
                cpu.points().append(i * 1_000L, 0.5 + 0.4 * Math.sin(i / 500.0));
            }
            chart.setRange(0, POINTS * 1_000L);
            chart.setValueRange(0, 100);
            chart.dataChanged();
            s.setScene(new Scene(chart, 1_000, 360));
            s.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void draggingZoomsIntoTheSelectionAndDoubleClickResets() throws Exception {
        Bounds b = fx(() -> chart.localToScreen(chart.getBoundsInLocal()));
        double y = b.getMinY() + b.getHeight() / 2;
        robot.moveTo(new Point2D(b.getMinX() + 300, y))
                .press(MouseButton.PRIMARY)
                .moveTo(new Point2D(b.getMinX() + 500, y))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> chart.zoomedProperty().get()));
        long span = fx(() -> chart.viewTo() - chart.viewFrom());
        assertThat(span).isLessThan(POINTS * 1_000L / 3).isGreaterThan(0);

        robot.moveTo(new Point2D(b.getMinX() + 400, y)).doubleClickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> !fx(() -> chart.zoomedProperty().get()));
        assertThat(fx(() -> chart.viewTo() - chart.viewFrom())).isEqualTo(POINTS * 1_000L);
    }

    @Test
    void legendEntriesToggleTheirLine() throws Exception {
        Label entry = robot.lookup(".ts-chart-legend-item")
                .match(n -> ((Label) n).getText().equals("cpu"))
                .queryAs(Label.class);
        robot.clickOn(entry);
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> !fx(() -> cpu.visibleProperty().get()));
        robot.clickOn(entry);
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> cpu.visibleProperty().get()));
    }

    @Test
    void theCrosshairReadoutNamesValueAndUnitOrNotAvailable() throws Exception {
        assertThat(fx(() -> chart.readoutAt(0))).containsExactly("cpu: 50.0 %");
        assertThat(fx(() -> chart.readoutAt(POINTS * 1_000L + 60_000))).containsExactly("cpu: N/A");
    }

    @Test
    void threeHundredThousandPointsAreDrawnAsOneColumnPerPixel() throws Exception {
        long drawsBefore = fx(() -> chart.drawCountProperty().get());
        long nanos = fx(() -> {
            chart.redrawNow();
            return chart.lastDrawNanosProperty().get();
        });
        // Reported, not asserted: timing belongs to bench/, and CI machines are noisy.
        System.out.printf("chart redraw of %,d points: %.1f ms%n", POINTS, nanos / 1e6);
        assertThat(fx(() -> chart.drawCountProperty().get())).isEqualTo(drawsBefore + 1);
        java.util.List<Decimation.Columns> drawn = fx(() -> chart.drawnColumns());
        assertThat(drawn).hasSize(2);
        Decimation.Columns line = drawn.get(0);
        int plotWidth = fx(() -> (int) Math.floor(chart.getWidth() - 58 - 14));
        assertThat(line.width())
                .as("one column per pixel of the plot")
                .isEqualTo(plotWidth)
                .isLessThan(1_000);
        assertThat(java.util.Arrays.stream(line.count()).sum())
                .as("every point falls in a column")
                .isEqualTo(POINTS);
        assertThat(line.nonEmpty())
                .as("300 points a column: no column is left out")
                .isEqualTo(line.width());
        int segments = 0;
        for (int i = 0; i < line.width(); i++) {
            if (line.breakBefore()[i]) {
                segments++;
            }
            // what a column draws spans its points: the sine's values, 0.1..0.9, never beyond
            assertThat(line.min()[i]).isBetween(0.1 - 1e-9, line.max()[i]);
            assertThat(line.max()[i]).isLessThanOrEqualTo(0.9 + 1e-9);
            assertThat(line.first()[i]).isBetween(line.min()[i], line.max()[i]);
            assertThat(line.last()[i]).isBetween(line.min()[i], line.max()[i]);
        }
        assertThat(segments).as("points a second apart make one unbroken line").isOne();
        assertThat(drawn.get(1).nonEmpty()).as("the empty line draws nothing").isZero();
    }

    @Test
    void thePixelsShowASpikeABreakAtAGapAndALonePoint() throws Exception {
        // 10 points a second over 1000 s, about ten to a pixel column: 20 % with one sample of 90 % at 150 s,
        // nothing from 300 to 600 s, a lone 50 % at 700 s, 20 % again from 800 s
        javafx.scene.image.WritableImage image = fx(() -> {
            PointBuffer p = cpu.points();
            p.clear();
            for (long t = 0; t < 1_000_000; t += 100) {
                if (t >= 300_000 && t < 800_000 && t != 700_000) {
                    continue;
                }
                p.append(t, t == 150_000 ? 0.9 : t == 700_000 ? 0.5 : 0.2);
            }
            chart.setRange(0, 1_000_000);
            chart.redrawNow();
            javafx.scene.canvas.Canvas canvas =
                    (javafx.scene.canvas.Canvas) chart.getChildrenUnmodifiable().get(1);
            return canvas.snapshot(null, null);
        });
        double plotW = Math.floor(image.getWidth() - 58 - 14);
        double plotH = Math.floor(image.getHeight() - 8 - 22);
        java.util.function.LongToIntFunction x = t -> (int) (58 + Math.floor(t / 1_000_000.0 * plotW));
        java.util.function.DoubleToIntFunction y = pct -> (int) Math.round(8 + plotH - pct / 100 * plotH);
        javafx.scene.image.PixelReader px = image.getPixelReader();
        java.util.function.BiPredicate<Integer, Integer> blue = (cx, cy) -> {
            Color c = px.getColor(cx, cy);
            return c.getBlue() > 0.8 && c.getRed() < 0.5 && c.getGreen() < 0.5;
        };
        assertThat(blue.test(x.applyAsInt(100_000), y.applyAsInt(20)))
                .as("the 20 % line")
                .isTrue();
        for (int py = y.applyAsInt(90) + 1; py < y.applyAsInt(20); py++) {
            assertThat(blue.test(x.applyAsInt(150_000), py))
                    .as("the spike's column at y=%d", py)
                    .isTrue();
        }
        for (int cx = x.applyAsInt(305_000); cx <= x.applyAsInt(595_000); cx++) {
            for (int py = 0; py < image.getHeight(); py++) {
                assertThat(blue.test(cx, py))
                        .as("nothing drawn in the gap, at %d,%d", cx, py)
                        .isFalse();
            }
        }
        boolean lone = false;
        for (int dx = -1; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                lone |= blue.test(x.applyAsInt(700_000) + dx, y.applyAsInt(50) + dy);
            }
        }
        assertThat(lone).as("the lone point at 700 s").isTrue();
    }

    @Test
    void redrawsBeyondAPulsesBudgetWaitForTheNextPulse() throws Exception {
        boolean allowedOverBudget = fx(() -> {
            RedrawBudget budget = RedrawBudget.of(chart.getScene());
            budget.spent(RedrawBudget.BUDGET_NANOS);
            return budget.mayRedraw(chart); // within one FX task no pulse can reset the budget
        });
        assertThat(allowedOverBudget).isFalse();
        // the next pulse starts a fresh budget
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> RedrawBudget.of(chart.getScene()).mayRedraw(chart)));
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
