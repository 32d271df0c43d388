package io.gridscope.console.ui.secrets;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.CollectorState;
import io.gridscope.console.app.LiveBackend;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.secrets.EncryptedFileSecretStore;
import io.gridscope.console.app.secrets.PrivateKeyrings;
import io.gridscope.console.app.secrets.SecretRef;
import io.gridscope.console.app.secrets.SecretStoreKind;
import io.gridscope.console.app.secrets.SecretVault;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.testsupport.LoopbackServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.PasswordField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Sources form's "Keep typed secret in" choice, end to end: this session only, the desktop keyring (a real GNOME
 * Keyring on a private bus) and the encrypted file, each against an exporter on loopback that wants the token, and a
 * second console start that finds the kept secret (the file after its passphrase is given in Settings).
 */
class SecretStoreChoiceTest {
    private static final String TOKEN = "tok-choice-7d1e0c5a";

    @TempDir
    Path home;

    private ConsoleWindow window;
    private LoopbackServer exporter;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final FxRobot robot = new FxRobot();

    private void startExporter() throws Exception {
        exporter = new LoopbackServer().handle("/metrics", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            if (("Bearer " + TOKEN).equals(auth)) {
                LoopbackServer.respond(ex, 200, "text/plain; version=0.0.4", "up_test 1\n");
            } else {
                LoopbackServer.respond(ex, 401, "text/plain", "unauthorized\n");
            }
        });
    }

    private void open(
            UiSettings settings, java.util.function.Function<io.gridscope.console.app.AppPaths, SecretVault> vault)
            throws Exception {
        window = ConsoleWindow.open(
                        home, home.resolve("data"), settings, p -> new LiveBackend(p, Clock.systemUTC()), vault)
                .awaitStarted();
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    private void fillForm(String id) throws Exception {
        window.set("#sourceId", id);
        window.set("#sourceUrl", exporter.uri("/metrics").toString());
        window.set("#sourceInterval", "1s");
        fx(() -> {
            robot.lookup("#sourceAuth").<ChoiceBox<SourceAuth.Kind>>query().setValue(SourceAuth.Kind.BEARER);
            robot.lookup("#sourceToken").queryAs(PasswordField.class).setText(TOKEN);
            return null;
        });
    }

    private void choose(SecretStoreKind kind) throws Exception {
        fx(() -> {
            robot.lookup("#sourceSecretStore")
                    .<ChoiceBox<SecretStoreKind>>query()
                    .setValue(kind);
            return null;
        });
    }

    private List<SecretStoreKind> choices() throws Exception {
        return fx(() -> List.copyOf(robot.lookup("#sourceSecretStore")
                .<ChoiceBox<SecretStoreKind>>query()
                .getItems()));
    }

    private void awaitUp(String id) throws Exception {
        // the encrypted file's key derivation (600 000 PBKDF2 rounds) may come first: seconds on a loaded machine
        WaitForAsyncUtils.waitFor(
                90,
                TimeUnit.SECONDS,
                () -> fx(() -> window.app().viewModel().statuses().stream()
                        .anyMatch(s -> s.collectorId().equals("prometheus:" + id) && s.state() == CollectorState.OK)));
    }

    private String savedSettings() throws Exception {
        return Files.readString(window.paths().configDir().resolve(UiSettings.FILE_NAME));
    }

    private UiSettings reopenSettings() {
        UiSettings s = UiSettings.load(window.paths().configDir());
        return s;
    }

    @Test
    void aTokenKeptInTheDesktopKeyringSurvivesARestartAndNeverReachesTheSettings() throws Exception {
        try (PrivateKeyrings.Handle keyring = PrivateKeyrings.start(home.resolve("keyring"))) {
            startExporter();
            UiSettings s = UiSettings.empty();
            s.put("page", "SOURCES");
            open(s, p -> new SecretVault(p.configDir(), Optional.of(keyring.store())));
            // the keyring answered: it is offered, and chosen, as nothing else was chosen before
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> choices().contains(SecretStoreKind.KEYRING));
            assertThat(choices())
                    .containsExactly(SecretStoreKind.SESSION, SecretStoreKind.KEYRING, SecretStoreKind.ENCRYPTED_FILE);
            WaitForAsyncUtils.waitFor(
                    5,
                    TimeUnit.SECONDS,
                    () -> fx(() -> robot.lookup("#sourceSecretStore")
                                    .<ChoiceBox<SecretStoreKind>>query()
                                    .getValue())
                            == SecretStoreKind.KEYRING);
            assertThat(window.visible("#sourceSecretsPassphrase")).isFalse();
            fillForm("node1");
            window.fire("#addSource");
            awaitUp("node1");
            WaitForAsyncUtils.waitFor(
                    10, TimeUnit.SECONDS, () -> savedSettings().contains("source.node1.secretRef"));
            assertThat(savedSettings())
                    .contains("source.node1.secretRef=keyring\\:source-token/node1")
                    .doesNotContain(TOKEN);
            assertThat(new String(keyring.store()
                            .get(SecretRef.source(SecretStoreKind.KEYRING, "node1"))
                            .orElseThrow()))
                    .isEqualTo(TOKEN);
            assertThat(window.text("#sourceResult")).contains("kept in the desktop keyring");
            UiSettings after = reopenSettings();
            window.close();
            window = null;

            // a new start reads the token from the keyring and the source comes up without a question
            authorizations.clear();
            open(after, p -> new SecretVault(p.configDir(), Optional.of(keyring.store())));
            awaitUp("node1");
            assertThat(authorizations).contains("Bearer " + TOKEN);
        }
    }

    @Test
    void aTokenKeptInTheEncryptedFileAsksForThePassphraseOncePerStart() throws Exception {
        startExporter();
        UiSettings s = UiSettings.empty();
        s.put("page", "SOURCES");
        // no keyring here: session and file are offered
        open(s, p -> new SecretVault(p.configDir(), Optional.empty()));
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> window.app().secrets().keyringStatusProperty().get())
                        .equals("not used"));
        assertThat(choices()).containsExactly(SecretStoreKind.SESSION, SecretStoreKind.ENCRYPTED_FILE);

        // this session only: nothing kept, nothing referenced
        fillForm("session1");
        choose(SecretStoreKind.SESSION);
        window.fire("#addSource");
        awaitUp("session1");
        assertThat(window.text("#sourceResult")).contains("kept for this session only");

        fillForm("node2");
        choose(SecretStoreKind.ENCRYPTED_FILE);
        assertThat(window.visible("#sourceSecretsPassphrase")).isTrue();
        window.set("#sourceSecretsPassphrase", "a long passphrase");
        window.fire("#addSource");
        awaitUp("node2");
        Path file = window.paths().configDir().resolve(EncryptedFileSecretStore.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(TOKEN);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> savedSettings().contains("source.node2.secretRef"));
        assertThat(savedSettings())
                .contains("source.node2.secretRef=file\\:source-token/node2")
                .doesNotContain("source.session1.secretRef")
                .doesNotContain(TOKEN)
                .doesNotContain("a long passphrase");
        assertThat(window.visible("#sourceSecretsPassphrase"))
                .as("asked once per start")
                .isFalse();
        UiSettings after = reopenSettings();
        window.close();
        window = null;

        // next start: node2 waits for the passphrase; given in Settings → Secrets, it comes up
        after.put("page", "SETTINGS");
        open(after, p -> new SecretVault(p.configDir(), Optional.empty()));
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> window.app().viewModel().statuses().stream()
                        .anyMatch(st -> st.collectorId().equals("prometheus:node2")
                                && st.state() == CollectorState.FAILED
                                && st.message().contains("encrypted file is locked"))));
        assertThat(window.text("#secretFileStatus")).startsWith("locked: ");
        window.set("#secretsPassphrase", "wrong passphrase");
        window.fire("#unlockSecrets");
        WaitForAsyncUtils.waitFor(
                90, TimeUnit.SECONDS, () -> window.text("#secretsOutcome").contains("wrong passphrase"));
        window.set("#secretsPassphrase", "a long passphrase");
        window.fire("#unlockSecrets");
        awaitUp("node2");
        assertThat(window.text("#secretFileStatus")).startsWith("unlocked: ");

        // forgetting empties the file: a later start would need the token typed again
        window.fire("#forgetSecrets");
        WaitForAsyncUtils.waitFor(
                90, TimeUnit.SECONDS, () -> window.text("#secretsOutcome").contains("1 in the encrypted file"));
    }
}
