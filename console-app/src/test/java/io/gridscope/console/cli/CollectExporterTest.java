package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UiSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code collect}'s own Prometheus endpoint: port, listen address, and what it serves. */
class CollectExporterTest {
    private static final Pattern SERVING = Pattern.compile("serving metrics on http://([^/]+):(\\d+)/metrics");

    @TempDir
    Path tmp;

    private String previousConfigHome;

    @BeforeEach
    void ownSettings() {
        previousConfigHome = System.getProperty(AppPaths.CONFIG_HOME_PROPERTY);
        System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, tmp.resolve("config").toString());
    }

    @AfterEach
    void restore() {
        if (previousConfigHome == null) {
            System.clearProperty(AppPaths.CONFIG_HOME_PROPERTY);
        } else {
            System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, previousConfigHome);
        }
    }

    private static void save(Map<String, String> values) throws Exception {
        UiSettings settings = UiSettings.empty();
        values.forEach(settings::put);
        settings.save(AppPaths.fromEnvironment().configDir());
    }

    /** A collect run in the background, with the endpoint's address read from its stderr. */
    private record Running(CompletableFuture<Integer> exit, StringWriter err, String host, int port) {}

    private Running start(String... args) throws Exception {
        CommandLine cl = GridscopeCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
        for (int i = 0; i < 200; i++) {
            Matcher m = SERVING.matcher(err.toString());
            if (m.find()) {
                return new Running(exit, err, m.group(1), Integer.parseInt(m.group(2)));
            }
            if (exit.isDone()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no endpoint started: " + err);
    }

    private static String scrapeUntil(int port, String expected) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String body = "";
        for (int i = 0; i < 60 && !body.contains(expected); i++) {
            Thread.sleep(100);
            body = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        return body;
    }

    @Test
    void servesTheLatestValuesWithHelpThatSaysWhatEachMetricMeans() throws Exception {
        Running run = start(
                "collect",
                "--duration",
                "4s",
                "--exporter-port",
                "0",
                "--data-dir",
                tmp.resolve("exp").toString());
        assertThat(run.host()).isEqualTo("127.0.0.1");
        String body = scrapeUntil(run.port(), "gridscope_host_cpu_utilization_ratio{");
        assertThat(body)
                .contains("gridscope_host_cpu_utilization_ratio{")
                .contains("gridscope_host_memory_total_bytes")
                .contains("# HELP gridscope_host_cpu_utilization_ratio Fraction of CPU time spent busy");
        Map<String, String> help = new LinkedHashMap<>();
        body.lines().filter(l -> l.startsWith("# HELP ")).forEach(l -> {
            String[] parts = l.split(" ", 4);
            help.put(parts[2], parts.length > 3 ? parts[3] : "");
        });
        assertThat(help).hasSizeGreaterThan(10);
        assertThat(help)
                .allSatisfy((name, text) -> assertThat(text)
                        .as(name)
                        .doesNotContain(name.replaceFirst("^gridscope_", ""))
                        .matches("[A-Z0-9].{15,}"));
        assertThat(run.err().toString()).doesNotContain("warning");
        assertThat(run.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aTakenPortThatWasAskedForIsAnErrorAndNothingIsCollected() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path dir = tmp.resolve("busy");
            CliTest.Result r = CliTest.run(
                    "collect",
                    "--duration",
                    "1s",
                    "--exporter-port",
                    Integer.toString(taken.getLocalPort()),
                    "--data-dir",
                    dir.toString());
            assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
            assertThat(r.err().lines().toList())
                    .singleElement()
                    .asString()
                    .startsWith("gridscope: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .contains("--exporter-port");
            assertThat(r.out()).isEmpty();
            assertThat(dir).doesNotExist();

            save(Map.of(
                    CollectionSettings.KEY_EXPORTER_ENABLED,
                    "true",
                    CollectionSettings.KEY_EXPORTER_PORT,
                    Integer.toString(taken.getLocalPort())));
            CliTest.Result fromSettings = CliTest.run("collect", "--duration", "1s", "--data-dir", dir.toString());
            assertThat(fromSettings.exitCode()).isEqualTo(ExitCodes.IO);
            assertThat(fromSettings.err()).startsWith("gridscope: cannot serve metrics on 127.0.0.1:");
            assertThat(dir).doesNotExist();
        }
        assertThat(CliTest.run("collect", "--exporter-port", "70000").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void listeningBeyondLoopbackIsAllowedWithAWarning() throws Exception {
        Running run = start(
                "collect",
                "--duration",
                "3s",
                "--exporter-port",
                "0",
                "--exporter-address",
                "0.0.0.0",
                "--data-dir",
                tmp.resolve("fleet").toString());
        assertThat(run.host()).isEqualTo("0.0.0.0");
        assertThat(run.err().toString())
                .contains("gridscope: warning: the Prometheus endpoint listens on 0.0.0.0, beyond this machine");
        assertThat(scrapeUntil(run.port(), "gridscope_host_memory_total_bytes"))
                .contains("gridscope_host_memory_total_bytes");
        assertThat(run.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void theSavedAddressIsTheDefaultAndTheOptionWins() throws Exception {
        save(Map.of(
                CollectionSettings.KEY_EXPORTER_ENABLED,
                "true",
                CollectionSettings.KEY_EXPORTER_PORT,
                "0",
                CollectionSettings.KEY_EXPORTER_ADDRESS,
                "0.0.0.0"));
        Running saved = start(
                "collect", "--duration", "1s", "--data-dir", tmp.resolve("a").toString());
        assertThat(saved.host()).isEqualTo("0.0.0.0");
        assertThat(saved.err().toString()).contains("beyond this machine");
        assertThat(saved.exit().get(30, TimeUnit.SECONDS)).isZero();

        Running given = start(
                "collect",
                "--duration",
                "1s",
                "--exporter-address",
                "127.0.0.1",
                "--data-dir",
                tmp.resolve("b").toString());
        assertThat(given.host()).isEqualTo("127.0.0.1");
        assertThat(given.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(given.err().toString()).doesNotContain("beyond this machine");
    }

    @Test
    void anAddressWithoutAnEndpointOrThatIsNotAnAddressIsAUsageError() {
        CliTest.Result off = CliTest.run(
                "collect", "--duration", "1s", "--exporter-address", "0.0.0.0", "--data-dir", tmp.toString());
        assertThat(off.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(off.err()).startsWith("gridscope: --exporter-address needs --exporter-port");

        CliTest.Result bad = CliTest.run(
                "collect",
                "--exporter-port",
                "0",
                "--exporter-address",
                "not an address",
                "--data-dir",
                tmp.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("gridscope: invalid --exporter-address 'not an address'");
    }
}
