package io.gridscope.console.app.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PrometheusServerSource;
import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.collectors.prometheus.scrape.Scraper;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.shell.AboutDetails;
import io.gridscope.testsupport.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A distinctive token and password go through a realistic flow (stored in the encrypted file and the keyring, read
 * back, sent to a loopback exporter and a PromQL server that answer 401 and 500 quoting the Authorization header,
 * redirect to a URL holding it, then drop the connection; a wrong passphrase), everything that fails is logged the
 * way the console logs (stack traces, causes and suppressed included) into a log file at DEBUG, and an uncaught
 * exception is left to the default handler. Then every log file, the captured stdout and stderr, every exception's
 * message and stack trace, the settings, the About details and the secrets file are searched for the secret's bytes
 * (as text and as the Basic header's Base64).
 */
@Timeout(180)
class SecretsNeverLeakTest {
    private static final String TOKEN = "GSLEAK-7f3a9c1e5b2d4086";
    private static final String PASSWORD = "GSLEAKPW-c0ffee42d00d";
    private static final String PASSPHRASE = "leak test passphrase";

    @TempDir
    Path dir;

    private final List<Throwable> failures = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realOut;
    private PrintStream realErr;
    private FileAppender<ILoggingEvent> logFile;
    private Level rootLevel;
    private Path logDir;
    private final org.slf4j.Logger log = LoggerFactory.getLogger("io.gridscope.console.SecretsFlow");

    @BeforeEach
    void captureEverything() {
        logDir = dir.resolve("state/gridscope");
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(new Tee(out, realOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, realErr), true, StandardCharsets.UTF_8));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        // the production pattern, with the whole stack trace
        encoder.setPattern(io.gridscope.console.LogConfiguration.FILE_PATTERN + "%ex{full}");
        encoder.start();
        logFile = new FileAppender<>();
        logFile.setContext(context);
        logFile.setFile(logDir.resolve("gridscope.log").toString());
        logFile.setEncoder(encoder);
        logFile.start();
        root.addAppender(logFile);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
    }

    @AfterEach
    void restore() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logFile);
        logFile.stop();
        root.setLevel(rootLevel);
        System.setOut(realOut);
        System.setErr(realErr);
    }

    /** Runs {@code step}, keeping and logging (as the console does) whatever it throws. */
    private void expectFailure(String what, ThrowingRunnable step) {
        try {
            step.run();
        } catch (Throwable t) {
            failures.add(t);
            log.warn("{} failed: {}", what, t.getMessage(), t);
            return;
        }
        throw new AssertionError(what + " should have failed");
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** An exporter and a PromQL API that echo the Authorization header in every error, then drop connections. */
    private LoopbackServer hostileServer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LoopbackServer server = new LoopbackServer();
        com.sun.net.httpserver.HttpHandler handler = ex -> {
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            switch (calls.getAndIncrement() % 4) {
                case 0 -> LoopbackServer.respond(ex, 401, "text/plain", "denied: " + auth + "\n");
                case 1 ->
                    LoopbackServer.respond(
                            ex,
                            500,
                            "application/json",
                            "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"bad header " + auth + "\"}");
                case 2 -> {
                    ex.getResponseHeaders().add("Location", "http://127.0.0.1:1/login?h=" + auth.replace(' ', '+'));
                    ex.sendResponseHeaders(302, -1);
                    ex.close();
                }
                default -> ex.close(); // the connection is dropped without a response
            }
        };
        server.handle("/metrics", handler);
        server.handle("/api/v1/", handler);
        return server;
    }

    @Test
    void noSecretReachesALogAStreamAnExceptionTheSettingsOrTheSecretsFile() throws Exception {
        Path config = dir.resolve("config/gridscope");
        AppPaths paths = new AppPaths(config, dir.resolve("data"), logDir);
        SecretVault vault = new SecretVault(config, Optional.empty());
        vault.unlockFile(PASSPHRASE.toCharArray());
        SecretRef bearerRef = SecretRef.source(SecretStoreKind.ENCRYPTED_FILE, "hostile");
        SecretRef basicRef = SecretRef.source(SecretStoreKind.ENCRYPTED_FILE, "hostile-basic");
        vault.store(SecretStoreKind.ENCRYPTED_FILE).put(bearerRef, TOKEN.toCharArray());
        vault.store(SecretStoreKind.ENCRYPTED_FILE).put(basicRef, PASSWORD.toCharArray());

        try (LoopbackServer server = hostileServer()) {
            // the settings get references only; a new start resolves them from the file
            UiSettings settings = UiSettings.empty();
            SourceSpec bearer = SourceSpec.of(
                    "hostile",
                    SourceSpec.Type.EXPORTER,
                    server.uri("/metrics").toString(),
                    ScrapePreset.Kind.RAW,
                    "15s",
                    new SourceAuth(SourceAuth.Kind.BEARER, "", Optional.of(TOKEN), Optional.empty())
                            .storedIn(bearerRef),
                    false);
            SourceSpec basic = SourceSpec.of(
                    "hostile-basic",
                    SourceSpec.Type.PROMETHEUS_SERVER,
                    server.uri("/").toString(),
                    ScrapePreset.Kind.RAW,
                    "15s",
                    new SourceAuth(SourceAuth.Kind.BASIC, "ops", Optional.of(PASSWORD), Optional.empty())
                            .storedIn(basicRef),
                    false);
            bearer.storeInto(settings);
            basic.storeInto(settings);
            settings.save(config);
            List<SourceSpec> loaded = SourceSpec.loadAll(UiSettings.load(config));
            assertThat(loaded).hasSize(2).allMatch(s -> s.auth().needsStoredSecret());
            texts.add(loaded.toString());
            SourceSpec resolvedBearer = loaded.stream()
                    .filter(s -> s.id().equals("hostile"))
                    .findFirst()
                    .orElseThrow();
            resolvedBearer = resolvedBearer.withAuth(resolvedBearer.auth().resolvedWith(vault));
            SourceSpec resolvedBasic = loaded.stream()
                    .filter(s -> s.id().equals("hostile-basic"))
                    .findFirst()
                    .orElseThrow();
            resolvedBasic = resolvedBasic.withAuth(resolvedBasic.auth().resolvedWith(vault));
            texts.add(resolvedBearer.toString());
            texts.add(resolvedBasic.toString());
            texts.add(resolvedBearer.auth().credentials().toString());
            texts.add(resolvedBasic.auth().credentials().toString());
            log.info("sources {} and {}", resolvedBearer, resolvedBasic);

            SourceSpec resolvedBearerFinal = resolvedBearer;
            // scrapes: 401 quoting the header, 500 quoting it, a redirect holding it, a dropped connection
            for (int i = 0; i < 4; i++) {
                SourceSpec s = resolvedBearerFinal;
                expectFailure("scrape " + i, () -> {
                    try (Scraper scraper = new Scraper(s.toTarget(), Clock.systemUTC())) {
                        scraper.scrape();
                    }
                });
            }
            SourceSpec resolvedBasicFinal = resolvedBasic;
            // PromQL queries with basic auth, the same four answers
            for (int i = 0; i < 4; i++) {
                PrometheusServerSource source = resolvedBasicFinal.toServerSource();
                expectFailure("query " + i, () -> {
                    try (PromQueryClient client = new PromQueryClient(source)) {
                        client.query("up", java.time.Instant.now());
                    }
                });
            }
        }

        // a wrong passphrase, a damaged file
        expectFailure(
                "wrong passphrase",
                () -> EncryptedFileSecretStore.unlock(vault.encryptedFile(), ("x" + PASSPHRASE).toCharArray()));
        byte[] good = Files.readAllBytes(vault.encryptedFile());
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        Files.write(vault.encryptedFile(), bad);
        expectFailure(
                "damaged file",
                () -> EncryptedFileSecretStore.unlock(vault.encryptedFile(), PASSPHRASE.toCharArray())
                        .get(SecretRef.source(SecretStoreKind.ENCRYPTED_FILE, "hostile")));
        Files.write(vault.encryptedFile(), good);
        // a source whose secret cannot be read, used anyway
        expectFailure(
                "unresolved source",
                () -> SourceSpec.loadAll(UiSettings.load(config)).get(0).toTarget());

        // an uncaught exception carrying the holders, printed to stderr as the JVM does when no handler is set (the
        // JVM-wide handler that TestFX installs would keep it and throw it into whichever test next waits for FX)
        Thread crash = new Thread(() -> {
            throw new IllegalStateException("crash with " + SourceAuth.bearer(TOKEN) + " and "
                    + Credentials.basic("ops", PASSWORD) + " and " + vault);
        });
        crash.setUncaughtExceptionHandler((t, e) -> {
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        });
        crash.start();
        crash.join();

        texts.add(AboutDetails.of("test", paths).text());
        texts.add(vault.toString());
        texts.add(vault.store(SecretStoreKind.ENCRYPTED_FILE).toString());
        texts.add(SourceAuth.bearer(TOKEN).toString());
        texts.add(Credentials.bearer(TOKEN).toString());
        texts.add(Credentials.basic("ops", PASSWORD).toString());

        assertThat(failures).hasSize(11);
        logFile.stop();
        System.out.flush();
        System.err.flush();

        List<String> haystacks = new ArrayList<>(texts);
        for (Throwable t : failures) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            haystacks.add(trace.toString());
            for (Throwable c = t; c != null; c = c.getCause()) {
                haystacks.add(String.valueOf(c.getMessage()));
                haystacks.add(c.toString());
                for (Throwable s : c.getSuppressed()) {
                    haystacks.add(String.valueOf(s.getMessage()));
                }
            }
        }
        haystacks.add(out.toString(StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr).as("the uncaught exception reached stderr").contains("crash with bearer <redacted>");
        haystacks.add(stderr);
        String logged;
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).contains(logDir.resolve("gridscope.log"), config.resolve(UiSettings.FILE_NAME));
            for (Path f : all) {
                // every file: the log, ui.properties, the secrets file (binary), test scaffolding
                haystacks.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
            logged = Files.readString(logDir.resolve("gridscope.log"));
        }
        assertThat(logged)
                .as("the log holds the failures with their stack traces")
                .contains("scrape 0 failed", "HTTP status 401", "query 1 failed", "wrong passphrase", "Caused by")
                .contains("redirect to http://127.0.0.1:1/login?h=Bearer+<redacted>");

        String basicHeader = Base64.getEncoder().encodeToString(("ops:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String tokenB64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        for (String text : haystacks) {
            assertThat(text)
                    .doesNotContain(TOKEN)
                    .doesNotContain(PASSWORD)
                    .doesNotContain(basicHeader)
                    .doesNotContain(tokenB64)
                    .doesNotContain(TOKEN.substring(0, 16))
                    .doesNotContain(PASSPHRASE);
        }
        // the search itself can fail: the secrets were sent, and the settings name their store
        assertThat(Files.readString(config.resolve(UiSettings.FILE_NAME)))
                .contains("source.hostile.secretRef=file\\:source-token/hostile");
    }

    /** Writes to both streams. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
