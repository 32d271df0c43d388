package io.gridscope.console.app.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.console.app.secrets.SecretStoreException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedFileSecretStoreTest {
    /** Few iterations keep the tests fast; the default is checked on its own. */
    private static final int FAST = EncryptedFileSecretStore.MIN_ITERATIONS;

    private static final char[] PASSPHRASE = "correct horse battery".toCharArray();
    private static final String TOKEN = "tok-GSv9-1f4c2e7d-distinct";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(EncryptedFileSecretStore.FILE_NAME);
    }

    private EncryptedFileSecretStore open(char[] passphrase) throws SecretStoreException {
        return EncryptedFileSecretStore.unlock(file(), passphrase, FAST);
    }

    private static SecretRef ref(String name) {
        return SecretRef.source(SecretStoreKind.ENCRYPTED_FILE, name);
    }

    @Test
    void secretsSurviveReopeningAndCanBeReplacedDeletedAndForgotten() throws Exception {
        EncryptedFileSecretStore store = open(PASSPHRASE);
        assertThat(Files.exists(file()))
                .as("nothing written before the first secret")
                .isFalse();
        store.put(ref("node1"), TOKEN.toCharArray());
        store.put(ref("node2"), "pässwörd ✓".toCharArray());

        EncryptedFileSecretStore reopened = open(PASSPHRASE);
        assertThat(new String(reopened.get(ref("node1")).orElseThrow())).isEqualTo(TOKEN);
        assertThat(new String(reopened.get(ref("node2")).orElseThrow())).isEqualTo("pässwörd ✓");
        assertThat(reopened.get(ref("node3"))).isEmpty();

        reopened.put(ref("node1"), "replaced".toCharArray());
        assertThat(new String(store.get(ref("node1")).orElseThrow())).isEqualTo("replaced");
        store.delete(ref("node1"));
        assertThat(reopened.get(ref("node1"))).isEmpty();
        assertThat(store.deleteAll()).isEqualTo(1);
        assertThat(open(PASSPHRASE).get(ref("node2"))).isEmpty();
    }

    @Test
    void theFileIsPrivateHoldsNoPlaintextAndLeavesNoTemporaryFiles() throws Exception {
        open(PASSPHRASE).put(ref("node1"), TOKEN.toCharArray());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
        byte[] bytes = Files.readAllBytes(file());
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .doesNotContain(TOKEN)
                .doesNotContain("node1")
                .doesNotContain("source-token")
                .startsWith("GSSECRET");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(EncryptedFileSecretStore.FILE_NAME, "secrets.enc.lock");
        }
    }

    @Test
    void everyWriteUsesAFreshNonce() throws Exception {
        EncryptedFileSecretStore store = open(PASSPHRASE);
        store.put(ref("node1"), TOKEN.toCharArray());
        byte[] first = Files.readAllBytes(file());
        store.put(ref("node1"), TOKEN.toCharArray());
        byte[] second = Files.readAllBytes(file());
        assertThat(second.length).isEqualTo(first.length);
        int nonceAt = nonceOffset();
        assertThat(Arrays.copyOfRange(second, nonceAt, nonceAt + 12))
                .isNotEqualTo(Arrays.copyOfRange(first, nonceAt, nonceAt + 12));
        assertThat(Arrays.copyOfRange(second, nonceAt + 16, second.length))
                .isNotEqualTo(Arrays.copyOfRange(first, nonceAt + 16, first.length));
        assertThat(Arrays.copyOfRange(second, 0, nonceAt))
                .as("same salt, iterations and check")
                .isEqualTo(Arrays.copyOfRange(first, 0, nonceAt));
    }

    /** magic 8, version 1, kdf 1, iterations 4, salt length 1 + 16, check 16, nonce length 1. */
    private static int nonceOffset() {
        return 8 + 1 + 1 + 4 + 1 + 16 + 16 + 1;
    }

    @Test
    void aWrongPassphraseIsSaidSoAndNeverEchoed() throws Exception {
        open(PASSPHRASE).put(ref("node1"), TOKEN.toCharArray());
        assertThatThrownBy(() -> open("wrong passphrase!".toCharArray()))
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("wrong passphrase")
                .hasMessageNotContaining("wrong passphrase!")
                .satisfies(e -> assertThat(((SecretStoreException) e).reason()).isEqualTo(Reason.WRONG_PASSPHRASE));
        assertThat(new String(open(PASSPHRASE).get(ref("node1")).orElseThrow())).isEqualTo(TOKEN);
    }

    @Test
    void aNewFileNeedsAPassphraseOfEightCharacters() {
        assertThatThrownBy(() -> open("short".toCharArray()))
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("at least 8 characters");
    }

    @Test
    void everyTruncationIsACorruptFileAndTheFileIsLeftAsItWas() throws Exception {
        open(PASSPHRASE).put(ref("node1"), TOKEN.toCharArray());
        byte[] whole = Files.readAllBytes(file());
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            Files.write(file(), cut);
            int length = n;
            assertThatThrownBy(() -> open(PASSPHRASE))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(SecretStoreException.class)
                    .satisfies(
                            e -> assertThat(((SecretStoreException) e).reason()).isEqualTo(Reason.CORRUPT));
            assertThat(Files.readAllBytes(file())).isEqualTo(cut);
        }
    }

    @Test
    void everyAlteredByteIsDetected() throws Exception {
        open(PASSPHRASE).put(ref("node1"), TOKEN.toCharArray());
        byte[] whole = Files.readAllBytes(file());
        int saltAt = 8 + 1 + 1 + 4 + 1;
        for (int i = 0; i < whole.length; i++) {
            byte[] altered = whole.clone();
            altered[i] ^= 0x01;
            Files.write(file(), altered);
            int at = i;
            // salt and check change the derived key or its check: read as a wrong passphrase; the iteration count
            // too, unless it leaves the accepted range; the rest (magic, version, lengths, nonce, ciphertext, tag)
            // is a damaged file
            List<Reason> expected = at >= 10 && at < 14
                    ? List.of(Reason.WRONG_PASSPHRASE, Reason.CORRUPT)
                    : at >= saltAt && at < saltAt + 32 ? List.of(Reason.WRONG_PASSPHRASE) : List.of(Reason.CORRUPT);
            assertThatThrownBy(() -> open(PASSPHRASE).get(ref("node1")))
                    .as("byte %d altered", at)
                    .isInstanceOf(SecretStoreException.class)
                    .satisfies(
                            e -> assertThat(((SecretStoreException) e).reason()).isIn(expected));
        }
        Files.write(file(), whole);
        assertThat(new String(open(PASSPHRASE).get(ref("node1")).orElseThrow())).isEqualTo(TOKEN);
    }

    @Test
    void foreignVersionsAndFilesAreNamed() throws Exception {
        open(PASSPHRASE).put(ref("node1"), TOKEN.toCharArray());
        byte[] whole = Files.readAllBytes(file());
        whole[8] = 2;
        Files.write(file(), whole);
        assertThatThrownBy(() -> open(PASSPHRASE)).hasMessageContaining("version 2 of the format");
        Files.writeString(file(), "token=" + TOKEN + "\n");
        assertThatThrownBy(() -> open(PASSPHRASE))
                .hasMessageContaining("not a Gridscope secrets file")
                .hasMessageNotContaining(TOKEN);
        Files.write(file(), new byte[EncryptedFileSecretStore.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> open(PASSPHRASE)).hasMessageContaining("larger than 1024 KiB");
    }

    @Test
    void aForgedIterationCountIsRefusedBeforeAnyDerivation() throws Exception {
        open(PASSPHRASE).put(ref("node1"), TOKEN.toCharArray());
        byte[] whole = Files.readAllBytes(file());
        whole[10] = (byte) 0x7f; // ~2.1 billion iterations would take hours
        Files.write(file(), whole);
        assertThatThrownBy(() -> open(PASSPHRASE))
                .hasMessageContaining("iteration count")
                .satisfies(e -> assertThat(((SecretStoreException) e).reason()).isEqualTo(Reason.CORRUPT));
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws Exception {
        open(PASSPHRASE).put(ref("node1"), TOKEN.toCharArray());
        byte[] before = Files.readAllBytes(file());
        EncryptedFileSecretStore failing = EncryptedFileSecretStore.unlock(file(), PASSPHRASE, FAST, (t, b) -> {
            throw new IOException("No space left on device");
        });
        assertThatThrownBy(() -> failing.put(ref("node2"), "other".toCharArray()))
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("No space left on device");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(open(PASSPHRASE).get(ref("node2"))).isEmpty();
    }

    @Test
    void theAtomicWriterRemovesItsTemporaryFileWhenTheRenameFails() throws Exception {
        Path target = dir.resolve("target");
        Files.createDirectories(target.resolve("inside")); // a non-empty directory cannot be replaced
        assertThatThrownBy(() -> EncryptedFileSecretStore.writeAtomically(target, new byte[] {1, 2, 3}))
                .isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("target");
        }
    }

    @Test
    void concurrentWritersLoseNoSecret() throws Exception {
        EncryptedFileSecretStore a = open(PASSPHRASE);
        EncryptedFileSecretStore b = open(PASSPHRASE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writes = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                EncryptedFileSecretStore store = t % 2 == 0 ? a : b;
                int thread = t;
                writes.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        store.put(ref("t" + thread + "-" + i), ("secret-" + thread + "-" + i).toCharArray());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : writes) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        EncryptedFileSecretStore reader = open(PASSPHRASE);
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 10; i++) {
                assertThat(new String(reader.get(ref("t" + t + "-" + i)).orElseThrow()))
                        .isEqualTo("secret-" + t + "-" + i);
            }
        }
    }

    @Test
    void newFilesUseTheDefaultIterationCount() throws Exception {
        long startNanos = System.nanoTime();
        EncryptedFileSecretStore store = EncryptedFileSecretStore.unlock(file(), PASSPHRASE);
        long deriveMillis = (System.nanoTime() - startNanos) / 1_000_000;
        store.put(ref("node1"), TOKEN.toCharArray());
        byte[] bytes = Files.readAllBytes(file());
        int iterations = java.nio.ByteBuffer.wrap(bytes, 10, 4).getInt();
        assertThat(iterations)
                .isEqualTo(EncryptedFileSecretStore.DEFAULT_ITERATIONS)
                .isEqualTo(600_000);
        System.out.println("PBKDF2-HMAC-SHA256 with " + iterations + " iterations: " + deriveMillis + " ms");
    }
}
