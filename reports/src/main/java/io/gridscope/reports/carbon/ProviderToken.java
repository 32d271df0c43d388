package io.gridscope.reports.carbon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a provider's API token comes from, read at each request. Following the product's rule for secrets, a token
 * is either typed and kept in memory for the session only ({@link #typed}), or read at each use from a file the
 * user manages, of which only the path is saved ({@link #file}). No implementation shows the token in {@code
 * toString}; the client never logs it nor puts it in a message.
 */
@FunctionalInterface
public interface ProviderToken {
    /** A token file holds at most this many bytes. */
    int MAX_FILE_BYTES = 16 * 1024;

    /**
     * The token for one request.
     *
     * @throws ProviderException.TokenUnavailable when there is none or it cannot be read
     */
    String token() throws ProviderException.TokenUnavailable;

    /** A token typed in this session, kept in memory only. */
    static ProviderToken typed(String token) {
        return new Typed(token);
    }

    /** A token read at each use from the first line of {@code file} (at most {@link #MAX_FILE_BYTES} bytes). */
    static ProviderToken file(Path file) {
        return new FromFile(file);
    }

    /** A typed token; {@link #toString()} says only that. */
    final class Typed implements ProviderToken {
        private final String token;

        private Typed(String token) {
            this.token = Objects.requireNonNull(token, "token");
        }

        @Override
        public String token() throws ProviderException.TokenUnavailable {
            if (token.isBlank()) {
                throw new ProviderException.TokenUnavailable("no token: type it, or point to a file holding it", null);
            }
            return token.strip();
        }

        @Override
        public String toString() {
            return "token typed in this session";
        }
    }

    /** A token file; {@link #toString()} shows the path only. */
    final class FromFile implements ProviderToken {
        private final Path file;

        private FromFile(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        public Path path() {
            return file;
        }

        @Override
        public String token() throws ProviderException.TokenUnavailable {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new ProviderException.TokenUnavailable(
                        "cannot read the token file " + file + ": "
                                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                        e);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ProviderException.TokenUnavailable(
                        "the token file " + file + " is larger than " + MAX_FILE_BYTES + " bytes", null);
            }
            String text;
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ProviderException.TokenUnavailable("the token file " + file + " is not UTF-8 text", null);
            }
            String first = text.lines().findFirst().orElse("").strip();
            if (first.isEmpty()) {
                throw new ProviderException.TokenUnavailable("the token file " + file + " is empty", null);
            }
            return first;
        }

        @Override
        public String toString() {
            return "token file " + file;
        }
    }
}
