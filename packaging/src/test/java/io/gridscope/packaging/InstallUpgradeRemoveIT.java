package io.gridscope.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.ui.ConsoleLauncher;
import io.gridscope.testsupport.PeerProcess;
import io.gridscope.testsupport.Requirements;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package as an administrator uses it, on this machine for real: {@code apt-get install ./gridscope_….deb}, the
 * command, headless collection and the window; an upgrade to a package rebuilt with a higher version, which keeps the
 * user's sources and history; and removal, after which nothing of the package is left but the user's data.
 *
 * <p>It installs into the system, so it runs as root and only where asked: under {@code CI=true} (a throwaway
 * machine) or with {@code -Dgridscope.packaging.install=true}. It refuses to run where Gridscope is installed
 * already, and removes what it installed whatever happens.
 */
class InstallUpgradeRemoveIT {
    private static final Duration APT = Duration.ofMinutes(10);
    private static boolean installedHere;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void onlyOnAMachineThatMayBeChanged() {
        boolean asked = Requirements.inCi() || Boolean.getBoolean("gridscope.packaging.install");
        if (!asked) {
            Requirements.unavailable("installs the .deb into this system: runs under CI=true or with"
                    + " -Dgridscope.packaging.install=true");
        }
        String uid = Cmd.run("id", "-u").ok().strip();
        if (!uid.equals("0")) {
            Requirements.unavailable("installing a package needs root");
        }
        for (String tool : List.of("apt-get", "dpkg", "Xvfb", "xwininfo", "xprop", "mvn")) {
            PeerProcess.requireBinary(tool, "apt-get install apt dpkg xvfb x11-utils maven");
        }
        assertThat(Cmd.run("dpkg", "-s", "gridscope").exit())
                .as("gridscope is installed on this machine already; this test would replace it")
                .isNotZero();
    }

    @AfterAll
    static void removeWhatWasInstalled() {
        if (installedHere && Cmd.run("dpkg", "-s", "gridscope").exit() == 0) {
            Cmd.run(APT, Map.of("DEBIAN_FRONTEND", "noninteractive"), "dpkg", "--purge", "gridscope");
        }
    }

    @Test
    void installRunUpgradeAndRemoveKeepingTheUsersData() throws Exception {
        Path deb = Packages.deb();
        String version = Packages.version();
        Set<String> packageFiles = filesOf(deb);

        // ---- install, as the README says (without recommendations: the window must work with Depends alone)
        aptInstall(deb);
        installedHere = true;
        assertThat(Cmd.run("dpkg-query", "-W", "-f=${Status} ${Version}", "gridscope")
                        .ok())
                .isEqualTo("install ok installed " + Packages.packageVersion(version));
        assertThat(Path.of("/usr/bin/gridscope")).isExecutable();

        // ---- a user: their own config, data and state directories (and home, for anything written there)
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("tmp"));
        Map<String, String> user = userEnv(home);
        assertThat(gridscope(user, "--version").ok()).contains("Gridscope " + version);
        Map<String, String> strict = new HashMap<>(user);
        strict.put("JAVA_TOOL_OPTIONS", user.get("JAVA_TOOL_OPTIONS") + " -XX:AOTMode=on");
        assertThat(gridscope(strict, "--version").exit())
                .as("the command starts from the package's start-up cache")
                .isZero();
        gridscope(user, "sources", "add", "node-a", "http://127.0.0.1:9/metrics", "--interval", "30s")
                .ok();
        Cmd collect = gridscope(user, "collect", "--duration", "5s");
        assertThat(collect.ok()).contains("collected ");
        Path history = home.resolve(".local/share/gridscope/history.db");
        assertThat(history).isRegularFile();
        long historyBytes = Files.size(history);

        String shown = openTheWindow(user, home);
        assertThat(shown)
                .as("the window's WM_CLASS is the desktop entry's StartupWMClass")
                .contains("\"" + ConsoleLauncher.LaunchedApp.class.getName() + "\"");
        // native libraries come from the package, none is unpacked at run time (where /tmp is noexec that fails)
        assertThat(home.resolve(".openjfx"))
                .as("JavaFX's cache of unpacked libraries")
                .doesNotExist();
        assertThat(home.resolve(".cache/JNA"))
                .as("JNA's cache of unpacked libraries")
                .doesNotExist();
        try (var unpacked = Files.list(home.resolve("tmp"))) {
            assertThat(unpacked.map(p -> p.getFileName().toString()))
                    .as("libraries unpacked into java.io.tmpdir")
                    .noneMatch(n -> n.endsWith(".so"));
        }

        // ---- upgrade to a package rebuilt from the same sources with a higher version
        String next = higher(version);
        Path nextDeb = rebuild(next);
        aptInstall(nextDeb);
        assertThat(Cmd.run("dpkg-query", "-W", "-f=${Version}", "gridscope").ok())
                .isEqualTo(Packages.packageVersion(next));
        assertThat(gridscope(user, "--version").ok()).contains("Gridscope " + next);
        assertThat(gridscope(user, "sources", "list").ok())
                .as("the source added before the upgrade")
                .contains("node-a")
                .contains("http://127.0.0.1:9/metrics");
        assertThat(Files.size(history)).as("the history is kept").isGreaterThanOrEqualTo(historyBytes);
        assertThat(gridscope(user, "collect", "--duration", "2s").ok()).contains("collected ");

        // ---- removal (and purge): nothing of the package is left, the user's data is
        Cmd remove = Cmd.run(APT, Map.of("DEBIAN_FRONTEND", "noninteractive"), "apt-get", "remove", "-y", "gridscope");
        assertThat(remove.exit()).as(remove.output()).isZero();
        Cmd purge = Cmd.run(APT, Map.of("DEBIAN_FRONTEND", "noninteractive"), "dpkg", "--purge", "gridscope");
        assertThat(purge.exit()).as(purge.output()).isZero();
        assertThat(Cmd.run("dpkg", "-s", "gridscope").exit()).isNotZero();
        List<String> left = new ArrayList<>();
        for (String f : packageFiles) {
            if (!f.endsWith("/") && Packages.exists(Path.of(f))) {
                left.add(f);
            }
        }
        assertThat(left).as("files of the package left after removal").isEmpty();
        assertThat(Path.of("/opt/gridscope")).doesNotExist();
        assertThat(history).as("the user's history").isRegularFile();
        assertThat(home.resolve(".config/gridscope/ui.properties"))
                .as("the user's settings")
                .isRegularFile();
        assertThat(Files.readString(home.resolve(".config/gridscope/ui.properties")))
                .contains("node-a");
    }

    // ---- steps

    private static void aptInstall(Path deb) {
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        String[] install = {
            "apt-get",
            "install",
            "-y",
            "--no-install-recommends",
            deb.toAbsolutePath().toString()
        };
        Cmd first = Cmd.run(APT, env, install);
        if (first.exit() != 0) {
            // a bare machine may have no package lists yet for the dependencies
            Cmd.run(APT, env, "apt-get", "update", "-q");
            Cmd again = Cmd.run(APT, env, install);
            assertThat(again.exit()).as(first.output() + "\n" + again.output()).isZero();
        }
    }

    private static Map<String, String> userEnv(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        // the JVM takes user.home from the password database, not from HOME
        env.put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home + " -Djava.io.tmpdir=" + home.resolve("tmp"));
        env.put("DBUS_SESSION_BUS_ADDRESS", "");
        return env;
    }

    private static Cmd gridscope(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/gridscope"));
        argv.addAll(List.of(args));
        return Cmd.run(Duration.ofMinutes(2), env, argv.toArray(String[]::new));
    }

    /** Starts the installed console under Xvfb, waits for its window and returns the window's WM_CLASS line. */
    private static String openTheWindow(Map<String, String> user, Path home) throws Exception {
        int display = 90 + (int) (ProcessHandle.current().pid() % 100);
        Path log = tmp.resolve("xvfb.log");
        Process xvfb = new ProcessBuilder("Xvfb", ":" + display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Process app = null;
        try {
            Map<String, String> x = Map.of("DISPLAY", ":" + display);
            PeerProcess.await(
                    () -> Cmd.run(Duration.ofSeconds(5), x, "xwininfo", "-root").exit() == 0,
                    Duration.ofSeconds(20),
                    "Xvfb :" + display + " answering");
            Map<String, String> env = new HashMap<>(user);
            env.putAll(x);
            env.put("JAVA_TOOL_OPTIONS", user.get("JAVA_TOOL_OPTIONS") + " -Dgridscope.startupTiming=true");
            Path out = tmp.resolve("console.log");
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/gridscope").redirectErrorStream(true);
            pb.redirectOutput(out.toFile());
            pb.environment().putAll(env);
            app = pb.start();
            Process started = app;
            PeerProcess.await(
                    () -> read(out).contains("window shown") || !started.isAlive(),
                    Duration.ofSeconds(90),
                    "the installed console's window");
            assertThat(app.isAlive()).as(read(out)).isTrue();
            String tree = Cmd.run(Duration.ofSeconds(10), x, "xwininfo", "-root", "-tree")
                    .ok();
            Matcher id = Pattern.compile("(?m)^\\s*(0x[0-9a-f]+) \"Gridscope\"").matcher(tree);
            assertThat(id.find()).as("a window titled Gridscope:\n" + tree).isTrue();
            assertThat(Cmd.run(Duration.ofSeconds(10), x, "xwininfo", "-id", id.group(1))
                            .ok())
                    .contains("Map State: IsViewable");
            return Cmd.run(Duration.ofSeconds(10), x, "xprop", "-id", id.group(1), "WM_CLASS")
                    .ok();
        } finally {
            if (app != null) {
                app.destroy();
                if (!app.waitFor(20, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
            xvfb.destroy();
            xvfb.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The same version with one more component: 0.1.0 → 0.1.0.1, 0.2.0-SNAPSHOT → 0.2.0.1-SNAPSHOT. */
    static String higher(String version) {
        int dash = version.indexOf('-');
        return dash < 0 ? version + ".1" : version.substring(0, dash) + ".1" + version.substring(dash);
    }

    /** Builds the .deb again from a copy of the sources with {@code version}: the whole product, tests left out. */
    private static Path rebuild(String version) throws IOException {
        Path src = tmp.resolve("sources");
        copySources(Packages.sourceRoot().toAbsolutePath().normalize(), src);
        Cmd build = Cmd.run(
                Duration.ofMinutes(15),
                Map.of("CI", "false"),
                src,
                "mvn",
                "-B",
                "-q",
                "-o",
                "-Drevision=" + version,
                "-DskipTests",
                "-Dgridscope.package.types=deb",
                "-pl",
                "packaging",
                "-am",
                "package");
        assertThat(build.exit())
                .as("the rebuild with version " + version + ":\n" + build.output())
                .isZero();
        Path deb =
                src.resolve("packaging/target/packages/gridscope_" + Packages.packageVersion(version) + "_amd64.deb");
        assertThat(deb).isRegularFile();
        return deb;
    }

    private static void copySources(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(from) && (name.equals("target") || name.equals(".git"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Set<String> filesOf(Path deb) {
        Set<String> out = new java.util.TreeSet<>();
        for (String line :
                Cmd.run("dpkg-deb", "--contents", deb.toString()).ok().split("\n")) {
            String[] f = line.split("\\s+", 6);
            if (f.length == 6) {
                out.add(f[5].replaceFirst(" -> .*", "").replaceFirst("^\\.", ""));
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
