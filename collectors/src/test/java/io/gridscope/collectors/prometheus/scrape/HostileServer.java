package io.gridscope.collectors.prometheus.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose, one behaviour per path: it drips, floods, loops,
 * refuses and stays silent, as a hostile or broken exporter would. Each connection is served on its own virtual
 * thread and closed after one response. {@link #close()} closes every socket it opened and waits for its threads.
 */
public final class HostileServer implements AutoCloseable {
    /** What the server does once it has read a request's head. */
    public interface Behaviour {
        void serve(Exchange exchange) throws IOException, InterruptedException;
    }

    /** One accepted connection whose request head has been read. */
    public record Exchange(String path, InputStream in, OutputStream out) {
        void write(String ascii) throws IOException {
            out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private final ServerSocket socket;
    private final boolean tls;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> arrivalNanos = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private HostileServer(ServerSocket socket, boolean tls) {
        this.socket = socket;
        this.tls = tls;
        this.acceptor = Thread.ofPlatform().daemon().name("hostile-accept").start(this::acceptLoop);
    }

    public static HostileServer plain() throws IOException {
        return new HostileServer(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()), false);
    }

    public static HostileServer tls(SSLContext context) throws IOException {
        return new HostileServer(
                context.getServerSocketFactory().createServerSocket(0, 64, InetAddress.getLoopbackAddress()), true);
    }

    public HostileServer handle(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
        return this;
    }

    public URI uri(String path) {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** Requests received for {@code path} so far. */
    public int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    /** {@link System#nanoTime()} of every request for {@code path}, in arrival order. */
    public List<Long> arrivals(String path) {
        return List.copyOf(arrivalNanos.getOrDefault(path, List.of()));
    }

    /** Connections accepted and not yet closed (by either side). */
    public int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("hostile server: accept failed: " + e);
                }
                return;
            }
            open.add(s);
            Thread t = Thread.ofVirtual().unstarted(() -> serve(s));
            handlers.add(t);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            skipBody(in, head);
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ", 3);
            String target = requestLine.length > 1 ? requestLine[1] : "/";
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            arrivalNanos
                    .computeIfAbsent(path, k -> new CopyOnWriteArrayList<>())
                    .add(System.nanoTime());
            Behaviour b = behaviours.get(path);
            Exchange ex = new Exchange(path, in, s.getOutputStream());
            if (b == null) {
                ex.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            } else {
                b.serve(ex);
            }
        } catch (SocketException e) {
            // the client gave up and closed the connection: what a bounded client does
        } catch (IOException e) {
            if (!closed && !String.valueOf(e.getMessage()).contains("Broken pipe")) {
                System.err.println("hostile server: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(s);
            handlers.remove(Thread.currentThread());
        }
    }

    /** Reads a request body of a declared length (at most 1 MiB), so that closing the socket does not reset it. */
    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                long n = Math.min(1 << 20, Long.parseLong(line.substring(15).strip()));
                in.readNBytes((int) n);
            }
        }
    }

    /** The whole request head (at most 16 KiB), request line first; null if the client closed first. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            head.write(c);
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
            if (head.size() > 16 * 1024) {
                throw new IOException("request head too long");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        try {
            stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopAll() throws InterruptedException {
        try {
            socket.close();
        } catch (IOException e) {
            System.err.println("hostile server: close failed: " + e);
        }
        acceptor.join(5_000);
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                System.err.println("hostile server: close failed: " + e);
            }
        }
        for (Thread t : handlers) {
            t.interrupt();
            t.join(5_000);
        }
    }

    // ---- behaviours ----

    /** A well-behaved exporter. */
    public static Behaviour ok(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ex -> {
            ex.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n");
            ex.out().write(bytes);
            ex.out().flush();
        };
    }

    /** Sends {@code response} (head and body) one byte every {@code every}. */
    public static Behaviour drip(String response, Duration every) {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        return ex -> {
            for (byte b : bytes) {
                ex.out().write(b);
                ex.out().flush();
                Thread.sleep(every);
            }
        };
    }

    /** A 200 head, then a body of {@code bodyBytes} valid exposition lines written one byte every {@code every}. */
    public static Behaviour dripBody(int bodyBytes, Duration every) {
        return ex -> {
            ex.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + bodyBytes
                    + "\r\nConnection: close\r\n\r\n");
            for (int i = 0; i < bodyBytes; i++) {
                ex.out().write(i % 4 == 3 ? '\n' : "a 1".charAt(i % 4));
                ex.out().flush();
                Thread.sleep(every);
            }
        };
    }

    /**
     * A body of {@code totalBytes} valid exposition lines, generated as it is written from one reused 64 KiB buffer
     * (never held whole). With {@code declareLength} it carries a Content-Length, else it ends when the connection
     * closes. {@code served} counts the bytes the client accepted.
     */
    public static Behaviour huge(long totalBytes, boolean declareLength, AtomicLong served) {
        return ex -> {
            ex.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
                    + (declareLength ? "Content-Length: " + totalBytes + "\r\n" : "") + "Connection: close\r\n\r\n");
            byte[] chunk = lines(64 * 1024);
            for (long left = totalBytes; left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                ex.out().write(chunk, 0, n);
                served.addAndGet(n);
                left -= n;
            }
            ex.out().flush();
        };
    }

    /** A chunked body that never ends; {@code served} counts its bytes. */
    public static Behaviour endlessChunked(AtomicLong served) {
        return ex -> {
            ex.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n");
            byte[] chunk = lines(16 * 1024);
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] crlf = {'\r', '\n'};
            while (true) {
                ex.out().write(size);
                ex.out().write(chunk);
                ex.out().write(crlf);
                served.addAndGet(chunk.length);
            }
        };
    }

    /** A gzip-encoded body: {@code compressed} as made by {@link #gzipOfLines}. */
    public static Behaviour gzip(byte[] compressed) {
        return ex -> {
            ex.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Encoding: gzip\r\n"
                    + "Content-Length: " + compressed.length + "\r\nConnection: close\r\n\r\n");
            ex.out().write(compressed);
            ex.out().flush();
        };
    }

    /** {@code decompressedBytes} of one repeated exposition comment line, gzip-compressed (about 1000:1). */
    public static byte[] gzipOfLines(long decompressedBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' '); // comment lines of spaces: valid, and they compress best
            for (int i = 0; i < chunk.length; i += 64) {
                chunk[i] = '#';
                chunk[i + 63] = '\n';
            }
            for (long left = decompressedBytes; left > 0; left -= chunk.length) {
                gz.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return out.toByteArray();
    }

    /** A status answer with extra head lines and a body. */
    public static Behaviour status(int code, String headLines, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ex -> {
            ex.write("HTTP/1.1 " + code + " Hostile\r\n" + headLines + "Content-Type: text/plain\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n");
            ex.out().write(bytes);
            ex.out().flush();
        };
    }

    /** Reads the head, then says nothing until the client closes; {@code clientClosedNanos} records when. */
    public static Behaviour silent(AtomicLong clientClosedNanos) {
        return ex -> {
            try {
                while (ex.in().read() >= 0) {
                    // the client sends nothing more; wait for it to hang up
                }
            } finally {
                clientClosedNanos.set(System.nanoTime());
            }
        };
    }

    private static byte[] lines(int size) {
        byte[] line = "hostile_metric{instance=\"x\"} 1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size / line.length * line.length]; // whole lines, so chunks join into valid text
        for (int i = 0; i < out.length; i++) {
            out[i] = line[i % line.length];
        }
        return out;
    }

    /**
     * A TLS context whose self-signed certificate names only {@code wrong.example}; its PEM goes to {@code caPem}
     * so that the certificate is trusted and only its host name is wrong.
     */
    public static SSLContext wrongHostContext(Path dir, Path caPem)
            throws IOException, InterruptedException, GeneralSecurityException {
        return selfSignedContext(dir, caPem, "wrong.example", "dns:wrong.example");
    }

    /**
     * A TLS context with a self-signed certificate for {@code commonName} and {@code subjectAltName} (keytool's
     * {@code SAN=} syntax, e.g. {@code ip:127.0.0.1}); its PEM goes to {@code caPem}.
     */
    public static SSLContext selfSignedContext(Path dir, Path caPem, String commonName, String subjectAltName)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve(commonName + ".p12");
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
                        "CN=" + commonName,
                        "-ext",
                        "SAN=" + subjectAltName,
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
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("server");
        Files.writeString(
                caPem,
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
