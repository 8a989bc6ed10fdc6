package io.livemig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Sends one command to a running save's control socket and prints the reply. */
@Command(name = "control", header = "Sends a command to a running save's control socket.",
        mixinStandardHelpOptions = true,
        description = {"Controls a running `livemig save --control PATH`: the command takes effect at the save's next"
                + " policy consultation (before and after every live round).",
                "  stop            suspend and copy what is left (the round being",
                "                  sent completes first)",
                "  abort           abandon the migration; the source guest runs on",
                "  downtime=300ms  the downtime target from now on (replaces the",
                "                  policy's; precopy also stops when it fits)",
                "  throttle=30     take 30 percent of the guest's CPU time from the",
                "                  next batch on (off: none), in place of",
                "                  --auto-converge",
                "  throttle=auto   let --auto-converge decide again (QEMU's",
                "                  defaults if the save was given none)",
                "  status          where the save is and what the policy last saw"},
        footer = {"", "Exit status: 0 the save accepted the command; 1 it refused it or cannot be reached; 2 bad usage"
                + " (an unknown command, a PATH that is not a socket)."})
final class ControlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The save's control socket.")
    Path path;

    @Parameters(index = "1", paramLabel = "COMMAND", description = "stop | abort | downtime=DURATION | throttle=N|auto|off | status")
    String command;

    @Override
    public Integer call() throws Exception {
        String wrong = ControlServer.checkCommand(command);
        if (wrong != null) {
            throw new IllegalArgumentException(wrong);
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + ": no control socket there (is a save running with --control " + path + "?)");
        }
        if (!ControlServer.isSocket(path)) {
            throw new IllegalArgumentException(path + ": not a socket (a save's --control PATH is a Unix socket)");
        }
        String reply;
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            c.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            c.shutdownOutput();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (buf.hasRemaining() && c.read(buf) >= 0) {
                // until the save closes the connection
            }
            reply = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException(path + ": nobody listens there (has the save ended?)", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (reply.startsWith("ok:")) {
            out.println(reply.substring(3).trim());
            out.flush();
            return 0;
        }
        throw new IOException(reply.startsWith("error:") ? reply.substring(6).trim() : "unexpected reply: " + reply);
    }
}
