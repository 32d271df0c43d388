package io.gridscope.collectors.prometheus.scrape;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Checks shared by every HTTP source's URL. */
public final class HttpUrls {
    private HttpUrls() {}

    /**
     * Accepts only {@code http}/{@code https} URLs with a host and without user info (credentials belong in
     * {@link Credentials}, where they are redacted, not in a URL that ends up in logs).
     *
     * @param what how the message names the URL, e.g. "scrape URL"
     */
    public static URI requireHttp(URI url, String what) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(what + " must be http or https: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(what + " has no host: " + url);
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("put credentials in the source's authentication, not in the URL");
        }
        return url;
    }

    /** How many characters of an error body {@link #excerpt} quotes. */
    public static final int EXCERPT_CHARS = 200;

    /**
     * The start of an error response's body as one printable, quoted line of at most {@link #EXCERPT_CHARS}
     * characters (whitespace and control characters collapse to one space; "…" marks a cut), or "" when blank.
     *
     * @param truncated whether the server sent more than {@code length} bytes
     */
    public static String excerpt(byte[] body, int length, boolean truncated) {
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        boolean space = false;
        int i = 0;
        for (; i < text.length() && sb.length() < EXCERPT_CHARS; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        boolean cut = truncated || !text.substring(i).isBlank();
        return sb.length() == 0 ? "" : "'" + sb + (cut ? "…" : "") + "'";
    }
}
