package io.gridscope.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.testsupport.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the packages and which version they carry (system properties set by the pom). */
final class Packages {
    private Packages() {}

    static final String APP_ID = "io.gridscope.Gridscope";

    static Path dir() {
        String d = System.getProperty("gridscope.packages.dir");
        assertThat(d)
                .as("system property gridscope.packages.dir (set by packaging/pom.xml)")
                .isNotBlank();
        return Path.of(d);
    }

    /** The Maven version, e.g. 0.1.0 or 0.2.0-SNAPSHOT. */
    static String version() {
        String v = System.getProperty("gridscope.project.version");
        assertThat(v).as("system property gridscope.project.version").isNotBlank();
        return v;
    }

    /** The version as Debian and RPM order it: a pre-release before its release (0.2.0~SNAPSHOT). */
    static String packageVersion(String mavenVersion) {
        return mavenVersion.replaceFirst("-", "~");
    }

    static Path sourceRoot() {
        return Path.of(System.getProperty("gridscope.source.root", ".."));
    }

    static Path deb() {
        Path deb = dir().resolve("gridscope_" + packageVersion(version()) + "_amd64.deb");
        if (!Files.isRegularFile(deb) && !onPath("dpkg-deb")) {
            throw Requirements.unavailable("no .deb: dpkg-deb is not installed (Debian package dpkg)");
        }
        assertThat(deb).as("the .deb the build made").isRegularFile();
        return deb;
    }

    static Path appImage() {
        Path image = dir().resolve("app-image").resolve("gridscope");
        assertThat(image.resolve("bin/gridscope"))
                .as("the app-image's launcher")
                .isExecutable();
        return image;
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    static boolean exists(Path p) {
        return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
