package io.gridscope.collectors.prometheus.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gridscope.testsupport.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS scrapes against a loopback server with a self-signed certificate made by the JDK's keytool. */
class ScraperTlsTest {
    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getInputStream().readAllBytes()))
                .isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("server");
        caPem = Files.writeString(
                dir.resolve("ca.pem"),
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/metrics", ex -> LoopbackServer.respond(ex, 200, "text/plain", "a 1\nb 2\n"));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    private static List<?> scrape(ScrapeTarget target) throws ScrapeException {
        try (Scraper s = new Scraper(target, Clock.systemUTC())) {
            return s.scrape().samples();
        }
    }

    @Test
    void untrustedCertificateIsATlsFailureByDefault() {
        assertThatThrownBy(() -> scrape(ScrapeTarget.builder("t", uri()).build()))
                .isInstanceOfSatisfying(
                        ScrapeException.class, e -> assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TLS));
    }

    @Test
    void caBundleMakesTheCertificateTrusted() throws Exception {
        assertThat(scrape(ScrapeTarget.builder("t", uri()).caBundle(caPem).build()))
                .hasSize(2);
    }

    @Test
    void verificationCanBeTurnedOffForOneTargetOnly() throws Exception {
        assertThat(scrape(
                        ScrapeTarget.builder("t", uri()).insecureSkipTlsVerify().build()))
                .hasSize(2);
        assertThatThrownBy(() -> scrape(ScrapeTarget.builder("other", uri()).build()))
                .isInstanceOf(ScrapeException.class);
    }

    @Test
    void aPlainTargetRedirectedToHttpsUsesItsOwnTlsSettings() throws Exception {
        try (HostileServer plain = HostileServer.plain()
                .handle("/metrics", HostileServer.status(302, "Location: " + uri() + "\r\n", ""))) {
            ScrapeTarget target = ScrapeTarget.builder("t", plain.uri("/metrics"))
                    .caBundle(caPem)
                    .build();
            assertThat(scrape(target)).hasSize(2);
            assertThatThrownBy(() -> scrape(ScrapeTarget.builder("untrusting", plain.uri("/metrics"))
                            .build()))
                    .isInstanceOfSatisfying(
                            ScrapeException.class, e -> assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TLS));
        }
    }

    @Test
    void hostNameIsStillCheckedWithACaBundle() throws IOException {
        URI byName = URI.create("https://localhost:" + server.getAddress().getPort() + "/metrics");
        assertThatThrownBy(() ->
                        scrape(ScrapeTarget.builder("t", byName).caBundle(caPem).build()))
                .isInstanceOfSatisfying(
                        ScrapeException.class, e -> assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TLS));
    }
}
