package io.livemig.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS for a migration connection, with the JDK's own TLS (TLS 1.3 only): this side's
 * certificate chain and private key, and the CA whose certificates the other side must present.
 * Both sides authenticate: the receiver refuses a sender without a certificate signed by the CA,
 * and the sender refuses such a receiver. Any certificate the CA signed is accepted (host names
 * are not checked), so use a CA that signs only migration peers.
 *
 * <p>From PEM files ({@link #fromPem}: a certificate chain, an unencrypted PKCS#8 private key
 * "BEGIN PRIVATE KEY", RSA or EC, and the CA's certificates) or from a PKCS#12 keystore holding
 * the key and chain ({@link #fromPkcs12}).
 */
public final class TlsConfig {
    private static final String PROTOCOL = "TLSv1.3";
    private static final char[] TRANSIENT_PASSWORD = "livemig".toCharArray();

    private final SSLContext context;
    private final String subject;

    private TlsConfig(SSLContext context, String subject) {
        this.context = context;
        this.subject = subject;
    }

    /**
     * Mutual TLS from PEM files.
     *
     * @param certificateChain PEM: this side's certificate, then any intermediates
     * @param privateKey       PEM: the certificate's unencrypted PKCS#8 private key
     * @param trustedCa        PEM: the CA certificate(s) the peer's certificate must chain to
     * @return the configuration, for either side
     * @throws IOException naming the file and what is wrong with it
     */
    public static TlsConfig fromPem(Path certificateChain, Path privateKey, Path trustedCa) throws IOException {
        List<X509Certificate> chain = certificates(certificateChain, "--tls-cert");
        PrivateKey key = privateKey(privateKey, chain.getFirst().getPublicKey().getAlgorithm());
        try {
            requireMatch(key, chain.getFirst());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("livemig", key, TRANSIENT_PASSWORD, chain.toArray(new Certificate[0]));
            return create(keys, TRANSIENT_PASSWORD, trustedCa, chain.getFirst());
        } catch (GeneralSecurityException e) {
            throw new IOException("private key " + privateKey + " does not fit certificate " + certificateChain + ": " + e.getMessage(), e);
        }
    }

    /**
     * Mutual TLS from a PKCS#12 keystore and the CA's PEM file.
     *
     * @param keystore  a PKCS#12 file with one private key entry and its certificate chain
     * @param password  the keystore's (and key's) password
     * @param trustedCa PEM: the CA certificate(s) the peer's certificate must chain to
     * @return the configuration, for either side
     * @throws IOException naming the file and what is wrong with it
     */
    public static TlsConfig fromPkcs12(Path keystore, char[] password, Path trustedCa) throws IOException {
        KeyStore keys;
        X509Certificate own = null;
        try {
            keys = KeyStore.getInstance(keystore.toFile(), password);
            for (String alias : java.util.Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias) && keys.getCertificate(alias) instanceof X509Certificate c) {
                    own = c;
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException("keystore " + keystore + ": no such file", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException("keystore " + keystore + " cannot be read (not PKCS#12, or a wrong password): " + e.getMessage(), e);
        }
        if (own == null) {
            throw new IOException("keystore " + keystore + " holds no private key with a certificate");
        }
        try {
            return create(keys, password, trustedCa, own);
        } catch (GeneralSecurityException e) {
            throw new IOException("keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    private static TlsConfig create(KeyStore keys, char[] password, Path trustedCa, X509Certificate own)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> cas = certificates(trustedCa, "--tls-ca");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance(PROTOCOL);
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new TlsConfig(context, own.getSubjectX500Principal().getName());
    }

    /** A key store takes any key with any certificate; the handshake would fail later and less clearly. */
    private static void requireMatch(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "livemig key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the key is not the certificate's");
        }
    }

    private static List<X509Certificate> certificates(Path file, String what) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IOException(what + " " + file + " holds no certificate");
            }
            return read.stream().map(X509Certificate.class::cast).toList();
        } catch (NoSuchFileException e) {
            throw new IOException(what + " " + file + ": no such file", e);
        } catch (GeneralSecurityException e) {
            throw new IOException(what + " " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file, String algorithm) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException("--tls-key " + file + ": no such file", e);
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IOException("--tls-key " + file + " is a traditional (PKCS#1/SEC1) key; convert it to PKCS#8:"
                    + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IOException("--tls-key " + file + " is encrypted; give an unencrypted PKCS#8 key (mode 0600) or a PKCS#12 keystore");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException("--tls-key " + file + " holds no PEM \"" + begin + "\" block");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IOException("--tls-key " + file + " is not a PKCS#8 " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    SSLContext context() {
        return context;
    }

    /**
     * This side's certificate subject, for logs.
     *
     * @return the subject's distinguished name
     */
    public String subject() {
        return subject;
    }

    @Override
    public String toString() {
        return "mutual TLS as " + subject;
    }
}
