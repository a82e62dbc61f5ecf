package io.pluginconsole.plugins.install;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
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
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a download trusts: the JVM's trust store plus the PEM bundle named
 * by PluginSettings.TrustedCACertificatesFile. Verification (chain and host name) is always on.
 * The certificate chain a server presents is recorded before it is checked, so a failure can be
 * explained by name: which host, which certificate, which issuer, and which setting fixes it.
 */
final class TlsTrust {
    static final String SETTING = "PluginSettings.TrustedCACertificatesFile";

    private final SSLContext context;
    private final Path caFile;
    private volatile Failure lastFailure;

    /** A rejected server certificate: the host asked for, the chain presented, the reason. */
    record Failure(String host, X509Certificate[] chain, CertificateException error) {
    }

    private TlsTrust(Path caFile, X509ExtendedTrustManager delegate) throws GeneralSecurityException {
        this.caFile = caFile;
        this.context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new Recording(delegate)}, null);
    }

    /** The JVM's trusted authorities plus those in {@code caFile} (null for none). */
    static TlsTrust load(Path caFile) throws IOException, GeneralSecurityException {
        X509TrustManager jvm = trustManager(null);
        if (caFile == null) {
            return new TlsTrust(null, (X509ExtendedTrustManager) jvm);
        }
        List<X509Certificate> extra = readPem(caFile);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate cert : jvm.getAcceptedIssuers()) {
            store.setCertificateEntry("jvm-" + i++, cert);
        }
        for (X509Certificate cert : extra) {
            store.setCertificateEntry("extra-" + i++, cert);
        }
        return new TlsTrust(caFile, (X509ExtendedTrustManager) trustManager(store));
    }

    static List<X509Certificate> readPem(Path file) throws IOException, CertificateException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate cert : certs) {
            if (cert instanceof X509Certificate x509) {
                result.add(x509);
            }
        }
        if (result.isEmpty()) {
            throw new CertificateException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        return result;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    SSLContext context() {
        return context;
    }

    Optional<Failure> failure() {
        return Optional.ofNullable(lastFailure);
    }

    /** The administrator's explanation of the recorded failure, if a certificate was rejected. */
    Optional<String> explain() {
        Failure f = lastFailure;
        if (f == null) {
            return Optional.empty();
        }
        X509Certificate leaf = f.chain().length > 0 ? f.chain()[0] : null;
        X509Certificate top = f.chain().length > 0 ? f.chain()[f.chain().length - 1] : null;
        String subject = leaf == null ? "(none)" : "\"" + leaf.getSubjectX500Principal().getName() + "\"";
        String issuer = top == null ? "(none)" : "\"" + top.getIssuerX500Principal().getName() + "\"";
        String host = f.host() == null ? "the server" : f.host();
        String reason = f.error().getMessage() == null ? "" : f.error().getMessage();
        for (Throwable t = f.error(); t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return Optional.of("Certificate expired: " + host + " presented the certificate " + subject
                        + " (issued by " + issuer + "), which expired on " + (leaf == null ? "?" : leaf.getNotAfter())
                        + ". Ask the administrator of " + host + " to renew it.");
            }
            if (t instanceof CertificateNotYetValidException) {
                return Optional.of("Certificate not yet valid: " + host + " presented the certificate " + subject
                        + ", valid only from " + (leaf == null ? "?" : leaf.getNotBefore())
                        + ". Check the clocks of both servers.");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (reason.contains("subject alternative") || reason.contains("No name matching")) {
            return Optional.of("Certificate does not match the host: " + host + " presented a certificate for "
                    + names(leaf) + " (subject " + subject + ", issued by " + issuer + "). Use a URL with a host "
                    + "name the certificate covers, or have the certificate reissued for " + host + ".");
        }
        String configured = caFile == null ? ""
                : " (" + caFile + " is configured there but does not contain this issuer)";
        return Optional.of("Certificate not trusted: " + host + " presented the certificate " + subject
                + " issued by " + issuer + ", which is not a trusted certificate authority (Mattermost reports "
                + "\"x509: certificate signed by unknown authority\"). If it is your organisation's CA, save its "
                + "certificate as PEM and name that file in " + SETTING + configured + ".");
    }

    private static String names(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            if (leaf != null && leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    Object type = san.get(0);
                    if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateException e) {
            // unreadable extension: fall back to the subject
        }
        if (names.isEmpty()) {
            return leaf == null ? "no name" : "\"" + leaf.getSubjectX500Principal().getName() + "\"";
        }
        return String.join(", ", names);
    }

    /** Records the presented chain, then lets the real trust manager decide (host name checks included). */
    private final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        Recording(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                lastFailure = new Failure(engine == null ? null : engine.getPeerHost(), chain.clone(), e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                lastFailure = new Failure(null, chain.clone(), e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            // Without an engine there is no host to check the name against: refuse rather than skip that check.
            throw new CertificateException("server certificates are only checked with the connection's host name");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
