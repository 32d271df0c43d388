package io.gridscope.console.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;

/**
 * The accounting audit trail as a file: one JSON object per line appended to {@value #FILE_NAME} in the data
 * directory ({@code {"when":…,"user":…,"file":…,"before":…,"after":…}}), written with {@code DSYNC} so an entry
 * that was reported as recorded survives a crash. Kept until the history's records hold the audit trail; nothing
 * is ever removed from the file.
 */
public final class JsonLinesAccountingAudit implements AccountingAudit {
    public static final String FILE_NAME = "accounting-audit.log";

    private final Path log;
    private final Path configFile;

    /**
     * @param dataDir the data directory the log is kept in (created when missing)
     * @param configFile the accounting file whose changes are recorded (named in every entry)
     */
    public JsonLinesAccountingAudit(Path dataDir, Path configFile) {
        this.log = dataDir.resolve(FILE_NAME);
        this.configFile = Objects.requireNonNull(configFile);
    }

    /** Where the entries go. */
    public Path file() {
        return log;
    }

    @Override
    public String describe() {
        return log.toString();
    }

    @Override
    public void record(Instant when, String osUser, String before, String after) {
        String line = "{\"when\":" + quote(when.toString()) + ",\"user\":" + quote(osUser) + ",\"file\":"
                + quote(configFile.toString()) + ",\"before\":" + quote(before) + ",\"after\":" + quote(after)
                + "}\n";
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the accounting audit log " + log, e);
        }
    }

    /** {@code s} as a JSON string literal (as every entry writes it). */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
