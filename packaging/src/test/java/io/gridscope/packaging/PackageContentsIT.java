package io.gridscope.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.ui.ConsoleLauncher;
import io.gridscope.testsupport.PeerProcess;
import io.gridscope.testsupport.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the build's .deb and app-image hold, read without installing anything. */
class PackageContentsIT {
    private static Path deb;
    private static Map<String, String> control;
    private static Map<String, String> files;

    /**
     * Libraries of the image that the console never loads, with the reason; every other ELF file's needs must be met
     * by the image itself or by the packages the .deb depends on.
     */
    private static final Map<String, String> NOT_LOADED = Map.ofEntries(
            Map.entry(
                    "libprism_es2.so",
                    "JavaFX's OpenGL pipeline: its libGL and libXxf86vm are Recommends; without"
                            + " them JavaFX renders in software"),
            Map.entry("libjsound.so", "Java Sound"),
            Map.entry("libawt.so", "AWT"),
            Map.entry("libawt_xawt.so", "AWT"),
            Map.entry("libawt_headless.so", "AWT"),
            Map.entry("libjawt.so", "AWT"),
            Map.entry("libsplashscreen.so", "AWT splash screen"),
            Map.entry("libfontmanager.so", "AWT fonts"),
            Map.entry("liblcms.so", "AWT colour management"),
            Map.entry("libmlib_image.so", "AWT imaging"),
            Map.entry("libjavajpeg.so", "AWT imaging"),
            Map.entry("libfreetype.so", "AWT fonts (JavaFX uses the system's)"));

    @BeforeAll
    static void readTheDeb() {
        deb = Packages.deb();
        control = new LinkedHashMap<>();
        String field = null;
        for (String line : Cmd.run("dpkg-deb", "--field", deb.toString()).ok().split("\n")) {
            if (line.startsWith(" ") && field != null) {
                control.merge(field, "\n" + line, String::concat);
            } else if (line.contains(":")) {
                field = line.substring(0, line.indexOf(':'));
                control.put(field, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        // "-rwxr-xr-x root/root 1234 2026-12-02 10:00 ./opt/gridscope/bin/gridscope" (links: "... -> target")
        files = new TreeMap<>();
        for (String line :
                Cmd.run("dpkg-deb", "--contents", deb.toString()).ok().split("\n")) {
            String[] f = line.split("\\s+", 6);
            if (f.length == 6) {
                String name = f[5];
                String target = "";
                int arrow = name.indexOf(" -> ");
                if (arrow > 0) {
                    target = name.substring(arrow + 4);
                    name = name.substring(0, arrow);
                }
                files.put(name.replaceFirst("^\\.", ""), f[0] + " " + f[1] + " " + target);
            }
        }
    }

    @Test
    void theControlFileNamesThePackageItsVersionAndWhatItNeeds() throws IOException {
        assertThat(control.get("Package")).isEqualTo("gridscope");
        assertThat(control.get("Version")).isEqualTo(Packages.packageVersion(Packages.version()));
        assertThat(control.get("Architecture")).isEqualTo("amd64");
        assertThat(control.get("Depends")).isEqualTo("libc6 (>= 2.17), libgtk-3-0, libxtst6");
        assertThat(control.get("Recommends")).isEqualTo("libgl1, libxxf86vm1");
        long installedKib = Long.parseLong(control.get("Installed-Size"));
        assertThat(installedKib * 1024)
                .as("Installed-Size against the app-image")
                .isGreaterThan(size(Packages.appImage()));
        assertThat(Files.size(deb)).as(".deb size").isLessThan(80L * 1024 * 1024);
    }

    @Test
    void itInstallsUnderOptAndUsrOnlyWithACommandADesktopEntryIconsMetainfoAndAUserUnit() {
        String id = Packages.APP_ID;
        assertThat(files.keySet())
                .contains(
                        "/opt/gridscope/bin/gridscope",
                        "/opt/gridscope/bin/gridscope-collect",
                        "/opt/gridscope/lib/app/gridscope.cfg",
                        "/opt/gridscope/lib/app/gridscope.aot",
                        "/opt/gridscope/lib/app/gridscope-console-app-" + Packages.version() + ".jar",
                        "/opt/gridscope/lib/app/libsqlitejdbc.so",
                        "/opt/gridscope/lib/app/libjnidispatch.so",
                        "/opt/gridscope/lib/runtime/lib/libglassgtk3.so",
                        "/opt/gridscope/lib/runtime/lib/libprism_sw.so",
                        "/usr/bin/gridscope",
                        "/usr/share/applications/" + id + ".desktop",
                        "/usr/share/metainfo/" + id + ".metainfo.xml",
                        "/usr/lib/systemd/user/gridscope-collect.service",
                        "/usr/share/icons/hicolor/scalable/apps/" + id + ".svg",
                        "/usr/share/doc/gridscope/copyright",
                        "/usr/share/doc/gridscope/changelog.gz");
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256, 512}) {
            assertThat(files).containsKey("/usr/share/icons/hicolor/" + size + "x" + size + "/apps/" + id + ".png");
        }
        assertThat(files.get("/usr/bin/gridscope")).startsWith("-rwxr-xr-x root/root");
        assertThat(files.get("/opt/gridscope/bin/gridscope")).startsWith("-rwxr-xr-x root/root");
        assertThat(files.keySet())
                .allSatisfy(f -> assertThat(f)
                        .matches("/(|opt/|opt/gridscope(/.*)?|usr/(|bin/|bin/gridscope|share/.*"
                                + "|lib/|lib/systemd/(|user/|user/gridscope-collect\\.service)))"));
        assertThat(files.values())
                .as("owned by root, writable by root only")
                .allSatisfy(v -> assertThat(v).matches("[-dl]rw[-x]r-[-x]r-[-x] root/root.*|lrwxrwxrwx root/root.*"));
    }

    @Test
    void theDesktopEntryIsValidInSystemMonitorAndMatchesTheWindow() throws IOException {
        Path desktop = unpacked("/usr/share/applications/" + Packages.APP_ID + ".desktop");
        Map<String, String> entry = keyValues(Files.readString(desktop));
        assertThat(entry.get("Categories")).isEqualTo("System;Monitor;");
        assertThat(entry.get("Icon")).isEqualTo(Packages.APP_ID);
        assertThat(entry.get("Exec")).endsWith("/usr/bin/gridscope");
        // the window's WM_CLASS is its Application class's name: docks group the window under this entry by it
        assertThat(entry.get("StartupWMClass")).isEqualTo(ConsoleLauncher.LaunchedApp.class.getName());
        Path validator = PeerProcess.requireBinary("desktop-file-validate", "apt-get install desktop-file-utils");
        assertThat(Cmd.run(validator.toString(), desktop.toString()).ok()).isEmpty();
    }

    @Test
    void theAppStreamMetainfoIsValidAndCarriesThisRelease() throws IOException {
        Path metainfo = unpacked("/usr/share/metainfo/" + Packages.APP_ID + ".metainfo.xml");
        String xml = Files.readString(metainfo);
        assertThat(xml)
                .contains("<release version=\"" + Packages.version() + "\"")
                .contains("<launchable type=\"desktop-id\">" + Packages.APP_ID + ".desktop</launchable>");
        Path appstream = PeerProcess.requireBinary("appstreamcli", "apt-get install appstream");
        Cmd validation = Cmd.run(appstream.toString(), "validate", "--no-net", "--explain", metainfo.toString());
        assertThat(validation.exit()).as(validation.output()).isZero();
    }

    @Test
    void aReleaseHasItsSectionInTheChangelogWhoseDateTheMetainfoCarries() throws IOException {
        String v = Packages.version();
        String xml = Files.readString(unpacked("/usr/share/metainfo/" + Packages.APP_ID + ".metainfo.xml"));
        if (v.contains("-")) {
            assertThat(xml).as("a pre-release").contains("type=\"development\"");
            return;
        }
        String changelog = Files.readString(Packages.sourceRoot().resolve("CHANGELOG.md"));
        Matcher section = Pattern.compile("(?m)^## " + Pattern.quote(v) + " — (\\d{4}-\\d{2}-\\d{2})$")
                .matcher(changelog);
        assertThat(section.find())
                .as("CHANGELOG.md has a section '## " + v + " — YYYY-MM-DD'")
                .isTrue();
        assertThat(xml).contains("<release version=\"" + v + "\" date=\"" + section.group(1) + "\" type=\"stable\"/>");
    }

    @Test
    void anRpmIsMadeWhereRpmbuildIsAndHoldsTheFilesOfTheDeb() throws IOException {
        List<Path> rpms;
        try (Stream<Path> all = Files.list(Packages.dir())) {
            rpms = all.filter(p -> p.getFileName().toString().endsWith(".x86_64.rpm"))
                    .toList();
        }
        if (System.getProperty("gridscope.package.types", "app-image,deb,rpm").contains("rpm")
                && Packages.onPath("rpmbuild")) {
            assertThat(rpms).as("the build makes an .rpm wherever rpmbuild is").hasSize(1);
        }
        for (Path rpm : rpms) {
            Set<String> rpmFiles =
                    new TreeSet<>(List.of(Cmd.run(Duration.ofMinutes(2), Map.of(), "rpm", "-qpl", rpm.toString())
                            .ok()
                            .split("\n")));
            Set<String> debFiles = files.entrySet().stream()
                    .filter(e -> !e.getValue().startsWith("d"))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(rpmFiles).containsAll(debFiles);
            assertThat(Cmd.run("rpm", "-qp", "--requires", rpm.toString()).ok())
                    .contains("gtk3")
                    .contains("libXtst");
        }
    }

    @Test
    void theUserUnitRunsTheInstalledCollector() throws IOException {
        String unit = Files.readString(unpacked("/usr/lib/systemd/user/gridscope-collect.service"));
        Matcher exec = Pattern.compile("(?m)^ExecStart=(\\S+) collect$").matcher(unit);
        assertThat(exec.find()).as(unit).isTrue();
        assertThat(files).containsKey(exec.group(1));
        assertThat(unit).contains("WantedBy=default.target");
        String cfg = Files.readString(Packages.appImage().resolve("lib/app/gridscope-collect.cfg"));
        assertThat(cfg).contains("arguments=collect").contains("java-options=-XX:TieredStopAtLevel=1");
        // the collector runs without JavaFX and the document libraries (launcher.conf's collect.without)
        assertThat(cfg)
                .contains("gridscope-collectors-", "gridscope-alerts-", "sqlite-jdbc-", "commons-csv-")
                .doesNotContain("javafx", "controlsfx-", "poi-", "pdfbox-", "xmlbeans-");
        String console = Files.readString(Packages.appImage().resolve("lib/app/gridscope.cfg"));
        assertThat(console)
                .contains("controlsfx-", "poi-", "pdfbox-", "--add-modules=javafx.controls")
                .contains("--enable-native-access=javafx.graphics");
    }

    @Test
    void theCommandRunsTheLaunchersConfigurationWithTheBundledRuntime() throws IOException {
        String command = Files.readString(unpacked("/usr/bin/gridscope"));
        assertThat(command)
                .contains("root=/opt/gridscope")
                .contains("$root/lib/runtime/bin/java")
                .contains("gridscope.cfg")
                .contains("gridscope-collect.cfg");
        assertThat(Cmd.run("bash", "-n", unpacked("/usr/bin/gridscope").toString())
                        .exit())
                .isZero();
    }

    @Test
    void theAppImageStartsFromItsStartUpCacheAndSaysItsVersion() {
        Path image = Packages.appImage();
        // AOTMode=on makes a JVM that cannot use the cache fail instead of starting without it
        Cmd version = Cmd.run(
                Duration.ofMinutes(1),
                Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on"),
                image.resolve("bin/gridscope").toString(),
                "--version");
        assertThat(version.ok()).contains("Gridscope " + Packages.version());
    }

    @Test
    void theRuntimeHoldsTheModulesTheJarsNeedAndJavaFxWithItsNativeLibraries() throws IOException {
        Path runtime = Packages.appImage().resolve("lib/runtime");
        String release = Files.readString(runtime.resolve("release"));
        Matcher m = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"").matcher(release);
        assertThat(m.find()).isTrue();
        Set<String> modules = Set.of(m.group(1).split(" "));
        assertThat(modules)
                .contains(
                        "java.base",
                        "java.sql",
                        "java.net.http",
                        "javafx.controls",
                        "javafx.graphics",
                        "jdk.localedata");
        assertThat(modules)
                .as("no compiler, no tools in the runtime")
                .doesNotContain("jdk.compiler", "jdk.jlink", "jdk.jpackage", "java.compiler", "jdk.jshell");
        assertThat(runtime.resolve("lib/libglassgtk3.so")).isRegularFile();
        Path app = Packages.appImage().resolve("lib/app");
        try (Stream<Path> jars = Files.list(app)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                assertThat(jar.getFileName().toString())
                        .as("JavaFX is in the runtime")
                        .doesNotStartWith("javafx-");
                try (ZipFile z = new ZipFile(jar.toFile())) {
                    assertThat(z.stream().map(e -> e.getName()))
                            .as("no native library inside " + jar.getFileName())
                            .noneMatch(n -> n.endsWith(".so")
                                    || n.endsWith(".dll")
                                    || n.endsWith(".dylib")
                                    || n.endsWith(".jnilib"));
                }
            }
        }
    }

    @Test
    void everyLibraryTheConsoleLoadsIsInTheImageOrComesWithTheDeclaredDependencies() throws IOException {
        Path image = Packages.appImage();
        Set<String> bundled;
        try (Stream<Path> all = Files.walk(image)) {
            bundled = all.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Map<String, Set<String>> needsBy = new TreeMap<>();
        try (Stream<Path> all = Files.walk(image)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                boolean elf = name.endsWith(".so")
                        || f.getParent().getFileName().toString().equals("bin");
                if (!elf || NOT_LOADED.containsKey(name)) {
                    continue;
                }
                for (String soname : needed(f)) {
                    if (!bundled.contains(soname)) {
                        needsBy.computeIfAbsent(soname, k -> new TreeSet<>()).add(name);
                    }
                }
            }
        }
        assertThat(needsBy).containsKeys("libgtk-3.so.0", "libXtst.so.6", "libc.so.6");

        List<String> depends = Arrays.stream(control.get("Depends").split(","))
                .map(d -> d.strip().replaceFirst(" .*", ""))
                .toList();
        Set<String> closure = dependencyClosure(depends);
        Map<String, String> providers = new TreeMap<>();
        for (String soname : needsBy.keySet()) {
            String pkg = providerOf(soname);
            providers.put(soname, pkg);
            assertThat(closure)
                    .as(soname + " (needed by " + needsBy.get(soname) + ") comes with " + pkg
                            + ", which the declared dependencies " + depends + " do not bring")
                    .contains(pkg.replaceFirst(":.*", ""));
        }
        assertThat(depends)
                .as("each declared dependency provides a library the console needs directly: " + providers)
                .allSatisfy(d -> assertThat(providers.values().stream().map(p -> p.replaceFirst(":.*", "")))
                        .contains(d));
    }

    // ---- helpers

    private static long size(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private static Path extracted;

    /** A file of the .deb, unpacked once into target/. */
    private static synchronized Path unpacked(String path) throws IOException {
        if (extracted == null) {
            extracted = Packages.dir().resolve("deb-contents");
            Cmd.run("rm", "-rf", extracted.toString()).ok();
            Files.createDirectories(extracted);
            Cmd.run(Duration.ofMinutes(3), Map.of(), "dpkg-deb", "--extract", deb.toString(), extracted.toString())
                    .ok();
        }
        return extracted.resolve(path.substring(1));
    }

    private static Map<String, String> keyValues(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                out.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    private static List<String> needed(Path elf) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*NEEDED\\s+(\\S+)$")
                .matcher(Cmd.run("objdump", "-p", elf.toString()).ok());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The Debian package that holds {@code soname} on this machine, e.g. "libgtk-3-0". */
    private static String providerOf(String soname) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(soname) + " \\(libc6,x86-64[^)]*\\) => (\\S+)$")
                .matcher(Cmd.run("/sbin/ldconfig", "-p").ok());
        if (!m.find()) {
            throw Requirements.unavailable(soname + " is not installed here, so its package cannot be named"
                    + " (install libgtk-3-0 and libxtst6)");
        }
        Path real = Path.of(m.group(1)).toAbsolutePath();
        try {
            real = real.toRealPath();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Cmd owner = Cmd.run("dpkg", "-S", real.toString());
        if (owner.exit() != 0) {
            // merged /usr: dpkg knows /lib/x86_64-linux-gnu/..., the link resolves to /usr/lib/...
            owner = Cmd.run("dpkg", "-S", real.toString().replaceFirst("^/usr/lib/", "/lib/"));
        }
        return owner.ok().strip().split(":")[0];
    }

    /** The packages {@code roots} bring, transitively, without recommendations. */
    private static Set<String> dependencyClosure(List<String> roots) {
        List<String> argv = new ArrayList<>(List.of(
                "apt-cache",
                "depends",
                "--recurse",
                "--no-recommends",
                "--no-suggests",
                "--no-conflicts",
                "--no-breaks",
                "--no-replaces",
                "--no-enhances"));
        argv.addAll(roots);
        Set<String> out = new TreeSet<>();
        for (String line : Cmd.run(Duration.ofMinutes(2), Map.of(), argv.toArray(String[]::new))
                .ok()
                .split("\n")) {
            String s = line.strip().replaceFirst("^\\|?(Pre)?Depends: ", "").replaceFirst("^<(.*)>$", "$1");
            if (!s.isEmpty() && !s.contains(" ")) {
                out.add(s.replaceFirst(":.*", ""));
            }
        }
        return out;
    }
}
