package io.gridscope.console.bench;

import io.gridscope.console.fx.FxDiagnostics;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.ShellViewModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;

/**
 * Bench phase (1b) of {@link ConsoleBench}: the console's main pages one after the other, each for a while with live
 * samples flowing, and per page the CSS + layout of every pulse (max, p99), the gap between consecutive pulses, the
 * FxBatcher deliveries, the chart redraws and the GC pauses. A page is measured only after it has been shown and
 * has settled for {@link #SETTLE_MILLIS}: building a page and loading its history are reported apart, as the
 * page's switch.
 */
final class PagePulses {
    /** The pages the bench visits by default: every page that shows live data. */
    static final List<Page> DEFAULT_PAGES = List.of(
            Page.OVERVIEW,
            Page.GPUS,
            Page.HOSTS,
            Page.NETWORK_STORAGE,
            Page.COST,
            Page.CARBON,
            Page.ALERTS,
            Page.SOURCES);

    static final long SETTLE_MILLIS = 4_000;

    private PagePulses() {}

    /** "OVERVIEW,GPUS" or "all"; page names as {@link Page}'s constants. */
    static List<Page> parsePages(String s) {
        if (s.isBlank() || s.equals("all")) {
            return DEFAULT_PAGES;
        }
        return Arrays.stream(s.split(","))
                .map(String::trim)
                .map(p -> Page.valueOf(p.toUpperCase(Locale.ROOT)))
                .toList();
    }

    /** The figures of one page. */
    record PageResult(Page page, FxDiagnostics.Stats pulses, long switchMaxNanos) {}

    /** Where a PNG of each page goes after its measurement (before/after comparisons), when set. */
    static final String SCREENSHOT_DIR_PROPERTY = "gridscope.bench.screenshotDir";

    static void run(FxDiagnostics diag, ShellViewModel shell, javafx.scene.Scene scene, List<Page> pages, int seconds)
            throws Exception {
        String screenshots = System.getProperty(SCREENSHOT_DIR_PROPERTY, "");
        System.out.printf(
                Locale.ROOT,
                "pages: %d s each with live samples, after %d ms to settle; range %s%n",
                seconds,
                SETTLE_MILLIS,
                ConsoleBench.fx(() -> shell.rangeProperty().get().encode()));
        List<PageResult> results = new ArrayList<>();
        for (Page page : pages) {
            ConsoleBench.fx(() -> {
                diag.reset();
                shell.pageProperty().set(page);
                return null;
            });
            Thread.sleep(SETTLE_MILLIS);
            long switchMax = diag.stats(FxDiagnostics.Kind.LAYOUT_PULSE).maxNanos();
            results.add(measure(diag, page, seconds, switchMax));
            if (!screenshots.isEmpty()) {
                screenshot(
                        scene,
                        java.nio.file.Path.of(screenshots, "page-" + page.name().toLowerCase(Locale.ROOT) + ".png"));
            }
        }
        PageResult worstMax = results.stream()
                .max((a, b) -> Long.compare(a.pulses().maxNanos(), b.pulses().maxNanos()))
                .orElseThrow();
        PageResult worstP99 = results.stream()
                .max((a, b) -> Long.compare(a.pulses().p99Nanos(), b.pulses().p99Nanos()))
                .orElseThrow();
        System.out.printf(
                Locale.ROOT,
                "RESULT pages, longest pulse CSS + layout: %.2f ms (%s); highest p99 %.2f ms (%s); target ≤ 16 ms%n",
                worstMax.pulses().maxNanos() / 1e6,
                worstMax.page().title(),
                worstP99.pulses().p99Nanos() / 1e6,
                worstP99.page().title());
    }

    /** The window's content as a PNG (through java.desktop's ImageIO: no javafx.swing needed). */
    static void screenshot(javafx.scene.Scene scene, java.nio.file.Path file) throws Exception {
        java.awt.image.BufferedImage png = ConsoleBench.fx(() -> {
            javafx.scene.image.WritableImage image = scene.snapshot(null);
            int w = (int) image.getWidth();
            int h = (int) image.getHeight();
            java.awt.image.BufferedImage out =
                    new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getPixelReader()
                        .getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
                out.setRGB(0, y, w, 1, row, 0, w);
            }
            return out;
        });
        java.nio.file.Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(png, "png", file.toFile());
    }

    private static PageResult measure(FxDiagnostics diag, Page page, int seconds, long switchMaxNanos)
            throws Exception {
        long[] gaps = new long[seconds * 200 + 1_000];
        int[] n = {0};
        long[] last = {0};
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (last[0] != 0 && n[0] < gaps.length) {
                    gaps[n[0]++] = t - last[0];
                }
                last[0] = t;
            }
        };
        ConsoleBench.GcPauses gc = new ConsoleBench.GcPauses();
        long threadCpuBefore = ConsoleBench.fx(() -> {
            diag.reset();
            PulseProfile.Recorder.takeCpuNanos();
            PulseProfile.StackSampler.armed = true;
            timer.start();
            return PulseProfile.Recorder.threadCpuNanos();
        });
        long renderCpuBefore = PulseProfile.Recorder.renderThreadCpuNanos();
        Thread.sleep(seconds * 1_000L);
        long[][] cpu = ConsoleBench.fx(() -> {
            timer.stop();
            PulseProfile.StackSampler.armed = false;
            return new long[][] {
                PulseProfile.Recorder.takeCpuNanos(), {PulseProfile.Recorder.threadCpuNanos() - threadCpuBefore}
            };
        });
        long renderCpu = PulseProfile.Recorder.renderThreadCpuNanos() - renderCpuBefore;
        gc.close();
        long[] g = Arrays.copyOf(gaps, n[0]);
        FxDiagnostics.Stats pulses = diag.stats(FxDiagnostics.Kind.LAYOUT_PULSE);
        FxDiagnostics.Stats deliveries = diag.stats(FxDiagnostics.Kind.BATCH_DELIVERY);
        FxDiagnostics.Stats redraws = diag.stats(FxDiagnostics.Kind.CHART_REDRAW);
        System.out.printf(
                Locale.ROOT,
                "RESULT page %-18s pulse CSS + layout max %6.2f ms  p99 %5.2f ms  count %4d | "
                        + "gap max %6.1f ms p99 %5.1f ms, %d of %d over 20 ms | delivery max %5.2f ms (%d) | "
                        + "redraw max %5.2f ms (%d) | switch max %6.1f ms%n",
                page.title(),
                pulses.maxNanos() / 1e6,
                pulses.p99Nanos() / 1e6,
                pulses.count(),
                ConsoleBench.max(g) / 1e6,
                ConsoleBench.percentile(g, 0.99) / 1e6,
                Arrays.stream(g).filter(x -> x > 20_000_000).count(),
                g.length,
                deliveries.maxNanos() / 1e6,
                deliveries.count(),
                redraws.maxNanos() / 1e6,
                redraws.count(),
                switchMaxNanos / 1e6);
        System.out.printf(
                Locale.ROOT,
                "RESULT page %-18s pulse CSS + layout CPU time max %6.2f ms  p99 %5.2f ms | FX thread CPU %.0f ms/s"
                        + " | render thread CPU %.0f ms/s%n",
                page.title(),
                ConsoleBench.max(cpu[0]) / 1e6,
                ConsoleBench.percentile(cpu[0], 0.99) / 1e6,
                cpu[1][0] / 1e6 / seconds,
                renderCpu / 1e6 / seconds);
        System.out.println("  GC on " + page.title() + ": " + gc.summary());
        return new PageResult(page, pulses, switchMaxNanos);
    }
}
