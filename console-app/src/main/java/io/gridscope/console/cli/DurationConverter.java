package io.gridscope.console.cli;

import io.gridscope.model.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli's converter for {@link Durations}' syntax: {@code 500ms}, {@code 30s}, {@code 1h30m}, {@code PT30S}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** {@link Durations#parse}, its refusal as picocli's {@link TypeConversionException}. */
    public static Duration parse(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    public static String format(Duration d) {
        return Durations.format(d);
    }
}
