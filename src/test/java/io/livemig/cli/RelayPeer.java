package io.livemig.cli;

import io.livemig.transport.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The sending end of a relay test, made with the JDK's own sockets and TLS (not livemig's): plain
 * TCP, or TLS 1.3 with a peer's PKCS#12 keystore (or no certificate at all) trusting a CA. Also a
 * child process ({@link #main}) that connects, sends, and waits to be killed.
 */
final class RelayPeer implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    private RelayPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RelayPeer plain(int port) throws IOException {
        return new RelayPeer(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** A TLS client that has completed its side of the handshake (see {@link #tlsConnected}). */
    static RelayPeer tls(int port, Path keystore, Path trustedCa) throws Exception {
        RelayPeer peer = tlsConnected(port, keystore, trustedCa);
        peer.handshake();
        return peer;
    }

    /**
     * A TLS client connected over TCP, before its handshake ({@link #handshake()}), so that its
     * port is known even when the handshake fails.
     *
     * @param keystore the client's PKCS#12 keystore ({@link TestCertificates#PASSWORD}), or null for
     *                 a client without a certificate. Its certificate is presented whatever CAs the
     *                 server asks for (the JDK's own key manager would offer none of another CA)
     */
    static RelayPeer tlsConnected(int port, Path keystore, Path trustedCa) throws Exception {
        KeyManager[] keys = null;
        if (keystore != null) {
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(KeyStore.getInstance(keystore.toFile(), TestCertificates.PASSWORD.toCharArray()),
                    TestCertificates.PASSWORD.toCharArray());
            keys = new KeyManager[] {new AlwaysPresent((X509KeyManager) factory.getKeyManagers()[0])};
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(trustedCa)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory trusted = TrustManagerFactory.getInstance("PKIX");
        trusted.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys, trusted.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return new RelayPeer(socket);
    }

    void handshake() throws IOException {
        ((SSLSocket) socket).startHandshake();
    }

    /** Offers the keystore's one certificate to any server, whichever CAs it asks for. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager keys;

        AlwaysPresent(X509KeyManager keys) {
            this.keys = keys;
        }

        private String alias() {
            String[] aliases = keys.getClientAliases("EC", null);
            return aliases == null ? null : aliases[0];
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias();
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    int localPort() {
        return socket.getLocalPort();
    }

    /** One line (without its '\n'), read byte by byte so that nothing after it is consumed; null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Everything until end of stream. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * A sender as a process of its own: {@code plain PORT BYTES} or {@code tls PORT BYTES KEYSTORE CA}
     * connects, sends BYTES bytes, prints "sent" and waits, reading standard input, to be killed.
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int bytes = Integer.parseInt(args[2]);
        RelayPeer peer = args[0].equals("tls") ? tls(port, Path.of(args[3]), Path.of(args[4])) : plain(port);
        peer.out.write(new byte[bytes]);
        peer.out.flush();
        System.out.println("sent");
        System.out.flush();
        System.in.read();
    }
}
