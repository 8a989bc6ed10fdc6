package io.livemig.cli;

import io.livemig.transport.Endpoint;
import io.livemig.transport.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The mutual-TLS options of save and receive (a picocli mixin). */
final class TlsOptions {
    /** The environment variable that holds the --tls-keystore password (kept off the command line). */
    static final String KEYSTORE_PASSWORD_VARIABLE = "LIVEMIG_TLS_KEYSTORE_PASSWORD";

    @Option(names = "--tls-cert", paramLabel = "FILE.pem",
            description = "TCP: mutual TLS 1.3 with this certificate (PEM, chain allowed); needs --tls-key and --tls-ca.")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE.pem", description = "The certificate's private key (PEM, unencrypted PKCS#8).")
    Path key;

    @Option(names = "--tls-keystore", paramLabel = "FILE.p12",
            description = "Instead of --tls-cert/--tls-key: a PKCS#12 keystore; its password in $" + KEYSTORE_PASSWORD_VARIABLE + ".")
    Path keystore;

    @Option(names = "--tls-ca", paramLabel = "FILE.pem",
            description = "The CA certificate(s) (PEM) the peer's certificate must be signed by; a peer without one is refused.")
    Path ca;

    /** Whether any TLS option was given. */
    boolean given() {
        return certificate != null || key != null || keystore != null || ca != null;
    }

    /** The TLS configuration, or null when no TLS option was given; TLS applies to TCP endpoints only. */
    TlsConfig config(Endpoint endpoint) throws IOException {
        if (!given()) {
            return null;
        }
        if (!(endpoint instanceof Endpoint.Tcp)) {
            throw new IllegalArgumentException("the --tls-* options apply to tcp:HOST:PORT endpoints, not " + endpoint.text());
        }
        if (ca == null) {
            throw new IllegalArgumentException("--tls-ca is needed: the CA whose certificates authenticate the peer");
        }
        if (keystore != null) {
            if (certificate != null || key != null) {
                throw new IllegalArgumentException("--tls-keystore replaces --tls-cert and --tls-key: give one or the other");
            }
            String password = System.getenv(KEYSTORE_PASSWORD_VARIABLE);
            if (password == null) {
                throw new IllegalArgumentException("--tls-keystore needs its password in the environment variable " + KEYSTORE_PASSWORD_VARIABLE);
            }
            return TlsConfig.fromPkcs12(keystore, password.toCharArray(), ca);
        }
        if (certificate == null || key == null) {
            throw new IllegalArgumentException("mutual TLS needs --tls-cert and --tls-key (or --tls-keystore), and --tls-ca");
        }
        return TlsConfig.fromPem(certificate, key, ca);
    }
}
