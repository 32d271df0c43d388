package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.service.AlertService;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.cli.CliTest.Result;
import io.gridscope.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gridscope rules check FILE} and {@code ./gridscope rules list} on real files and a real history. */
class RulesCommandTest {
    static final String VALID = """
            [packs]
            gpu = false
            host = true
            sources = false
            accounting = false

            [[rule]]
            name = "FansSlow"
            series = 'fan_speed_ratio'
            op = "<"
            value = 0.2
            severity = "warning"
            summary = "fans of {{ $labels.host }} at {{ $value }}"

            [[rule]]
            name = "CpuBusy"
            series = 'host_cpu_utilization_ratio{cpu="total"}'
            op = ">"
            value = 0.95
            for = "10m"
            severity = "info"
            summary = "{{ $labels.host }} busy"
            """;

    @TempDir
    Path tmp;

    private String previousConfigHome;
    private Path configDir;
    private Path dataDir;

    @BeforeEach
    void ownConfiguration() throws Exception {
        previousConfigHome = System.getProperty(AppPaths.CONFIG_HOME_PROPERTY);
        System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, tmp.resolve("config").toString());
        configDir = Files.createDirectories(AppPaths.fromEnvironment().configDir());
        dataDir = tmp.resolve("data");
    }

    @AfterEach
    void restore() {
        if (previousConfigHome == null) {
            System.clearProperty(AppPaths.CONFIG_HOME_PROPERTY);
        } else {
            System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, previousConfigHome);
        }
    }

    @Test
    void aValidFileChecksWithExitZero() throws Exception {
        Path file = Files.writeString(tmp.resolve("alerts.toml"), VALID);
        Result r = CliTest.run("rules", "check", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .matches(java.util.regex.Pattern.quote(file.toString())
                        + ": 2 rule\\(s\\) from the file, \\d+ built-in; \\d+ enabled; 0 problem\\(s\\)\n");
    }

    @Test
    void anInvalidFileNamesFileLineAndFieldOnStderrAndExitsOne() throws Exception {
        Path file = Files.writeString(
                tmp.resolve("broken.toml"),
                VALID.replace("op = \"<\"", "op = \"=<\"").replace("for = \"10m\"", "for = \"soon\""));
        Result r = CliTest.run("rules", "check", file.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        List<String> problems = r.err().lines().toList();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith(file + ":10: op: ").contains("'=<'");
        assertThat(problems.get(1)).startsWith(file + ":20: for: ");
        assertThat(problems)
                .allMatch(l -> l.matches(java.util.regex.Pattern.quote(file.toString()) + ":\\d+: \\w+: .+"));
        assertThat(r.out()).contains("2 problem(s)");
    }

    @Test
    void aMissingFileIsAnIoError() {
        Result r = CliTest.run("rules", "check", tmp.resolve("nothing.toml").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).isEqualTo("gridscope: no file " + tmp.resolve("nothing.toml") + "\n");
    }

    @Test
    void listShowsEachRuleWithItsHealthAtTheLastEvaluation() throws Exception {
        Path rules = Files.writeString(configDir.resolve("alerts.toml"), VALID);
        Result before = CliTest.run("rules", "list", "--data-dir", dataDir.toString());
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(line(before, "FansSlow")).contains("file", "warning", "unknown");

        HistoryStore.open(Files.createDirectories(dataDir)).close();
        try (AlertService service =
                new AlertService(dataDir, rules, Clock.systemUTC(), Duration.ofSeconds(1), List.of())) {
            service.open();
            service.runOnce();
        }
        Result r = CliTest.run("rules", "list", "--data-dir", dataDir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow())
                .startsWith("RULE")
                .contains("PACK", "SEVERITY", "HEALTH", "CONDITION");
        assertThat(line(r, "FansSlow")).contains("file", "warning", "no data").contains("no series fan_speed_ratio");
        assertThat(line(r, "CpuBusy")).contains("file", "info", "no data");
        assertThat(r.out().lines().filter(l -> l.startsWith("Gpu")))
                .as("the GPU pack is off")
                .allSatisfy(l -> assertThat(l).contains("disabled"));
    }

    @Test
    void listWarnsAboutAnInvalidRuleAndListsTheOthers() throws Exception {
        Files.writeString(configDir.resolve("alerts.toml"), VALID.replace("op = \"<\"", "op = \"=<\""));
        Result r = CliTest.run("rules", "list", "--data-dir", dataDir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("CpuBusy").doesNotContain("FansSlow");
        assertThat(r.err()).startsWith("gridscope: warning: " + configDir.resolve("alerts.toml") + ":10: op: ");
    }

    static String line(Result r, String rule) {
        return r.out()
                .lines()
                .filter(l -> l.startsWith(rule + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(rule + " not listed:\n" + r.out()));
    }
}
