package io.livemig.cli;

import io.livemig.relay.CommandRelay;
import io.livemig.transport.Endpoint;
import io.livemig.transport.PeerConnection;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.TcpListener;
import io.livemig.transport.TlsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The destination end of a migration over TCP or mutual TLS: accepts one sender and carries its
 * connection both ways to a local receiving command ({@code xl migrate-receive} by default).
 */
@Command(name = "relay", header = "Carries one migration from TCP or mutual TLS to a local receiving command.",
        mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"Usage: livemig relay --listen=tcp:HOST:PORT [--exec=COMMAND]",
                "         [--tls-cert=FILE.pem --tls-key=FILE.pem --tls-ca=FILE.pem |",
                "          --tls-keystore=FILE.p12 --tls-ca=FILE.pem]",
                "         [--accept-timeout=DURATION] [--port-file=FILE] [-hV]"},
        description = {"Listens for one sender (livemig migrate --to tcp:HOST:PORT) and runs COMMAND with sh -c, as xl runs"
                + " its migration command: bytes from the connection go to its standard input, bytes from its standard"
                + " output go back over the connection, its standard error is the relay's.",
                "With the --tls-* options the sender must present a certificate signed by the --tls-ca; a peer that"
                        + " does not (another CA's certificate, none, plain TCP) is refused with one line and the relay"
                        + " listens on. Without them the first peer to connect is the sender.",
                "SIGINT or SIGTERM stops the command and closes the connection; a second one exits at once."},
        footer = {"",
                "Durations: 500ms, 30s, 10m, 1h.",
                "Exit status: the command's (128+N when signal N ended it); 1 the relay failed (no sender within the"
                        + " accept timeout, the command could not be started, interrupted); 2 bad usage."})
final class RelayCommand implements Callable<Integer> {
    /** What xl migrate runs on the destination (over ssh); xl's -e, -p, -D go after it. */
    static final String DEFAULT_COMMAND = "xl migrate-receive";

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "tcp:HOST:PORT",
            description = "Where to listen (host defaults to loopback; port 0 picks one).")
    String listen;

    @Option(names = "--exec", defaultValue = DEFAULT_COMMAND, paramLabel = "COMMAND",
            description = "The receiving command, run with sh -c once a sender is accepted (default: ${DEFAULT-VALUE}).")
    String exec;

    @Mixin
    TlsOptions tls;

    @Option(names = "--accept-timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "Give up when no sender (with TLS: no authenticated one) has connected within this time;"
                    + " 0 waits forever (default: ${DEFAULT-VALUE}).")
    String acceptTimeout;

    @Option(names = "--port-file", paramLabel = "FILE",
            description = "Write the port listened on here (removed when the relay ends).")
    Path portFile;

    @Override
    public Integer call() throws Exception {
        Endpoint endpoint = Endpoint.parse(listen);
        if (!(endpoint instanceof Endpoint.Tcp tcp)) {
            throw new IllegalArgumentException("--listen takes " + Endpoint.TCP_FORMS + ", not " + listen);
        }
        if (exec.isBlank()) {
            throw new IllegalArgumentException("--exec is empty: give the receiving command (default: " + DEFAULT_COMMAND + ")");
        }
        Duration timeout = Main.duration("--accept-timeout", acceptTimeout);
        TlsConfig tlsConfig = tls.config(endpoint);
        Main.checkCreatable("--port-file", portFile);
        String name = spec.qualifiedName();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TcpListener[] listening = new TcpListener[1];
        CommandRelay[] relaying = new CommandRelay[1];
        try (SignalStop signals = SignalStop.install(name, signal -> {
                 closeQuietly(listening[0]);
                 CommandRelay relay = relaying[0];
                 if (relay != null) {
                     relay.stop();
                 }
             }, "the receiving command, if started, is killed and the connection cut", () -> {
                 CommandRelay relay = relaying[0];
                 if (relay != null) {
                     relay.killNow();
                 }
             });
             TcpListener listener = TcpListener.open(tcp, SourceOptions.DEFAULT_RECEIVE_BUFFER_BYTES,
                     TcpListener.MAX_CONCURRENT_HANDSHAKES, tlsConfig != null)) {
            listening[0] = listener;
            try {
                out.println("listening on " + listener.hostPort() + (tlsConfig == null ? "" : " (mutual TLS)"));
                out.flush();
                if (portFile != null) {
                    Main.writePortFile(portFile, listener.address().getPort());
                }
                PeerConnection connection;
                try {
                    connection = listener.acceptPeer(timeout, tlsConfig, refusal -> {
                        synchronized (err) {
                            err.println(name + ": " + refusal + "; still listening on " + listener.hostPort());
                            err.flush();
                        }
                    });
                } catch (AsynchronousCloseException e) {
                    throw new IOException("interrupted (" + signals.received() + ") while listening on " + listener.hostPort()
                            + "; no migration was relayed", e);
                }
                CommandRelay relay = new CommandRelay(connection, exec);
                relaying[0] = relay;
                out.println("accepted the sender " + connection.peer() + connection.peerSubject().map(s -> " (mutual TLS: " + s + ")")
                        .orElse(" (plain TCP)") + "; running: " + exec);
                out.flush();
                if (signals.received() != null) {
                    relay.stop(); // a signal between the accept and the publication above
                }
                return relay(relay, connection, signals, out, err);
            } finally {
                if (portFile != null) {
                    Files.deleteIfExists(portFile);
                }
            }
        }
    }

    private int relay(CommandRelay relay, PeerConnection connection, SignalStop signals, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        CommandRelay.Outcome outcome;
        try {
            outcome = relay.run();
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; closed the connection from the sender " + connection.peer(), e);
        }
        if (outcome.stopped()) {
            throw new IOException("interrupted (" + signals.received() + "): stopped the command (exit status "
                    + outcome.exitStatus() + ") and closed the connection from the sender " + connection.peer()
                    + " after " + outcome.fromSender() + " bytes from it and " + outcome.toSender() + " back");
        }
        String name = spec.qualifiedName();
        synchronized (err) {
            for (String problem : new String[] {outcome.inboundProblem(), outcome.outboundProblem()}) {
                if (problem != null) {
                    err.println(name + ": " + problem);
                }
            }
            err.flush();
        }
        out.printf(Locale.ROOT, "the command exited with status %d; relayed %d bytes from the sender %s and %d back in %.3f s%n",
                outcome.exitStatus(), outcome.fromSender(), connection.peer(), outcome.toSender(),
                outcome.elapsed().toNanos() / 1e9);
        out.flush();
        return outcome.exitStatus();
    }

    private static void closeQuietly(TcpListener listener) {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                // the accept fails through its own path
            }
        }
    }
}
