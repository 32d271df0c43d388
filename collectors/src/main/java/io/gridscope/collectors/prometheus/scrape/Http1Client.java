package io.gridscope.collectors.prometheus.scrape;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking HTTP/1.1 client for one scrape target: GET only, one request at a time, one kept-alive connection.
 *
 * <p>A scrape runs on its own (virtual) thread and waits for the answer anyway, so the request is written and the
 * response read on that thread: no selector thread, no completion hand-off. Against node_exporter on a 2-core VM a GET
 * took 10.0 ms this way against 13.0 ms with the JDK's asynchronous {@code HttpClient} (medians of 60 interleaved
 * GETs), the gap that kept scrapes slower than Prometheus' own (bench/prometheus).
 *
 * <p>Bounds: the connect timeout (each resolved address in turn, within the deadline), one total deadline for the
 * exchange (checked before every read, each read waiting at most what is left; over TLS a watchdog also closes the
 * socket at the deadline, since a handshake or a record can be dripped byte by byte), response headers of at most
 * {@link #MAX_HEADER_BYTES}, a chunk-size line of at most {@link #MAX_LINE_BYTES}, and the body limit the caller
 * gives. Framing as RFC 9112 section 6.3: chunked, else Content-Length (conflicting lengths are an error), else the
 * body runs to the end of the connection. 1xx answers are skipped. The connection is reused only after a body read to
 * its end with HTTP/1.1 and no {@code Connection: close}; a reused connection that fails before the first byte of an
 * answer (the server closed it while idle) is replaced once, as Go's client does for a GET. No proxy is used, not even
 * one set with the JVM's proxy properties ({@link Scraper} warns of those): like Prometheus without {@code proxy_url},
 * a scrape connects to its target. A redirect to another host or scheme replaces the kept connection.
 *
 * <p>Thread-safety: {@link #get} from one thread at a time; {@link #close()} from any thread, failing a request in
 * flight at once.
 */
final class Http1Client implements AutoCloseable {
    /** Response headers larger than this (all lines together) fail the request, as a malformed answer. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** A status, header or chunk-size line longer than this fails the request. */
    static final int MAX_LINE_BYTES = 8 * 1024;

    private static final int BUFFER_BYTES = 16 * 1024;

    /** A body's buffer starts at most this large, whatever its declared length. */
    static final int INITIAL_BODY_BYTES = 256 * 1024;

    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

    /** The answer to a GET: its status, its headers, and its body as far as it was kept. */
    record Response(int status, List<String[]> headers, Scraper.Body body) {
        /** The first value of a header, by name in any case, stripped. */
        Optional<String> firstValue(String name) {
            return values(headers, name).stream().findFirst();
        }
    }

    /** How much of a body is read once its status is known. */
    interface BodyLimit {
        /**
         * @param status the response's status
         * @param declaredLength its Content-Length, or -1
         * @return the limit for this body
         * @throws Scraper.BodyTooLargeException to refuse the body unread
         */
        Limit forResponse(int status, long declaredLength) throws Scraper.BodyTooLargeException;
    }

    /** At most {@code bytes}: past it, keep what fits and stop ({@code truncate}) or fail. */
    record Limit(long bytes, boolean truncate) {}

    /** Where the TLS context of https URLs comes from (the target's own, or the one a redirect to https needs). */
    interface TlsSource {
        SSLContext get() throws IOException;
    }

    private final TlsSource tlsSource;
    private final int connectTimeoutMillis;
    private SSLContext sslContext;
    private volatile Connection connection;
    /** The socket being connected, so that {@link #close()} can abort the connect too. */
    private volatile Socket connecting;

    private volatile boolean closed;

    /**
     * @param tlsSource the context for https URLs (host names are verified unless its trust manager skips that), asked
     *     for on the first https connection
     */
    Http1Client(TlsSource tlsSource, long connectTimeoutMillis) {
        this.tlsSource = tlsSource;
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
    }

    /**
     * Sends {@code GET uri} with {@code headers} (name, value pairs) and reads the answer within {@code
     * deadlineNanos} ({@link System#nanoTime()} scale).
     *
     * @throws HttpConnectTimeoutException when no address of the host accepted within the connect timeout
     * @throws HttpTimeoutException when the deadline passed
     * @throws Scraper.BodyTooLargeException when the body is larger than its limit
     * @throws IOException for anything else: refused connections, TLS failures, malformed answers, {@link #close()}
     */
    Response get(URI uri, List<String[]> headers, long deadlineNanos, BodyLimit limit, Scraper.Progress progress)
            throws IOException {
        byte[] request = request(uri, headers);
        Connection c = connection;
        if (c != null && (!c.matches(uri) || c.socket.isClosed() || c.hasUnreadBytes())) {
            // another host, closed, or the server sent something unasked while idle (such as a 408 before closing)
            c.close();
            connection = null;
            c = null;
        }
        if (c != null) {
            try {
                return exchange(c, request, deadlineNanos, limit, progress);
            } catch (StaleConnectionException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw (IOException) e.getCause(); // the read failed because this thread was interrupted
                }
                // closed by the server while idle: once more on a new connection
                progress.headersNanos = 0;
                progress.bodyBytes.set(0);
            }
        }
        return exchange(open(uri, deadlineNanos), request, deadlineNanos, limit, progress);
    }

    private Response exchange(
            Connection c, byte[] request, long deadlineNanos, BodyLimit limit, Scraper.Progress progress)
            throws IOException {
        boolean keep = false;
        boolean reused = c.requests++ > 0;
        Thread watchdog = c.tls ? watchdog(c, deadlineNanos) : null;
        try {
            c.in.deadlineNanos = deadlineNanos;
            c.in.received = 0;
            try {
                OutputStream out = c.socket.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException e) {
                throw reused && !closed ? new StaleConnectionException(e) : e;
            }
            Head head = readHead(c, reused && !closed);
            progress.headersNanos = System.nanoTime();
            Response response = readBody(c, head, limit, progress);
            // a connection with bytes beyond the answer (more than its length said) is not trusted with another request
            keep = head.keepAlive && !response.body().truncated() && !c.in.hasBuffered();
            return response;
        } catch (IOException e) {
            if (watchdog != null && c.timedOut) {
                throw (IOException) new HttpTimeoutException("deadline passed").initCause(e);
            }
            if (closed) {
                throw closedError(e);
            }
            throw e;
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
            if (keep && !closed) {
                connection = c;
            } else {
                c.close();
                if (connection == c) {
                    connection = null;
                }
            }
        }
    }

    /** Closes the connection of {@code c} at the deadline unless interrupted first (TLS reads cannot be bounded). */
    private static Thread watchdog(Connection c, long deadlineNanos) {
        return Thread.ofVirtual().name("gridscope-scrape-deadline").start(() -> {
            long left = deadlineNanos - System.nanoTime();
            try {
                if (left > 0) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
                c.timedOut = true;
                c.close();
            } catch (InterruptedException done) {
                // the exchange ended first
            }
        });
    }

    /** Status line and headers, skipping 1xx answers. */
    private static Head readHead(Connection c, boolean mayBeStale) throws IOException {
        DeadlineInput in = c.in;
        while (true) {
            String statusLine;
            try {
                statusLine = in.readLine(MAX_LINE_BYTES, true);
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (in.received == 0 && mayBeStale) {
                    throw new StaleConnectionException(e); // closed or reset by the server while idle
                }
                if (e instanceof EOFException) {
                    throw new IOException("the server closed the connection without an answer", e);
                }
                throw e;
            }
            Head head = parseStatusLine(statusLine);
            int headerBytes = 0;
            while (true) {
                String line = in.readLine(MAX_LINE_BYTES, false);
                headerBytes += line.length() + 2;
                if (headerBytes > MAX_HEADER_BYTES) {
                    throw new IOException("response headers larger than " + MAX_HEADER_BYTES / 1024 + " KiB");
                }
                if (line.isEmpty()) {
                    break;
                }
                if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !head.headers.isEmpty()) {
                    String[] last = head.headers.getLast(); // obsolete line folding: one value
                    last[1] = (last[1] + " " + line.strip()).strip();
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !isToken(line, colon)) {
                    throw new IOException("malformed response header: '" + printable(line, 80) + "'");
                }
                head.headers.add(new String[] {
                    line.substring(0, colon), line.substring(colon + 1).strip()
                });
            }
            if (head.status >= 100 && head.status < 200 && head.status != 101) {
                continue;
            }
            if (head.status == 101) {
                throw new IOException("the server switched protocols (101), which a scrape does not ask for");
            }
            head.keepAlive = head.http11 && !hasToken(head.headers, "Connection", "close");
            return head;
        }
    }

    static Head parseStatusLine(String line) throws IOException {
        // HTTP/1.1 200 OK (the reason may be empty or missing)
        if (line.length() < 12
                || !line.startsWith("HTTP/1.")
                || line.charAt(8) != ' '
                || !Character.isDigit(line.charAt(7))
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new IOException("not an HTTP/1.x answer: '" + printable(line, 80) + "'");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new IOException("malformed status in '" + printable(line, 80) + "'");
            }
            status = status * 10 + (ch - '0');
        }
        if (status < 100) {
            throw new IOException("malformed status in '" + printable(line, 80) + "'");
        }
        return new Head(status, line.charAt(7) != '0');
    }

    private static Response readBody(Connection c, Head head, BodyLimit limits, Scraper.Progress progress)
            throws IOException {
        DeadlineInput in = c.in;
        boolean chunked = false;
        List<String> te = values(head.headers, "Transfer-Encoding");
        if (!te.isEmpty()) {
            String last = te.getLast().toLowerCase(Locale.ROOT).strip();
            if (!last.equals("chunked") && !last.endsWith(",chunked") && !last.endsWith(" chunked")) {
                head.keepAlive = false; // the body runs to the end of the connection
            } else {
                chunked = true;
                if (!values(head.headers, "Content-Length").isEmpty()) {
                    head.keepAlive = false; // both framings: chunked wins, and the connection is not trusted again
                }
            }
        }
        long declared = -1;
        if (te.isEmpty()) { // with Transfer-Encoding, Content-Length is ignored (RFC 9112 section 6.3)
            for (String v : values(head.headers, "Content-Length")) {
                for (String part : v.split(",", -1)) {
                    long n = parseLength(part.strip());
                    if (declared >= 0 && n != declared) {
                        throw new IOException("conflicting Content-Length headers in the answer");
                    }
                    declared = n;
                }
            }
        }
        if (head.status == 204 || head.status == 304) {
            return new Response(head.status, head.headers, new Scraper.Body(new byte[0], 0, false));
        }
        Limit limit = limits.forResponse(head.status, declared);
        Sink sink = new Sink(limit, declared, progress);
        boolean complete = true; // false when the limit truncated the body
        if (chunked) {
            while (true) {
                String sizeLine = in.readLine(MAX_LINE_BYTES, false);
                int semi = sizeLine.indexOf(';');
                long size = parseChunkSize((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip());
                if (size == 0) {
                    int trailerBytes = 0;
                    String trailer;
                    while (!(trailer = in.readLine(MAX_LINE_BYTES, false)).isEmpty()) {
                        trailerBytes += trailer.length() + 2;
                        if (trailerBytes > MAX_HEADER_BYTES) {
                            throw new IOException("response trailers larger than " + MAX_HEADER_BYTES / 1024 + " KiB");
                        }
                    }
                    break;
                }
                if (!sink.take(in, size)) {
                    complete = false;
                    break;
                }
                in.expectLineEnd();
            }
        } else if (declared >= 0) {
            complete = sink.take(in, declared);
        } else {
            head.keepAlive = false;
            complete = sink.takeToEnd(in);
        }
        return new Response(head.status, head.headers, sink.body(!complete));
    }

    private static long parseLength(String v) throws IOException {
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IOException("malformed Content-Length: '" + printable(v, 40) + "'");
        }
        return Long.parseLong(v);
    }

    private static long parseChunkSize(String v) throws IOException {
        if (v.isEmpty() || v.length() > 15) {
            throw new IOException("malformed chunk size: '" + printable(v, 40) + "'");
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            int d = Character.digit(v.charAt(i), 16);
            if (d < 0) {
                throw new IOException("malformed chunk size: '" + printable(v, 40) + "'");
            }
            n = n * 16 + d;
        }
        return n;
    }

    /** Receives a body into one array, growing it, under its limit. */
    private static final class Sink {
        private final Limit limit;
        private final Scraper.Progress progress;
        private byte[] buf;
        private int length;

        /** A body's declared length, or -1: the buffer grows to it, not beyond, but is never allocated ahead. */
        private final long declared;

        Sink(Limit limit, long declared, Scraper.Progress progress) {
            this.limit = limit;
            this.progress = progress;
            this.declared = declared;
            long cap = limit.truncate() ? limit.bytes() : limit.bytes() + 1;
            // a declared length is believed only as far as the first 256 KiB: memory follows the bytes received
            long initial = Math.min(cap, declared >= 0 ? Math.min(declared, INITIAL_BODY_BYTES) : 32 * 1024);
            this.buf = new byte[(int) initial];
        }

        /** Reads {@code n} bytes; false when the limit truncated the body (the rest is left unread). */
        boolean take(DeadlineInput in, long n) throws IOException {
            while (n > 0) {
                int room = room(n);
                if (room == 0) {
                    return false;
                }
                int got = in.read(buf, length, room);
                if (got < 0) {
                    throw new EOFException("the connection ended inside the body (" + n + " bytes missing)");
                }
                n -= got;
                received(got);
            }
            return true;
        }

        /** Reads to the end of the connection; false when the limit truncated the body. */
        boolean takeToEnd(DeadlineInput in) throws IOException {
            while (true) {
                int room = room(Long.MAX_VALUE);
                if (room == 0) {
                    return false;
                }
                int got = in.read(buf, length, room);
                if (got < 0) {
                    return true;
                }
                received(got);
            }
        }

        private void received(int n) throws Scraper.BodyTooLargeException {
            length += n;
            progress.bodyBytes.addAndGet(n);
            if (length > limit.bytes()) {
                throw new Scraper.BodyTooLargeException(limit.bytes(), -1);
            }
        }

        /**
         * How much the next read may take; 0 once a truncated body is full. A body that must not pass its limit may
         * take one byte more, which tells that it did.
         */
        private int room(long wanted) throws Scraper.BodyTooLargeException {
            long cap = Math.min(limit.truncate() ? limit.bytes() : limit.bytes() + 1, MAX_ARRAY_BYTES);
            if (length >= cap) {
                if (!limit.truncate() && cap == MAX_ARRAY_BYTES) {
                    throw new Scraper.BodyTooLargeException(MAX_ARRAY_BYTES, -1); // no array holds more
                }
                return 0;
            }
            if (length == buf.length) {
                long grown = Math.max((long) buf.length * 2, length + 8192L);
                if (declared > length) {
                    grown = Math.min(grown, Math.max(declared, length + 1L));
                }
                buf = Arrays.copyOf(buf, (int) Math.min(grown, cap));
            }
            return (int) Math.min(wanted, buf.length - length);
        }

        Scraper.Body body(boolean truncated) {
            return new Scraper.Body(buf, length, truncated);
        }
    }

    private Connection open(URI uri, long deadlineNanos) throws IOException {
        if (closed) {
            throw closedError(null);
        }
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        String host = hostOf(uri);
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        SSLContext context = tls ? tlsContext() : null;
        InetAddress[] addresses = resolve(host, deadlineNanos);
        IOException last = null;
        for (InetAddress address : addresses) {
            long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                throw new HttpTimeoutException("deadline passed while connecting");
            }
            Socket socket = new Socket();
            connecting = socket;
            try {
                if (closed) {
                    throw closedError(null);
                }
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, port), (int) Math.min(connectTimeoutMillis, leftMillis));
            } catch (SocketTimeoutException e) {
                socket.close();
                if (leftMillis <= connectTimeoutMillis) {
                    throw (IOException) new HttpTimeoutException("deadline passed while connecting").initCause(e);
                }
                last = (IOException) new HttpConnectTimeoutException("connect timed out").initCause(e);
                continue;
            } catch (IOException e) {
                socket.close();
                if (closed) {
                    throw closedError(e);
                }
                // no route, network unreachable, refused: all say that the host cannot be reached
                last = e instanceof ConnectException
                        ? e
                        : (IOException) new ConnectException(e.getMessage()).initCause(e);
                continue;
            } finally {
                connecting = null;
            }
            Connection c = new Connection(socket, uri, tls);
            connection = c;
            if (closed) {
                c.close();
                throw closedError(null);
            }
            if (tls) {
                Thread watchdog = watchdog(c, deadlineNanos);
                try {
                    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
                    SSLParameters params = ssl.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    params.setApplicationProtocols(new String[] {"http/1.1"});
                    ssl.setSSLParameters(params);
                    ssl.setSoTimeout((int) Math.max(1, leftMillis));
                    c.upgrade(ssl);
                    ssl.startHandshake();
                } catch (IOException e) {
                    c.close();
                    connection = null;
                    if (c.timedOut) {
                        throw (IOException)
                                new HttpTimeoutException("deadline passed in the TLS handshake").initCause(e);
                    }
                    throw e;
                } finally {
                    watchdog.interrupt();
                }
                if (c.timedOut) {
                    c.close();
                    connection = null;
                    throw new HttpTimeoutException("deadline passed in the TLS handshake");
                }
            }
            return c;
        }
        throw last != null ? last : new IOException("no address for " + host);
    }

    private SSLContext tlsContext() throws IOException {
        if (sslContext == null) {
            sslContext = tlsSource.get();
        }
        return sslContext;
    }

    /**
     * The addresses of {@code host}, within the connect timeout and the deadline: the system resolver has no timeout
     * of its own that a scrape could set, so a name is looked up on a virtual thread that is left to finish alone
     * when it takes too long. Address literals need no lookup.
     */
    private InetAddress[] resolve(String host, long deadlineNanos) throws IOException {
        if (isAddressLiteral(host)) {
            return InetAddress.getAllByName(host);
        }
        FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> InetAddress.getAllByName(host));
        Thread.ofVirtual().name("gridscope-scrape-resolve").start(lookup);
        long waitNanos =
                Math.min(TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis), deadlineNanos - System.nanoTime());
        try {
            return lookup.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw (IOException) new HttpConnectTimeoutException("looking up " + host + " timed out").initCause(e);
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while looking up " + host, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot look up " + host + ": " + e.getCause(), e.getCause());
        }
    }

    /** An IPv4 dotted quad or an IPv6 literal (with a colon): no name to resolve. */
    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || isIpv4Literal(host);
    }

    /** Four dot-separated groups of one to three digits. */
    static boolean isIpv4Literal(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** The host as a resolver takes it: an IPv6 literal without its brackets. */
    static String hostOf(URI uri) throws IOException {
        String host = uri.getHost();
        if (host == null) {
            throw new IOException("no host in " + uri);
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The request's bytes; header values with line breaks are refused (they would split the request). */
    static byte[] request(URI uri, List<String[]> headers) throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        String hostHeader =
                uri.getHost() + (uri.getPort() >= 0 && uri.getPort() != defaultPort ? ":" + uri.getPort() : "");
        StringBuilder sb = new StringBuilder(256)
                .append("GET ")
                .append(path)
                .append(query == null ? "" : "?" + query)
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader)
                .append("\r\n");
        for (String[] h : headers) {
            if (!isToken(h[0], h[0].length()) || h[0].isEmpty()) {
                throw new IOException("invalid request header name '" + printable(h[0], 40) + "'");
            }
            for (int i = 0; i < h[1].length(); i++) {
                char ch = h[1].charAt(i);
                if (ch == '\r' || ch == '\n' || ch == 0) {
                    throw new IOException("the value of request header " + h[0] + " holds a line break");
                }
            }
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        sb.append("\r\n");
        byte[] latin = new byte[sb.length()];
        for (int i = 0; i < latin.length; i++) {
            char ch = sb.charAt(i);
            if (ch > 0xff) {
                return sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            latin[i] = (byte) ch;
        }
        return latin;
    }

    private static boolean isToken(String s, int end) {
        for (int i = 0; i < end; i++) {
            char ch = s.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || (ch >= '0' && ch <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(ch) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static List<String> values(List<String[]> headers, String name) {
        List<String> out = new ArrayList<>(1);
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                out.add(h[1]);
            }
        }
        return out;
    }

    private static boolean hasToken(List<String[]> headers, String name, String token) {
        for (String v : values(headers, name)) {
            for (String part : v.split(",", -1)) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char ch = s.charAt(i);
            sb.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
        }
        return s.length() > max ? sb + "…" : sb.toString();
    }

    /** The failure of a request that {@link #close()} ended or refused. */
    private static IOException closedError(IOException cause) {
        return new IOException("the scraper was closed", cause);
    }

    /** Closes the kept-alive connection, or the one of a request in flight (which then fails at once). */
    @Override
    public void close() {
        closed = true;
        Socket s = connecting;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is best effort: the socket is unusable either way
            }
        }
        Connection c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** A status line and headers as received. */
    static final class Head {
        final int status;
        final boolean http11;
        final List<String[]> headers = new ArrayList<>();
        boolean keepAlive;

        Head(int status, boolean http11) {
            this.status = status;
            this.http11 = http11;
        }
    }

    /** A reused connection that the server had closed: the request is sent once more on a new one. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super("kept-alive connection closed by the server", cause);
        }
    }

    /** One open connection and its reader. */
    private static final class Connection {
        final String scheme;
        final String authority;
        final boolean tls;
        /** The TCP socket; under TLS, {@link #socket} is the layer over it. */
        final Socket raw;

        volatile Socket socket;
        DeadlineInput in;
        /** Requests sent on it so far. */
        int requests;
        /** Set by the watchdog when it closed the connection at the deadline. */
        volatile boolean timedOut;

        Connection(Socket socket, URI uri, boolean tls) throws IOException {
            this.raw = socket;
            this.socket = socket;
            this.scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            this.authority = uri.getRawAuthority();
            this.tls = tls;
            this.in = new DeadlineInput(socket);
        }

        void upgrade(SSLSocket ssl) throws IOException {
            this.socket = ssl;
            this.in = new DeadlineInput(ssl);
        }

        boolean matches(URI uri) {
            return scheme.equalsIgnoreCase(uri.getScheme()) && authority.equals(uri.getRawAuthority());
        }

        /**
         * Whether bytes arrived that no request asked for (idle connections only). Under TLS only what the TLS layer
         * has already decrypted counts: records such as TLS 1.3 session tickets are not an answer.
         */
        boolean hasUnreadBytes() {
            try {
                return in.hasBuffered() || socket.getInputStream().available() > 0;
            } catch (IOException e) {
                return true;
            }
        }

        /** Closes the TCP socket first: then closing the TLS layer has nothing to wait for, whatever the server does. */
        void close() {
            try {
                raw.close();
            } catch (IOException ignored) {
                // closing is best effort: the socket is unusable either way
            }
            if (socket != raw) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the TCP socket under it is closed already
                }
            }
        }
    }

    /**
     * Buffered reads of a socket that fail once the deadline has passed; every read waits at most what is left of
     * it. Counts the bytes received in the current exchange.
     */
    static final class DeadlineInput {
        private final Socket socket;
        private final InputStream in;
        private final byte[] buf = new byte[BUFFER_BYTES];
        private int pos;
        private int limit;
        long deadlineNanos = Long.MAX_VALUE;
        long received;

        DeadlineInput(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        /** Whether bytes were received beyond what was read. */
        boolean hasBuffered() {
            return pos < limit;
        }

        /** Refills the buffer; false at the end of the stream. */
        private boolean fill() throws IOException {
            int n = readSocket(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        private int readSocket(byte[] b, int off, int len) throws IOException {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
            int n;
            try {
                n = in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw (IOException) new HttpTimeoutException("deadline passed").initCause(e);
            }
            if (n > 0) {
                received += n;
            }
            return n;
        }

        /** Up to {@code len} bytes, from the buffer first, large reads straight into {@code b}; -1 at the end. */
        int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos < limit) {
                int n = Math.min(len, limit - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            if (len >= buf.length) {
                return readSocket(b, off, len);
            }
            if (!fill()) {
                return -1;
            }
            return read(b, off, len);
        }

        /**
         * One line without its CRLF (a bare LF also ends it), as ISO-8859-1.
         *
         * @param eofIfEmpty throw {@link EOFException} when the stream ends before the first byte of the line
         */
        String readLine(int maxBytes, boolean eofIfEmpty) throws IOException {
            StringBuilder sb = null;
            int start = pos;
            while (true) {
                if (pos == limit) {
                    if (sb == null) {
                        sb = new StringBuilder(Math.max(16, pos - start));
                    }
                    appendLatin1(sb, start, pos);
                    if (!fill()) {
                        if (sb.isEmpty() && eofIfEmpty) {
                            throw new EOFException("end of stream");
                        }
                        throw new EOFException("the connection ended in the middle of a line of the answer");
                    }
                    start = 0;
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int end = pos - 1;
                    String line;
                    if (sb == null) {
                        line = latin1(start, end);
                    } else {
                        appendLatin1(sb, start, end);
                        line = sb.toString();
                    }
                    if (line.length() > maxBytes) {
                        throw new IOException("answer line longer than " + maxBytes + " bytes");
                    }
                    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                }
                int length = (sb == null ? 0 : sb.length()) + (pos - start);
                if (length > maxBytes + 1) {
                    throw new IOException("answer line longer than " + maxBytes + " bytes");
                }
            }
        }

        /** CRLF (or a bare LF), as after a chunk's data. */
        void expectLineEnd() throws IOException {
            int b = readByte();
            if (b == '\r') {
                b = readByte();
            }
            if (b != '\n') {
                throw new IOException("malformed chunked body: no line end after a chunk");
            }
        }

        private int readByte() throws IOException {
            if (pos == limit && !fill()) {
                throw new EOFException("the connection ended inside a chunked body");
            }
            return buf[pos++] & 0xff;
        }

        private String latin1(int from, int to) {
            return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        }

        private void appendLatin1(StringBuilder sb, int from, int to) {
            for (int i = from; i < to; i++) {
                sb.append((char) (buf[i] & 0xff));
            }
        }
    }
}
