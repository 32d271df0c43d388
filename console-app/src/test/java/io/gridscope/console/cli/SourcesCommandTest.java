package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.testsupport.LoopbackServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sources list|add|remove} against a real ui.properties in a temporary configuration directory. */
class SourcesCommandTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    private String previousConfigHome;
    private Path configDir;
    private Path file;

    @BeforeEach
    void setUp() {
        previousConfigHome = System.getProperty(AppPaths.CONFIG_HOME_PROPERTY);
        System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, tmp.resolve("config").toString());
        configDir = AppPaths.fromEnvironment().configDir();
        file = configDir.resolve(UiSettings.FILE_NAME);
    }

    @AfterEach
    void tearDown() {
        if (previousConfigHome == null) {
            System.clearProperty(AppPaths.CONFIG_HOME_PROPERTY);
        } else {
            System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, previousConfigHome);
        }
    }

    @Test
    void addListAndRemoveGoThroughUiProperties() throws Exception {
        CliTest.Result empty = CliTest.run("sources", "list");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(empty.out()).isEqualTo("No sources." + NL);
        assertThat(file).doesNotExist();

        CliTest.Result node = CliTest.run("sources", "add", "node", "http://127.0.0.1:9100/metrics");
        assertThat(node.exitCode()).as(node.err()).isZero();
        assertThat(node.out())
                .isEqualTo("Added source node: exporter http://127.0.0.1:9100/metrics, preset node_exporter, scraped "
                        + "every 15s, auth none." + NL);
        assertThat(node.err()).isEqualTo(SourcesCommand.CONSOLE_NOTE + NL);
        CliTest.Result prom =
                CliTest.run("sources", "add", "prom", "https://prom.example:9090", "--server", "--interval", "1m");
        assertThat(prom.exitCode()).as(prom.err()).isZero();
        assertThat(file).isRegularFile();

        CliTest.Result list = CliTest.run("sources", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.err()).isEmpty();
        assertThat(list.out().lines())
                .containsExactly(
                        "ID    TYPE      URL                            PRESET         INTERVAL  AUTH",
                        "node  exporter  http://127.0.0.1:9100/metrics  node_exporter  15s       none",
                        "prom  server    https://prom.example:9090      -              1m        none");

        CliTest.Result json = CliTest.run("sources", "list", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out())
                .startsWith("[ {")
                .contains("\"id\" : \"node\"", "\"type\" : \"exporter\"", "\"preset\" : \"node_exporter\"")
                .contains("\"id\" : \"prom\"", "\"type\" : \"server\"", "\"preset\" : null", "\"interval\" : \"1m\"")
                .contains("\"kind\" : \"none\"", "\"insecureSkipTlsVerify\" : false");

        CliTest.Result removed = CliTest.run("sources", "remove", "node");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out())
                .isEqualTo("Removed source node (exporter http://127.0.0.1:9100/metrics); what it collected stays in "
                        + "the history." + NL);
        assertThat(removed.err()).isEqualTo(SourcesCommand.CONSOLE_NOTE + NL);
        assertThat(UiSettings.load(configDir).keys()).noneMatch(k -> k.startsWith("source.node."));
        assertThat(CliTest.run("sources", "list").out().lines())
                .hasSize(2)
                .last()
                .asString()
                .startsWith("prom ");
        assertThat(CliTest.run("sources", "remove", "prom").out()).contains("its history stays on the server");
        assertThat(CliTest.run("sources", "list").out()).isEqualTo("No sources." + NL);
    }

    @Test
    void theConsolesLoaderReadsWhatTheCommandLineAddedAndOtherSettingsAreKept() throws Exception {
        UiSettings before = UiSettings.empty();
        before.put("page", "HOSTS");
        before.put("theme", "dark");
        before.save(configDir);
        Path passwordFile = Files.writeString(tmp.resolve("gpu7.password"), "hunter2\n");

        CliTest.Result r = CliTest.run(
                "sources",
                "add",
                "gpu7",
                "https://10.0.0.7:9400/metrics",
                "--preset",
                "dcgm",
                "--interval",
                "30s",
                "--insecure-skip-tls-verify",
                "--basic-auth",
                "admin",
                "--password-file",
                passwordFile.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        UiSettings after = UiSettings.load(configDir);
        assertThat(after.get("page")).contains("HOSTS");
        assertThat(after.get("theme")).contains("dark");
        assertThat(SourceSpec.loadAll(after))
                .containsExactly(SourceSpec.of(
                        "gpu7",
                        SourceSpec.Type.EXPORTER,
                        "https://10.0.0.7:9400/metrics",
                        ScrapePreset.Kind.DCGM_EXPORTER,
                        "30s",
                        new SourceAuth(SourceAuth.Kind.BASIC, "admin", Optional.empty(), Optional.of(passwordFile)),
                        true));
        assertThat(CliTest.run("sources", "list").out())
                .contains("basic admin (file " + passwordFile + ")  [TLS not verified]");
    }

    @Test
    void everyProblemIsNamedAfterItsOptionAndNothingIsWritten() {
        CliTest.Result r = CliTest.run(
                "sources", "add", "bad id", "ftp://example.org/metrics", "--interval", "500ms", "--basic-auth", "a:b");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines())
                .containsExactly(
                        "gridscope: ID 'bad id': 1–64 letters, digits, '.', '_' or '-'",
                        "gridscope: URL: must be http or https: ftp://example.org/metrics",
                        "gridscope: --interval '500ms': at least 1s",
                        "gridscope: --basic-auth: a user name without ':'",
                        "gridscope: --password-file: needed with --basic-auth, a file holding the password (a secret "
                                + "is never taken on the command line)",
                        "Try 'gridscope sources add --help' for more information.");
        assertThat(file).doesNotExist();

        assertThat(CliTest.run("sources", "add", "n", "http://h:1/metrics", "--interval", "soon")
                        .err())
                .startsWith("gridscope: --interval 'soon': not a duration (e.g. 15s, 1m)" + NL);
        assertThat(CliTest.run("sources", "add", "n", "http://user:pw@h:1/metrics")
                        .err())
                .startsWith("gridscope: URL: put credentials in the source's authentication, not in the URL" + NL);
        assertThat(CliTest.run("sources", "add", "n", "http://h:1/metrics", "--bearer-token-file", "token.txt")
                        .err())
                .startsWith("gridscope: --bearer-token-file: must be an absolute path" + NL);
        assertThat(CliTest.run("sources", "add", "n", "http://h:1/metrics", "--bearer-token-file", "")
                        .err())
                .startsWith("gridscope: --bearer-token-file: empty; give the absolute path of a file holding the token"
                        + NL);
        assertThat(CliTest.run(
                                "sources",
                                "add",
                                "n",
                                "http://h:1",
                                "--bearer-token-file",
                                "/t",
                                "--basic-auth",
                                "u",
                                "--password-file",
                                "/p")
                        .err())
                .startsWith("gridscope: --bearer-token-file and --basic-auth: give one of them, not both" + NL);
        assertThat(CliTest.run("sources", "add", "n", "http://h:1/metrics", "--password-file", "/p")
                        .err())
                .startsWith("gridscope: --password-file: goes with --basic-auth USER" + NL);
        assertThat(CliTest.run("sources", "add", "n", "http://h:9090", "--server", "--preset", "raw")
                        .err())
                .startsWith("gridscope: --preset: for an exporter only");
        CliTest.Result preset = CliTest.run("sources", "add", "n", "http://h:1/metrics", "--preset", "snmp");
        assertThat(preset.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(preset.err())
                .startsWith("gridscope: Invalid value for option '--preset': 'snmp' is not a preset: node_exporter, "
                        + "dcgm_exporter or raw");
        assertThat(CliTest.run("sources", "add", "n").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(file).doesNotExist();
    }

    @Test
    void aSavedIdIsRefusedUnlessReplaced() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "t0k3n");
        assertThat(CliTest.run(
                                "sources",
                                "add",
                                "node",
                                "http://10.0.0.1:9100/metrics",
                                "--bearer-token-file",
                                token.toString())
                        .exitCode())
                .isZero();
        String saved = Files.readString(file);

        CliTest.Result again = CliTest.run("sources", "add", "node", "http://10.0.0.2:9100/metrics");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(again.err())
                .isEqualTo("gridscope: a source named node is saved already (exporter http://10.0.0.1:9100/metrics): "
                        + "give --replace to replace it" + NL);
        assertThat(again.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(saved);

        CliTest.Result replaced =
                CliTest.run("sources", "add", "node", "http://10.0.0.2:9100/metrics", "--preset", "raw", "--replace");
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(replaced.out()).startsWith("Replaced source node: exporter http://10.0.0.2:9100/metrics");
        assertThat(SourceSpec.loadAll(UiSettings.load(configDir)))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.url()).hasToString("http://10.0.0.2:9100/metrics");
                    assertThat(s.preset()).isEqualTo(ScrapePreset.Kind.RAW);
                    assertThat(s.auth()).isEqualTo(SourceAuth.NONE);
                });
        assertThat(Files.readString(file)).doesNotContain(token.toString());
    }

    @Test
    void aSecretFileIsSavedByItsPathAndTheSecretAppearsNowhere() throws Exception {
        String secret = "s3cr3t-b3ar3r-t0k3n";
        Path token = Files.writeString(tmp.resolve("prom.token"), secret + "\n");

        CliTest.Result add = CliTest.run(
                "sources", "add", "prom", "http://127.0.0.1:9090", "--server", "--bearer-token-file", token.toString());
        CliTest.Result list = CliTest.run("sources", "list");
        CliTest.Result json = CliTest.run("sources", "list", "--json");

        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("auth bearer (file " + token + ")");
        assertThat(list.out()).contains("bearer (file " + token + ")");
        assertThat(json.out()).contains("\"kind\" : \"bearer\"", "\"secretFile\" : \"" + token + "\"");
        String properties = Files.readString(file);
        assertThat(properties).contains("source.prom.secretFile=" + token).doesNotContain(secret);
        for (CliTest.Result r : new CliTest.Result[] {add, list, json}) {
            assertThat(r.out() + r.err()).doesNotContain(secret);
        }
        assertThat(SourceSpec.loadAll(UiSettings.load(configDir)))
                .singleElement()
                .satisfies(s -> assertThat(s.auth().secretFile()).contains(token));
    }

    @Test
    void aSecretFileThatCannotBeReadNowIsSavedWithAWarning() {
        Path missing = tmp.resolve("absent.token");

        CliTest.Result r =
                CliTest.run("sources", "add", "n", "http://h:1/metrics", "--bearer-token-file", missing.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err())
                .startsWith("gridscope: warning: --bearer-token-file " + missing + " is not a file this user can read "
                        + "now");
        assertThat(SourceSpec.loadAll(UiSettings.load(configDir))).hasSize(1);
    }

    @Test
    void removingAnUnknownIdFailsWithExitOne() {
        CliTest.Result none = CliTest.run("sources", "remove", "ghost");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err())
                .isEqualTo("gridscope: no source named ghost in " + file + " (no sources are saved)" + NL);
        assertThat(file).doesNotExist();

        assertThat(CliTest.run("sources", "add", "node", "http://h:9100/metrics")
                        .exitCode())
                .isZero();
        CliTest.Result other = CliTest.run("sources", "remove", "nod");
        assertThat(other.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(other.err()).isEqualTo("gridscope: no source named nod in " + file + " (saved: node)" + NL);
        assertThat(SourceSpec.loadAll(UiSettings.load(configDir))).hasSize(1);
    }

    @Test
    void aSavedSourceTheLoaderSkipsIsListedAsAWarningAndCanBeRemoved() throws Exception {
        UiSettings settings = UiSettings.empty();
        settings.put("source.broken.url", "http://h:1/metrics");
        settings.put("source.broken.interval", "every now and then");
        settings.save(configDir);

        CliTest.Result list = CliTest.run("sources", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).isEqualTo("No sources." + NL);
        assertThat(list.err())
                .isEqualTo("gridscope: warning: saved source broken is not valid and is ignored by collect and the "
                        + "console; remove it with: gridscope sources remove broken" + NL);

        CliTest.Result removed = CliTest.run("sources", "remove", "broken");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).isEqualTo("Removed source broken; what it collected stays in the history." + NL);
        assertThat(UiSettings.load(configDir).keys()).isEmpty();
    }

    @Test
    void aSettingsFileThatCannotBeReadIsNeverReplaced() throws Exception {
        Files.createDirectories(configDir);
        String big = "page=HOSTS\n" + "# padding\n".repeat(8_000);
        Files.writeString(file, big);

        CliTest.Result add = CliTest.run("sources", "add", "node", "http://h:9100/metrics");
        CliTest.Result list = CliTest.run("sources", "list");

        assertThat(add.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(add.err()).isEqualTo("gridscope: " + file + " is larger than 65536 bytes" + NL);
        assertThat(list.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(Files.readString(file)).isEqualTo(big);
    }

    @Test
    void collectScrapesASourceAddedOnTheCommandLine() throws Exception {
        String metrics = """
                # TYPE rack_inlet_temperature_celsius gauge
                rack_inlet_temperature_celsius{sensor="front"} 23.5
                """;
        try (LoopbackServer exporter = LoopbackServer.serving("/metrics", "text/plain; version=0.0.4", metrics)) {
            CliTest.Result add = CliTest.run(
                    "sources",
                    "add",
                    "rack7",
                    exporter.uri("/metrics").toString(),
                    "--preset",
                    "raw",
                    "--interval",
                    "1s");
            assertThat(add.exitCode()).as(add.err()).isZero();
            assertThat(CollectionSettings.load(UiSettings.load(configDir)).sources())
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.id()).isEqualTo("rack7");
                        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(1));
                    });

            CliTest.Result collect = CliTest.run(
                    "collect",
                    "--duration",
                    "3s",
                    "--data-dir",
                    tmp.resolve("data").toString());

            assertThat(collect.exitCode()).as(collect.err()).isZero();
            assertThat(collect.out()).contains("prometheus:rack7 ok");
        }
    }

    @Test
    void aBareSourcesCommandSaysWhatIsMissingAndTheHelpWarnsAboutAnOpenConsole() {
        CliTest.Result bare = CliTest.run("sources");
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.err().lines().findFirst()).hasValue("gridscope: sources needs a command: list, add or remove");

        for (String sub : new String[] {"add", "remove"}) {
            CliTest.Result help = CliTest.run("sources", sub, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out())
                    .as(sub)
                    .contains("A console that is open now keeps its")
                    .contains("restart a" + NL + "running collect");
        }
        assertThat(CliTest.run("--help").out()).contains("sources");
    }
}
