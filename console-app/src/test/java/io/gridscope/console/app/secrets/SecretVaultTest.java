package io.gridscope.console.app.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.secrets.SecretStoreException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a source's stored secret, as the console and {@code collect} (headless, with a passphrase file) do. */
class SecretVaultTest {
    @TempDir
    Path dir;

    private final SourceAuth stored = new SourceAuth(SourceAuth.Kind.BEARER, "", Optional.empty(), Optional.empty())
            .storedIn(SecretRef.source(SecretStoreKind.ENCRYPTED_FILE, "node1"));

    private void storeToken() throws Exception {
        SecretVault console = new SecretVault(dir, Optional.empty());
        console.unlockFile("the passphrase".toCharArray());
        console.store(SecretStoreKind.ENCRYPTED_FILE)
                .put(SecretRef.source(SecretStoreKind.ENCRYPTED_FILE, "node1"), "tok-1".toCharArray());
    }

    @Test
    void collectReadsTheEncryptedFileWithThePassphraseFileTheEnvironmentNames() throws Exception {
        storeToken();
        Path passphrase = dir.resolve("passphrase");
        Files.writeString(passphrase, "the passphrase\n");
        SecretVault headless =
                SecretVault.forHeadless(dir, Map.of(SecretVault.PASSPHRASE_FILE_ENV, passphrase.toString()));
        assertThat(stored.resolvedWith(headless).secret()).contains("tok-1");
        assertThat(stored.resolvedWith(headless).credentials().authorizationHeader())
                .contains("Bearer tok-1");
    }

    @Test
    void withoutThePassphraseFileTheSourceSaysWhatIsMissing() throws Exception {
        storeToken();
        SecretVault headless = SecretVault.forHeadless(dir, Map.of());
        assertThatThrownBy(() -> stored.resolvedWith(headless))
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("encrypted file is locked")
                .hasMessageContaining(SecretVault.PASSPHRASE_FILE_ENV);
    }

    @Test
    void aWrongOrMissingPassphraseFileIsAnError() throws Exception {
        storeToken();
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not the passphrase");
        assertThatThrownBy(
                        () -> SecretVault.forHeadless(dir, Map.of(SecretVault.PASSPHRASE_FILE_ENV, wrong.toString())))
                .satisfies(e -> assertThat(((SecretStoreException) e).reason()).isEqualTo(Reason.WRONG_PASSPHRASE));
        assertThatThrownBy(() -> SecretVault.forHeadless(
                        dir,
                        Map.of(
                                SecretVault.PASSPHRASE_FILE_ENV,
                                dir.resolve("absent").toString())))
                .hasMessageContaining("cannot read");
    }

    @Test
    void aSecretTheStoreNoLongerHoldsAsksForItAgain() throws Exception {
        SecretVault vault = new SecretVault(dir, Optional.empty());
        vault.unlockFile("the passphrase".toCharArray());
        assertThatThrownBy(() -> stored.resolvedWith(vault))
                .hasMessageContaining("holds no secret for node1; enter it again");
    }

    @Test
    void forgettingALockedFileDeletesIt() throws Exception {
        storeToken();
        SecretVault locked = new SecretVault(dir, Optional.empty());
        assertThat(locked.forgetAll()).contains("the encrypted file deleted");
        assertThat(locked.fileExists()).isFalse();
    }
}
