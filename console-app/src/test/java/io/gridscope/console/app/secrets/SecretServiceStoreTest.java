package io.gridscope.console.app.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.console.app.secrets.SecretStoreException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The keyring store against a real GNOME Keyring on a private session bus. */
@Timeout(120)
class SecretServiceStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesReadsReplacesAndDeletesInARealGnomeKeyring() throws Exception {
        try (PrivateKeyring keyring = PrivateKeyring.start(dir)) {
            SecretServiceStore store = keyring.store(Duration.ofSeconds(5));
            assertThat(store.probe()).isEqualTo("desktop keyring, collection login");
            // dh-ietf where the service offers it; Debian 12's gnome-keyring-daemon with only the secrets component
            // answers NotSupported, and then the plain transfer over the private bus is used
            assertThat(store.lastTransfer()).isIn(SecretServiceStore.ALGORITHM, SecretServiceStore.PLAIN);
            System.out.println("Secret Service transfer algorithm: " + store.lastTransfer());
            SecretRef node1 = SecretRef.source(SecretStoreKind.KEYRING, "node1");
            SecretRef node2 = SecretRef.source(SecretStoreKind.KEYRING, "node2");
            assertThat(store.get(node1)).isEmpty();

            store.put(node1, "tok-ÄÖ-node1-π".toCharArray());
            store.put(node2, "second".toCharArray());
            assertThat(new String(store.get(node1).orElseThrow())).isEqualTo("tok-ÄÖ-node1-π");
            // a second store (a new connection and DH session) reads the same item
            assertThat(new String(
                            keyring.store(Duration.ofSeconds(5)).get(node2).orElseThrow()))
                    .isEqualTo("second");

            store.put(node1, "replaced".toCharArray());
            assertThat(new String(store.get(node1).orElseThrow())).isEqualTo("replaced");

            store.delete(node1);
            assertThat(store.get(node1)).isEmpty();
            assertThat(new String(store.get(node2).orElseThrow())).isEqualTo("second");
            store.delete(node1); // nothing left: no error

            store.put(node1, "again".toCharArray());
            assertThat(store.deleteAll()).isEqualTo(2);
            assertThat(store.get(node1)).isEmpty();
            assertThat(store.get(node2)).isEmpty();
        }
    }

    @Test
    void aLockedKeyringWhosePromptCannotBeShownIsALockedErrorNotAHang() throws Exception {
        try (PrivateKeyring keyring = PrivateKeyring.start(dir)) {
            SecretServiceStore store = keyring.store(Duration.ofSeconds(3));
            SecretRef ref = SecretRef.source(SecretStoreKind.KEYRING, "locked");
            store.put(ref, "before-lock".toCharArray());
            store.lockDefaultCollection();
            // no prompter on this bus: gnome-keyring cannot ask for the password, so unlocking fails or times out
            assertThatThrownBy(() -> store.get(ref))
                    .isInstanceOf(SecretStoreException.class)
                    .satisfies(
                            e -> assertThat(((SecretStoreException) e).reason()).isEqualTo(Reason.LOCKED))
                    .hasMessageContaining("keyring");
        }
    }

    @Test
    void aBusWithoutASecretServiceIsUnavailable() throws Exception {
        try (PrivateKeyring bus = PrivateKeyring.busOnly(dir)) {
            assertThatThrownBy(() -> bus.store(Duration.ofSeconds(1)).probe())
                    .isInstanceOf(SecretStoreException.class)
                    .hasMessage(SecretServiceStore.NO_SERVICE)
                    .satisfies(
                            e -> assertThat(((SecretStoreException) e).reason()).isEqualTo(Reason.UNAVAILABLE));
        }
    }

    @Test
    void noSessionBusIsUnavailable() {
        SecretServiceStore store = SecretServiceStore.fromEnvironment(Map.of());
        assertThatThrownBy(store::probe)
                .isInstanceOf(SecretStoreException.class)
                .hasMessage(SecretServiceStore.NO_SESSION_BUS);
    }

    @Test
    void hkdfMatchesRfc5869TestCase3() throws Exception {
        // RFC 5869 A.3: SHA-256, IKM = 22 x 0x0b, empty salt and info, L = 42
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        assertThat(HexFormat.of().formatHex(SecretServiceStore.hkdfSha256(ikm, 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void theDhGroupIsTheRfc2409SecondOakleyGroup() {
        assertThat(SecretServiceStore.PRIME.bitLength()).isEqualTo(1024);
        assertThat(SecretServiceStore.PRIME.isProbablePrime(64)).isTrue();
        // a safe prime: (p - 1) / 2 is prime too
        assertThat(SecretServiceStore.PRIME.shiftRight(1).isProbablePrime(64)).isTrue();
    }
}
