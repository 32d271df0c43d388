package io.gridscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written layout writes what logback's pattern layout writes for Gridscope's two patterns. */
class LogLayoutTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void writesWhatThePatternLayoutWrites() {
        Layout<ILoggingEvent> fileLayout = started(LogLayout.file());
        Layout<ILoggingEvent> stderrLayout = started(LogLayout.stderr());
        Layout<ILoggingEvent> filePattern = pattern(LogConfiguration.FILE_PATTERN);
        Layout<ILoggingEvent> stderrPattern = pattern(LogConfiguration.STDERR_PATTERN);
        int compared = 0;
        for (ILoggingEvent event : events()) {
            assertThat(fileLayout.doLayout(event)).isEqualTo(filePattern.doLayout(event));
            assertThat(stderrLayout.doLayout(event)).isEqualTo(stderrPattern.doLayout(event));
            compared++;
        }
        assertThat(compared).isEqualTo(events().size());
    }

    @Test
    void theFileLineIsAsDocumented() {
        LoggingEvent e = event("io.gridscope.history.HistoryWriter", Level.WARN, "disk {} full", null, "main");
        e.setTimeStamp(1_764_763_200_007L); // 2025-12-03T12:00:00.007Z
        assertThat(started(LogLayout.file()).doLayout(e))
                .isEqualTo("2025-12-03T12:00:00.007Z WARN  [main] io.gridscope.history.HistoryWriter - disk 1 full"
                        + System.lineSeparator());
    }

    private List<ILoggingEvent> events() {
        IOException cause = new IOException("no space left on device");
        IllegalStateException top = new IllegalStateException("cannot commit", cause);
        top.addSuppressed(new UncheckedIOException("close failed", new IOException("bad descriptor")));
        LoggingEvent early = event("x", Level.ERROR, "before 1970 {}", null, "t");
        early.setTimeStamp(-1_234L);
        LoggingEvent far =
                event("io.gridscope.console.app.ConsoleController", Level.INFO, "far {}", null, "gridscope-io");
        far.setTimeStamp(253_402_300_799_999L); // 9999-12-31T23:59:59.999Z
        return List.of(
                event("io.gridscope.console.app.ConsoleController", Level.INFO, "started in {} ms", null, "main"),
                event("io.gridscope.collectors.prometheus.scrape.ScrapeManager", Level.WARN, "a {} b", null, "w#1"),
                event("oshi", Level.DEBUG, "short {}", null, "gridscope-collect"),
                event("io.gridscope.history.HistoryWriter", Level.ERROR, "failed: {}", top, "gridscope-history-writer"),
                event("Root", Level.TRACE, "{} {}", new RuntimeException(), ""),
                early,
                far);
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown, String thread) {
        LoggingEvent e =
                new LoggingEvent("x", context.getLogger(logger), level, message, thrown, new Object[] {1, "two"});
        e.setThreadName(thread);
        e.setTimeStamp(1_764_763_200_123L);
        return e;
    }

    private Layout<ILoggingEvent> pattern(String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }

    private Layout<ILoggingEvent> started(LogLayout layout) {
        layout.setContext(context);
        layout.start();
        return layout;
    }
}
