package io.gridscope.collectors.prometheus.scrape;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the {@link SSLContext} of one target: JDK trust store, plus a PEM CA bundle, or (opt-in) no checks. */
public final class TlsContexts {
    /** A CA bundle larger than this is refused (a bundle of every public CA is about 250 KiB). */
    static final long MAX_BUNDLE_BYTES = 4L * 1024 * 1024;

    private TlsContexts() {}

    /** The context a target's HTTP client uses. */
    public static SSLContext forTarget(ScrapeTarget target) throws ScrapeException {
        return forSource(target.caBundle(), target.insecureSkipTlsVerify());
    }

    /**
     * The context for any HTTPS source (exporter or Prometheus server).
     *
     * @param caBundle PEM file of extra trusted CAs, or empty for the JDK's trust store only
     * @param insecure true only when the user turned verification off for this source
     */
    public static SSLContext forSource(Optional<Path> caBundle, boolean insecure) throws ScrapeException {
        try {
            if (insecure) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                return ctx;
            }
            if (caBundle.isEmpty()) {
                return SSLContext.getDefault();
            }
            return withBundle(caBundle.get());
        } catch (GeneralSecurityException e) {
            throw new ScrapeException(ScrapeException.Kind.TLS, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Trusts the JDK's default CAs and every certificate in the PEM file. */
    public static SSLContext withBundle(Path pem) throws ScrapeException {
        try {
            if (Files.size(pem) > MAX_BUNDLE_BYTES) {
                throw new ScrapeException(ScrapeException.Kind.TLS, "CA bundle " + pem + " is larger than 4 MiB");
            }
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(pem)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new ScrapeException(ScrapeException.Kind.TLS, "CA bundle " + pem + " holds no certificate");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("bundle-" + i++, c);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Either(trustManager(ks), trustManager(null))}, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new ScrapeException(
                    ScrapeException.Kind.TLS, "cannot read CA bundle " + pem + ": " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    /**
     * A handshake failure as the status bar shows it: a certificate issued for another host name, an untrusted
     * certificate, or (otherwise) the JDK's own message. Never reports a failure as success.
     *
     * @param host the host name or address the URL names
     */
    public static String describeFailure(Throwable failure, String host) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof java.security.cert.CertificateException
                    && (m.startsWith("No name matching")
                            || m.startsWith("No subject alternative")
                            || m.contains("does not match"))) {
                return "TLS certificate does not match host '" + host + "' (" + m + ")";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException
                    || (t instanceof java.security.cert.CertificateException
                            && String.valueOf(t.getMessage()).startsWith("PKIX"))) {
                return "TLS certificate of '" + host + "' is not trusted (" + t.getMessage()
                        + "); add its CA bundle to the source";
            }
        }
        String m = failure == null ? null : failure.getMessage();
        return "TLS handshake failed: " + (m == null || m.isBlank() ? String.valueOf(failure) : m);
    }

    /** Accepts a chain that either the bundle or the JDK's defaults accept; host names are still checked. */
    private static final class Either extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager bundle;
        private final X509ExtendedTrustManager defaults;

        Either(X509ExtendedTrustManager bundle, X509ExtendedTrustManager defaults) {
            this.bundle = bundle;
            this.defaults = defaults;
        }

        private interface Check {
            void run(X509ExtendedTrustManager tm) throws java.security.cert.CertificateException;
        }

        private void either(Check check) throws java.security.cert.CertificateException {
            try {
                check.run(bundle);
            } catch (java.security.cert.CertificateException first) {
                try {
                    check.run(defaults);
                } catch (java.security.cert.CertificateException second) {
                    first.addSuppressed(second);
                    throw first;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(bundle.getAcceptedIssuers()));
            all.addAll(List.of(defaults.getAcceptedIssuers()));
            return all.toArray(X509Certificate[]::new);
        }
    }

    /** Accepts any certificate and host name: only for targets the user explicitly marked insecure. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
