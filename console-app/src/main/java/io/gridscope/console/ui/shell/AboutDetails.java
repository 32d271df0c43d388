package io.gridscope.console.ui.shell;

import io.gridscope.console.app.AppPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the About box shows: Gridscope's version, the Java and JavaFX runtimes, the operating system, how Gridscope
 * was installed and where its files are. Plain values, known before the box opens (nothing here reads a file); the box
 * and {@link #text()} (the "Copy details" text, for bug reports) show the same {@link #rows()}.
 *
 * @param version     Gridscope's version, as {@code gridscope --version} prints it
 * @param javaVersion the Java runtime's version ({@link Runtime#version()})
 * @param javaVendor  the Java runtime's vendor ({@code java.vendor})
 * @param javaFx      the JavaFX runtime's version ({@code javafx.runtime.version})
 * @param os          the operating system's name and version
 * @param arch        the operating system's architecture ({@code os.arch})
 * @param installDir  the installed package's directory; empty when run from source
 * @param configDir   where the settings and the rules file are
 * @param dataDir     where the history database is, as the running console uses it
 * @param logDir      where the log files are
 */
public record AboutDetails(
        String version,
        String javaVersion,
        String javaVendor,
        String javaFx,
        String os,
        String arch,
        Optional<Path> installDir,
        Path configDir,
        Path dataDir,
        Path logDir) {
    public static final String NAME = "Gridscope";
    public static final String DESCRIPTION = "Observability and cost governance for AI infrastructure";
    /** Set by the jpackage launcher: the launcher executable of the installed package. */
    static final String APP_PATH_PROPERTY = "jpackage.app-path";

    static final String UNKNOWN = "unknown";

    /** One line of the box and of {@link #text()}; {@code path} values are shown as selectable fields. */
    public record Row(String id, String label, String value, boolean path) {}

    /**
     * The running console's details: the runtime from the system properties, the files where {@code paths} put them.
     * Call it once JavaFX has started ({@code javafx.runtime.version} is set then).
     *
     * @param version Gridscope's version
     * @param paths   the directories as the running console resolved them
     */
    public static AboutDetails of(String version, AppPaths paths) {
        return of(version, Runtime.version().toString(), System.getProperties(), paths);
    }

    static AboutDetails of(String version, String javaVersion, Properties system, AppPaths paths) {
        String osName = system.getProperty("os.name", UNKNOWN);
        String osVersion = system.getProperty("os.version", "");
        String appPath = system.getProperty(APP_PATH_PROPERTY, "");
        return new AboutDetails(
                orUnknown(version),
                orUnknown(javaVersion),
                system.getProperty("java.vendor", UNKNOWN),
                system.getProperty("javafx.runtime.version", UNKNOWN),
                osVersion.isBlank() ? osName : osName + " " + osVersion,
                system.getProperty("os.arch", UNKNOWN),
                appPath.isBlank() ? Optional.empty() : Optional.of(installDir(Path.of(appPath))),
                paths.configDir(),
                paths.dataDir(),
                paths.logDir());
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s;
    }

    /**
     * The directory an installed package lives in, from its launcher: {@code /opt/gridscope} for
     * {@code /opt/gridscope/bin/Gridscope} (Linux), {@code /Applications/Gridscope.app} for
     * {@code /Applications/Gridscope.app/Contents/MacOS/Gridscope} (macOS), the launcher's folder otherwise (Windows).
     */
    static Path installDir(Path launcher) {
        Path dir = launcher.toAbsolutePath().normalize().getParent();
        if (dir == null) {
            return launcher;
        }
        Path parent = dir.getParent();
        String name = String.valueOf(dir.getFileName());
        if (parent != null && name.equals("bin")) {
            return parent;
        }
        if (parent != null
                && name.equals("MacOS")
                && String.valueOf(parent.getFileName()).equals("Contents")
                && parent.getParent() != null) {
            return parent.getParent();
        }
        return dir;
    }

    /** "Installed package" or "Run from source". */
    public String installation() {
        return installDir.isPresent() ? "Installed package" : "Run from source";
    }

    /** What the box lists, in order. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("version", "Version", version, false));
        rows.add(new Row("java", "Java", javaVersion + " (" + javaVendor + ")", false));
        rows.add(new Row("javafx", "JavaFX", javaFx, false));
        rows.add(new Row("os", "OS", os + " (" + arch + ")", false));
        rows.add(new Row("installation", "Installation", installation(), false));
        installDir.ifPresent(d -> rows.add(new Row("appDir", "Application", d.toString(), true)));
        rows.add(new Row("configDir", "Config", configDir.toString(), true));
        rows.add(new Row("dataDir", "Data", dataDir.toString(), true));
        rows.add(new Row("logDir", "Logs", logDir.toString(), true));
        return rows;
    }

    /** Everything the box shows, as plain text: one "Label: value" line each, the values aligned. */
    public String text() {
        List<Row> rows = rows();
        int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(0) + 2;
        StringBuilder sb = new StringBuilder();
        sb.append(NAME).append(' ').append(version).append('\n');
        sb.append(DESCRIPTION).append('\n').append('\n');
        for (Row r : rows) {
            String label = r.label() + ":";
            sb.append(label)
                    .append(" ".repeat(width - label.length()))
                    .append(r.value())
                    .append('\n');
        }
        return sb.toString();
    }
}
