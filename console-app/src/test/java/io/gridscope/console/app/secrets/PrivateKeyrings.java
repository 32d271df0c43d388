package io.gridscope.console.app.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@link PrivateKeyring} for tests in other packages. */
public final class PrivateKeyrings {
    private PrivateKeyrings() {}

    /** A running private bus and GNOME Keyring; closing stops both. */
    public static final class Handle implements AutoCloseable {
        private final PrivateKeyring keyring;

        private Handle(PrivateKeyring keyring) {
            this.keyring = keyring;
        }

        /** A store on the private bus (prompts wait 3 s: none can be answered there). */
        public SecretServiceStore store() {
            return keyring.store(Duration.ofSeconds(3));
        }

        public String address() {
            return keyring.address();
        }

        @Override
        public void close() throws InterruptedException {
            keyring.close();
        }
    }

    /** Starts them in {@code dir}; skips outside CI, fails under CI=true, when a binary is missing. */
    public static Handle start(Path dir) throws Exception {
        Files.createDirectories(dir);
        return new Handle(PrivateKeyring.start(dir));
    }
}
