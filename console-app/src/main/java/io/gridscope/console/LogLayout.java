package io.gridscope.console;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Gridscope's two log line formats written directly, the same text as logback's pattern layout with {@link
 * LogConfiguration#FILE_PATTERN} and {@link LogConfiguration#STDERR_PATTERN} (a stack trace after the message as its
 * {@code %ex} writes it; {@code LogLayoutTest} compares them). The pattern layout compiles its pattern into about 40
 * converter classes and 66 lambdas, loaded in every process, {@code collect} included, for two fixed formats.
 */
final class LogLayout extends LayoutBase<ILoggingEvent> {
    /** The log file's: {@code 2026-12-03T12:00:00.123Z INFO  [thread] logger - message}. */
    static LogLayout file() {
        return new LogLayout(true);
    }

    /** Stderr's: {@code gridscope: WARN: message}. */
    static LogLayout stderr() {
        return new LogLayout(false);
    }

    private final boolean file;
    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(36);

    private LogLayout(boolean file) {
        this.file = file;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        if (file) {
            appendUtc(line, event.getTimeStamp());
            line.append(' ');
            String level = event.getLevel().toString();
            line.append(level);
            for (int i = level.length(); i < 5; i++) {
                line.append(' ');
            }
            line.append(" [")
                    .append(event.getThreadName())
                    .append("] ")
                    .append(abbreviator.abbreviate(event.getLoggerName()))
                    .append(" - ");
        } else {
            line.append("gridscope: ").append(event.getLevel()).append(": ");
        }
        line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
        }
        return line.toString();
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} of an epoch-millisecond time, in UTC. */
    static void appendUtc(StringBuilder out, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(
                Math.floorDiv(epochMillis, 1000L), (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        pad(out, t.getNano() / 1_000_000, 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder out, int value, int digits) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < digits; i++) {
            out.append('0');
        }
        return out.append(s);
    }
}
