package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.prometheus.scrape.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceAuthTest {
    @TempDir
    Path dir;

    @Test
    void eachKindAsksForWhatItNeeds() {
        assertThat(SourceAuth.validate(SourceAuth.Kind.NONE, "", "", "")).isEmpty();
        assertThat(SourceAuth.validate(SourceAuth.Kind.BEARER, "", "", "")).containsKey("secret");
        assertThat(SourceAuth.validate(SourceAuth.Kind.BEARER, "", "t0ken", "")).isEmpty();
        assertThat(SourceAuth.validate(SourceAuth.Kind.BEARER, "", "", "relative/token"))
                .containsEntry("secret", "the secret file must be an absolute path");
        assertThat(SourceAuth.validate(SourceAuth.Kind.BASIC, "a:b", "pw", "")).containsKey("username");
        assertThat(SourceAuth.validate(
                        SourceAuth.Kind.BASIC, "ada", "", dir.resolve("pw").toString()))
                .isEmpty();
    }

    @Test
    void aSecretFileIsReadAtEachUseAndOnlyItsPathIsSaved() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "abc123\nignored second line\n");
        SourceAuth auth = SourceAuth.of(SourceAuth.Kind.BEARER, "", "typed-is-ignored", file.toString());
        assertThat(auth.credentials().authorizationHeader()).contains("Bearer abc123");
        Files.writeString(file, "rotated\n");
        assertThat(auth.credentials().authorizationHeader()).contains("Bearer rotated");
        assertThat(auth.sessionOnly()).isFalse();

        UiSettings s = UiSettings.empty();
        auth.storeInto(s, "source.x.");
        assertThat(SourceAuth.load(s, "source.x."))
                .isEqualTo(new SourceAuth(SourceAuth.Kind.BEARER, "", Optional.empty(), Optional.of(file)));
        assertThat(s.keys().stream().map(k -> s.get(k).orElse(""))).noneMatch(v -> v.contains("rotated"));
    }

    @Test
    void typedSecretsStayInMemoryAndAreNeverPrinted() {
        SourceAuth auth = SourceAuth.of(SourceAuth.Kind.BASIC, "ada", "pa55word", "");
        assertThat(auth.credentials()).isInstanceOf(Credentials.Basic.class);
        assertThat(auth.toString()).doesNotContain("pa55word").contains("ada");
        UiSettings s = UiSettings.empty();
        auth.storeInto(s, "source.x.");
        assertThat(s.keys().stream().map(k -> s.get(k).orElse(""))).noneMatch(v -> v.contains("pa55word"));
        SourceAuth afterRestart = SourceAuth.load(s, "source.x.");
        assertThat(afterRestart.secretMissing()).isTrue();
        assertThatThrownBy(afterRestart::credentials)
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("enter it again");
    }

    @Test
    void emptyOversizedOrMissingFilesAreClearErrors() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path big = Files.writeString(dir.resolve("big"), "x".repeat(20_000));
        assertThatThrownBy(() -> SourceAuth.of(SourceAuth.Kind.BEARER, "", "", empty.toString())
                        .credentials())
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> SourceAuth.of(SourceAuth.Kind.BEARER, "", "", big.toString())
                        .credentials())
                .hasMessageContaining("larger than 16 KiB");
        assertThatThrownBy(() -> SourceAuth.of(
                                SourceAuth.Kind.BEARER,
                                "",
                                "",
                                dir.resolve("nope").toString())
                        .credentials())
                .hasMessageContaining("cannot read secret file");
    }
}
