package io.gridscope.collectors.prometheus.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape's own HTTP/1.1 client against a scripted loopback server: framing, reuse, bounds and failures. */
class Http1ClientTest {
    /** What the server does on one accepted connection. */
    interface Script {
        void run(Conn conn) throws Exception;
    }

    /** One accepted connection: read request heads, write raw answers. */
    record Conn(InputStream in, OutputStream out, List<String> heads) {
        /** The next request head, or null when the client closed the connection. */
        String request() throws IOException {
            String h = HostileServer.readHead(in);
            if (h != null) {
                heads.add(h);
            }
            return h;
        }

        void write(String ascii) throws IOException {
            out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> serverFailure = new AtomicReference<>();
    private final Http1Client client = new Http1Client(
            () -> {
                throw new IOException("no TLS here");
            },
            1_000);

    @TempDir
    static Path dir;

    private static SSLContext serverTls;
    private static Path caPem;

    @BeforeAll
    static void certificate() throws Exception {
        caPem = dir.resolve("loopback.pem");
        serverTls = HostileServer.selfSignedContext(dir, caPem, "127.0.0.1", "ip:127.0.0.1");
    }

    private URI serve(Script script) throws IOException {
        return serve(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()), script, "http");
    }

    private URI serveTls(Script script) throws IOException {
        return serve(
                serverTls.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress()),
                script,
                "https");
    }

    private URI serve(ServerSocket listening, Script script, String scheme) {
        server = listening;
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            script.run(new Conn(s.getInputStream(), s.getOutputStream(), heads));
                        } catch (java.net.SocketException closedByClient) {
                            // the client closed first: nothing left to serve
                        } catch (Exception e) {
                            serverFailure.set(e);
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort() + "/metrics?x=1");
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
        assertThat(serverFailure.get()).isNull();
    }

    private static final Http1Client.BodyLimit MEGABYTE = (status, declared) -> new Http1Client.Limit(1 << 20, false);

    private Http1Client.Response get(URI uri, Http1Client.BodyLimit limit) throws IOException {
        return client.get(
                uri,
                List.<String[]>of(new String[] {"Accept", "text/plain"}),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(2),
                limit,
                new Scraper.Progress());
    }

    private static String body(Http1Client.Response r) {
        return new String(r.body().bytes(), 0, r.body().length(), StandardCharsets.UTF_8);
    }

    @Test
    void sendsAMinimalGetAndReusesTheConnection() throws Exception {
        URI uri = serve(c -> {
            while (c.request() != null) {
                c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\na 1\n");
            }
        });
        for (int i = 0; i < 3; i++) {
            Http1Client.Response r = get(uri, MEGABYTE);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.firstValue("content-type")).contains("text/plain");
            assertThat(body(r)).isEqualTo("a 1\n");
        }
        assertThat(connections.get()).as("one kept-alive connection").isEqualTo(1);
        assertThat(heads.getFirst())
                .isEqualTo("GET /metrics?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + uri.getPort()
                        + "\r\nAccept: text/plain\r\n\r\n");
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        URI uri = serve(c -> {
            while (c.request() != null) {
                c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "4;ext=1\r\na 1\n\r\n"
                        + "A\r\nb 22\nc 33\n\r\n" + "0\r\nX-Trailer: t\r\n\r\n");
            }
        });
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\nb 22\nc 33\n");
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\nb 22\nc 33\n");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aBodyWithoutFramingRunsToTheEndOfTheConnectionWhichIsNotReused() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.0 200 OK\r\n\r\na 1\nb 2\n");
        });
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\nb 2\n");
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\nb 2\n");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void withATransferEncodingOtherThanChunkedTheBodyRunsToTheEndWhateverItsLengthSays() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 4\r\n\r\na 1\nb 2\n");
        });
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\nb 2\n");
        assertThat(body(get(uri, MEGABYTE))).as("not reused").isEqualTo("a 1\nb 2\n");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\na 1\n");
            Thread.sleep(5_000); // the client must not wait for more, nor reuse this connection
        });
        long t0 = System.nanoTime();
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\n");
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\n");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_500);
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void anUnframedHttp11BodyEndsTheConnection() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\na 1\n");
        });
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\n");
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\n");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void bytesBeyondTheDeclaredLengthAreNotTakenForTheNextAnswer() throws Exception {
        AtomicInteger served = new AtomicInteger();
        URI uri = serve(c -> {
            while (c.request() != null) {
                int n = served.incrementAndGet();
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nn " + n + "\n"
                        + (n == 1 ? "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfake" : ""));
            }
        });
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("n 1\n");
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("n 2\n");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void anAnswerSentUnaskedToAnIdleConnectionRetiresIt() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na 1\n");
            Thread.sleep(50);
            c.write("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
            Thread.sleep(5_000);
        });
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\n");
        Thread.sleep(300);
        Http1Client.Response second = get(uri, MEGABYTE);
        assertThat(second.status()).isEqualTo(200);
        assertThat(body(second)).isEqualTo("a 1\n");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void aLargeDeclaredLengthIsNotAllocatedAhead() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 50000000\r\n\r\nonly this");
            Thread.sleep(5_000);
        });
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Http1Client.BodyLimit sixtyMegabytes = (status, declared) -> new Http1Client.Limit(60_000_000, false);
        assertThatThrownBy(() -> client.get(
                        uri, List.of(), System.nanoTime() + 300_000_000L, sixtyMegabytes, new Scraper.Progress()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4_000_000L);
    }

    @Test
    void aKeptAliveConnectionClosedByTheServerIsReplacedOnce() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na 1\n");
            // then closes while idle, without saying so
        });
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\n");
        Thread.sleep(100);
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\n");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void aNewConnectionClosedWithoutAnswerIsAFailureNotARetry() throws Exception {
        URI uri = serve(c -> c.request());
        assertThatThrownBy(() -> get(uri, MEGABYTE))
                .isInstanceOf(IOException.class)
                .hasMessage("the server closed the connection without an answer");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void informationalAnswersAreSkipped() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });
        Http1Client.Response r = get(uri, MEGABYTE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("ok");
    }

    @Test
    void foldedHeaderLinesAreJoinedAndNoBodyFollowsA204() throws Exception {
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 204 No Content\r\nX-Long: one\r\n two\r\n\r\n");
            c.request(); // the connection stays open: the next answer comes on it
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na 1\n");
            Thread.sleep(5_000);
        });
        Http1Client.Response r = get(uri, MEGABYTE);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.firstValue("x-long")).contains("one two");
        assertThat(r.body().length()).isZero();
        assertThat(body(get(uri, MEGABYTE))).isEqualTo("a 1\n");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void malformedAnswersFailWithTheirReason() throws Exception {
        String[] answers = {
            "SSH-2.0-OpenSSH_9.2\r\n\r\n",
            "HTTP/1.1 2OO OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\na 1\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\na 1\nXY0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
            "HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(Http1Client.MAX_LINE_BYTES + 10) + "\r\n\r\n",
        };
        String[] reasons = {
            "not an HTTP/1.x answer: 'SSH-2.0-OpenSSH_9.2'",
            "malformed status in 'HTTP/1.1 2OO OK'",
            "malformed response header: 'no colon here'",
            "conflicting Content-Length headers in the answer",
            "malformed Content-Length: '-4'",
            "malformed chunk size: 'zz'",
            "malformed chunked body: no line end after a chunk",
            "the connection ended inside the body (7 bytes missing)",
            "answer line longer than " + Http1Client.MAX_LINE_BYTES + " bytes",
        };
        AtomicInteger next = new AtomicInteger();
        URI uri = serve(c -> {
            c.request();
            c.write(answers[next.getAndIncrement()]);
        });
        for (String reason : reasons) {
            assertThatThrownBy(() -> get(uri, MEGABYTE))
                    .isInstanceOf(IOException.class)
                    .hasMessage(reason);
        }
    }

    @Test
    void headersAreBoundedInAll() throws Exception {
        URI uri = serve(c -> {
            c.request();
            StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 100; i++) {
                sb.append("X-Header-")
                        .append(i)
                        .append(": ")
                        .append("v".repeat(1000))
                        .append("\r\n");
            }
            c.write(sb + "\r\n");
        });
        assertThatThrownBy(() -> get(uri, MEGABYTE)).hasMessage("response headers larger than 64 KiB");
    }

    @Test
    void aBodyOfExactlyTheLimitIsKeptAndOneByteMoreFails() throws Exception {
        String eight = "a 1\nb 2\n";
        URI uri = serve(c -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + eight + (heads.size() == 2 ? "x" : ""));
        });
        Http1Client.BodyLimit eightBytes = (status, declared) -> new Http1Client.Limit(8, false);
        assertThat(body(get(uri, eightBytes))).isEqualTo(eight);
        assertThatThrownBy(() -> get(uri, eightBytes)).isInstanceOf(Scraper.BodyTooLargeException.class);
    }

    @Test
    void anErrorExcerptIsTruncatedAndItsConnectionNotReused() throws Exception {
        URI uri = serve(c -> {
            while (c.request() != null) {
                c.write("HTTP/1.1 500 Oops\r\nContent-Length: 100\r\n\r\n" + "e".repeat(100));
            }
        });
        Http1Client.BodyLimit excerpt = (status, declared) -> new Http1Client.Limit(10, true);
        Http1Client.Response r = get(uri, excerpt);
        assertThat(r.status()).isEqualTo(500);
        assertThat(body(r)).isEqualTo("e".repeat(10));
        assertThat(r.body().truncated()).isTrue();
        get(uri, excerpt);
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedBeforeSending() throws Exception {
        URI uri = serve(c -> c.request());
        assertThatThrownBy(() -> client.get(
                        uri,
                        List.<String[]>of(new String[] {"Authorization", "Bearer x\r\nX-Injected: 1"}),
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(2),
                        MEGABYTE,
                        new Scraper.Progress()))
                .hasMessage("the value of request header Authorization holds a line break");
        assertThat(connections.get()).isZero();
    }

    @Test
    void theHostHeaderOmitsTheDefaultPortAndKeepsIpv6Brackets() throws Exception {
        assertThat(new String(
                        Http1Client.request(URI.create("http://[::1]:9100/metrics"), List.of()),
                        StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /metrics HTTP/1.1\r\nHost: [::1]:9100\r\n\r\n");
        assertThat(new String(
                        Http1Client.request(URI.create("https://exporter.example:443"), List.of()),
                        StandardCharsets.ISO_8859_1))
                .isEqualTo("GET / HTTP/1.1\r\nHost: exporter.example\r\n\r\n");
        assertThat(Http1Client.hostOf(URI.create("http://[::1]:9100/"))).isEqualTo("::1");
    }

    @Test
    void aSilentServerEndsAtTheDeadline() throws Exception {
        URI uri = serve(c -> {
            c.request();
            Thread.sleep(5_000);
        });
        long t0 = System.nanoTime();
        assertThatThrownBy(() ->
                        client.get(uri, List.of(), System.nanoTime() + 300_000_000L, MEGABYTE, new Scraper.Progress()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 2_000L);
    }

    @Test
    void closeFailsARequestInFlightAtOnce() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        URI uri = serve(c -> {
            c.request();
            received.countDown();
            Thread.sleep(5_000);
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                get(uri, MEGABYTE);
            } catch (IOException e) {
                failure.set(e);
            }
        });
        assertThat(received.await(2, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        client.close();
        t.join(2_000);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_000);
        assertThat(failure.get()).isInstanceOf(IOException.class).hasMessage("the scraper was closed");
        assertThatThrownBy(() -> get(uri, MEGABYTE)).hasMessage("the scraper was closed");
    }

    private static Http1Client tlsClient() throws Exception {
        SSLContext trusting = TlsContexts.withBundle(caPem);
        return new Http1Client(() -> trusting, 1_000);
    }

    @Test
    void overTlsTheConnectionIsKeptAndTheHostChecked() throws Exception {
        URI uri = serveTls(c -> {
            while (c.request() != null) {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na 1\n");
            }
        });
        try (Http1Client tls = tlsClient()) {
            for (int i = 0; i < 2; i++) {
                assertThat(new String(
                                tls.get(
                                                uri,
                                                List.of(),
                                                System.nanoTime() + 2_000_000_000L,
                                                MEGABYTE,
                                                new Scraper.Progress())
                                        .body()
                                        .bytes(),
                                0,
                                4,
                                StandardCharsets.UTF_8))
                        .isEqualTo("a 1\n");
            }
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aSilentTlsServerEndsAtTheDeadlineAndClosingDoesNotWaitForIt() throws Exception {
        URI uri = serveTls(c -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na 1\n");
            c.request();
            Thread.sleep(10_000); // then says nothing, and keeps the connection open
        });
        Http1Client tls = tlsClient();
        tls.get(uri, List.of(), System.nanoTime() + 3_000_000_000L, MEGABYTE, new Scraper.Progress());
        long t0 = System.nanoTime();
        assertThatThrownBy(() ->
                        tls.get(uri, List.of(), System.nanoTime() + 400_000_000L, MEGABYTE, new Scraper.Progress()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(350L, 1_500L);

        URI again = uri;
        serverFailure.set(null);
        tls.get(again, List.of(), System.nanoTime() + 3_000_000_000L, MEGABYTE, new Scraper.Progress());
        long t1 = System.nanoTime();
        tls.close(); // an idle TLS connection to a server that stays silent
        assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(1_000L);
    }

    @Test
    void aTlsHandshakeDrippedByteByByteEndsAtTheDeadline() throws Exception {
        ServerSocket plain = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        URI uri = serve(
                plain,
                c -> {
                    // a handshake record announcing 16 KiB, then one byte every 100 ms
                    c.write("\u0016\u0003\u0003\u0040\u0000");
                    for (int i = 0; i < 200; i++) {
                        Thread.sleep(100);
                        c.write("\u0002");
                    }
                },
                "https");
        try (Http1Client tls = tlsClient()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() ->
                            tls.get(uri, List.of(), System.nanoTime() + 700_000_000L, MEGABYTE, new Scraper.Progress()))
                    .isInstanceOf(HttpTimeoutException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(600L, 2_000L);
        }
    }
}
