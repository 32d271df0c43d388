package io.gridscope.collectors.prometheus.scrape;

import java.net.URI;
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
}
