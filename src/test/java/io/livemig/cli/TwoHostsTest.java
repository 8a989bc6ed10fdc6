package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.testing.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts on one machine: the receiver and the sender run as child JVMs in two network
 * namespaces joined by a veth pair (10.213.x.1 and .2), so the stream crosses a real link
 * between two network stacks instead of loopback. Needs root and `ip` (iproute2): fails without
 * them, unless LIVEMIG_TEST_WITHOUT leaves them out. The namespaces are removed even when the test fails.
 */
@Timeout(120)
class TwoHostsTest {
    @TempDir
    Path dir;

    @Test
    void aMigrationBetweenTwoNetworkNamespacesOverVeth() throws Exception {
        RequiredTool.require(RequiredTool.ROOT, RequiredTool.IPROUTE2);
        long id = ProcessHandle.current().pid() % 100_000;
        String sender = "lmsend" + id;
        String receiver = "lmrecv" + id;
        String subnet = "10.213." + (id % 250) + ".";
        List<String> created = new ArrayList<>();
        Process receive = null;
        try {
            ip("netns", "add", sender);
            created.add(sender);
            ip("netns", "add", receiver);
            created.add(receiver);
            ip("link", "add", "vs" + id, "type", "veth", "peer", "name", "vr" + id);
            ip("link", "set", "vs" + id, "netns", sender);
            ip("link", "set", "vr" + id, "netns", receiver);
            ip("-n", sender, "addr", "add", subnet + "1/24", "dev", "vs" + id);
            ip("-n", receiver, "addr", "add", subnet + "2/24", "dev", "vr" + id);
            for (String ns : List.of(sender, receiver)) {
                ip("-n", ns, "link", "set", "lo", "up");
            }
            ip("-n", sender, "link", "set", "vs" + id, "up");
            ip("-n", receiver, "link", "set", "vr" + id, "up");

            Path portFile = dir.resolve("port");
            Path recvOut = dir.resolve("receiver.out");
            receive = new ProcessBuilder(inNamespace(receiver, Cli.childCommand("receive", "--from", "tcp:" + subnet + "2:0",
                    "--capacity", "32M", "--port-file", portFile.toString(), "--idle-timeout", "30s")))
                    .redirectErrorStream(true).redirectOutput(recvOut.toFile()).start();
            int port = Cli.awaitPort(portFile, receive, recvOut);

            Path sendOut = dir.resolve("sender.out");
            Process save = new ProcessBuilder(inNamespace(sender, Cli.childCommand("save", "--sim", "32M", "--workload",
                    "hotset:rate=20000", "--to", "tcp:" + subnet + "2:" + port)))
                    .redirectErrorStream(true).redirectOutput(sendOut.toFile()).start();
            int sendExit = Cli.await(save, 60, "sender", sendOut);
            int recvExit = Cli.await(receive, 30, "receiver", recvOut);
            String sent = Cli.read(sendOut);
            String received = Cli.read(recvOut);
            assertEquals(0, sendExit, sent);
            assertEquals(0, recvExit, received);
            assertTrue(received.contains("listening on " + subnet + "2:" + port), received);
            assertTrue(received.contains("(sender " + subnet + "1:"), "the stream came from the other namespace:\n" + received);
            assertEquals(Cli.sourceDigest(sent), Cli.destinationDigest(received));
        } finally {
            Cli.destroy(receive);
            for (String ns : created) {
                ipQuietly("netns", "del", ns); // removes the veth end inside it, and so the pair
            }
        }
    }

    private static List<String> inNamespace(String ns, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of(ip(), "netns", "exec", ns));
        cmd.addAll(command);
        return cmd;
    }

    /** iproute2's ip, by absolute path (surefire's PATH need not hold /usr/sbin). */
    private static String ip() {
        return RequiredTool.IPROUTE2.path().toString();
    }

    private static void ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ip()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void ipQuietly(String... args) {
        try {
            ip(args);
        } catch (Throwable e) {
            System.err.println("cleanup: " + e.getMessage());
        }
    }

}
