package io.livemig.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates made at test time with the JDK's keytool (no files checked in): a CA, a
 * receiver and a sender certificate it signs (EC P-256), and an intruder whose certificate another
 * CA signed. Each peer is written as PEM (chain, PKCS#8 key) and as a PKCS#12 keystore.
 */
public final class TestCertificates {
    public static final String PASSWORD = "livemig-test";

    public final Path dir;
    public final Path caPem;

    /** One peer's files. */
    public record Peer(Path certPem, Path keyPem, Path keystore) {
    }

    public final Peer receiver;
    public final Peer sender;
    /** Signed by a CA nobody trusts. */
    public final Peer intruder;

    private TestCertificates(Path dir, Path caPem, Peer receiver, Peer sender, Peer intruder) {
        this.dir = dir;
        this.caPem = caPem;
        this.receiver = receiver;
        this.sender = sender;
        this.intruder = intruder;
    }

    private static TestCertificates shared;

    /**
     * One set per test JVM (keytool runs about 20 times to make it), in a temporary directory
     * removed when the JVM exits.
     */
    public static synchronized TestCertificates shared() throws Exception {
        if (shared == null) {
            Path dir = Files.createTempDirectory("livemig-test-certs");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    System.err.println("could not remove " + dir + ": " + e.getMessage());
                }
            }));
            shared = create(dir);
        }
        return shared;
    }

    public static TestCertificates create(Path dir) throws Exception {
        Path ca = ca(dir, "ca");
        Path otherCa = ca(dir, "other-ca");
        return new TestCertificates(dir, dir.resolve("ca.pem"), peer(dir, ca, "ca", "receiver"), peer(dir, ca, "ca", "sender"),
                peer(dir, otherCa, "other-ca", "intruder"));
    }

    private static Path ca(Path dir, String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=livemig test " + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", store.toString(), "-storepass", PASSWORD, "-storetype", "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", dir.resolve(name + ".pem").toString());
        return store;
    }

    private static Peer peer(Path dir, Path caStore, String caName, String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + ".crt");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=livemig test " + name,
                "-validity", "2", "-keystore", store.toString(), "-storepass", PASSWORD, "-storetype", "PKCS12");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", caName, "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", signed.toString(), "-validity", "2",
                "-ext", "KeyUsage:c=digitalSignature", "-ext", "ExtendedKeyUsage=serverAuth,clientAuth");
        Path caPem = dir.resolve(caName + ".pem");
        keytool("-importcert", "-noprompt", "-alias", caName, "-file", caPem.toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
        keytool("-importcert", "-alias", name, "-file", signed.toString(), "-keystore", store.toString(), "-storepass", PASSWORD);

        Path certPem = dir.resolve(name + "-chain.pem");
        Files.writeString(certPem, Files.readString(signed) + Files.readString(caPem));
        KeyStore ks = KeyStore.getInstance(store.toFile(), PASSWORD.toCharArray());
        PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
        Path keyPem = dir.resolve(name + "-key.pem");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Peer(certPem, keyPem, store);
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + out);
        }
    }
}
