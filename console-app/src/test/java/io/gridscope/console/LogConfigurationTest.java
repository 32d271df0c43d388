package io.gridscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gridscope's logging as set up in code: the file, stderr for warnings, OSHI quieter, and the service entry. */
class LogConfigurationTest {
    @Test
    void infoGoesToTheFileAndWarningsAlsoToStderr(@TempDir Path dir) throws Exception {
        PrintStream realErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as logback's own start gives it
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            LogConfiguration.apply(context, dir);
            context.getLogger("io.gridscope.x").info("an info line");
            context.getLogger("io.gridscope.x").warn("a warning line");
            context.getLogger("oshi.hardware").info("oshi chatter");
        } finally {
            context.stop();
            System.setErr(realErr);
        }
        String file = Files.readString(dir.resolve("gridscope.log"));
        assertThat(file)
                .containsPattern(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[[^]]+] io.gridscope.x - an info line")
                .contains("WARN  ")
                .contains("a warning line")
                .doesNotContain("oshi chatter");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("gridscope: WARN: a warning line\n");
    }

    @Test
    void logbackFindsItThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(LogConfiguration.class);
    }
}
