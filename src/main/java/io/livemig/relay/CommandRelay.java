package io.livemig.relay;

import io.livemig.transport.PeerConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Carries one sender's connection both ways to a local receiving command, as sshd carries
 * {@code xl migrate} to {@code xl migrate-receive}: the command runs as {@code sh -c COMMAND} (as xl
 * runs its rune, {@code sh} found on PATH), bytes from the connection go to its standard input,
 * bytes from its standard output go back over the connection, and its standard error is this
 * process's.
 *
 * <p>Each direction is one thread moving what one read brings (up to {@link #INBOUND_BUFFER_BYTES}
 * towards the command, {@link #OUTBOUND_BUFFER_BYTES} back) through one buffer allocated once: no
 * per-byte work, no allocation per transfer. The directions end on their own and in order: the
 * sender's end of stream (or a broken connection) closes the command's input; the end of the
 * command's output shuts down the connection's output, so the sender reads end of stream right
 * after the command's last byte. A command that stops reading leaves the sender's further bytes
 * unread; a connection that breaks under a reply closes the command's output pipe (its next write
 * fails, as through a dead ssh).
 *
 * <p>{@link #run()} returns once the command has exited and its output has been carried; it then
 * waits up to {@link #SENDER_CLOSE_GRACE} for the sender to end its side, and closes the connection.
 * {@link #stop()} cuts everything short from another thread.
 */
public final class CommandRelay {
    /** Towards the command: the migration stream, the bulk of the traffic. */
    public static final int INBOUND_BUFFER_BYTES = 1 << 20;
    /** Back to the sender: the command's short protocol messages. */
    public static final int OUTBOUND_BUFFER_BYTES = 64 << 10;
    /** After the command has exited and its output went out: how long the sender has to close its side. */
    public static final Duration SENDER_CLOSE_GRACE = Duration.ofSeconds(5);
    /** After {@link #stop()} sent SIGTERM: how long the command has before SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final PeerConnection connection;
    private final String command;
    private volatile Process process;
    private volatile boolean stopped;
    /** Set when {@link #run()} closes the connection itself, after the command's end. */
    private volatile boolean closing;
    private volatile long fromSender;
    private volatile long toSender;
    /** Why the sender-to-command direction ended early, or null. */
    private volatile String inboundProblem;
    /** Why the command-to-sender direction ended early, or null. */
    private volatile String outboundProblem;

    /**
     * @param connection the sender's connection; the relay owns it from {@link #run()} on and closes it
     * @param command    a shell command line, run as {@code sh -c command}
     */
    public CommandRelay(PeerConnection connection, String command) {
        this.connection = connection;
        this.command = command;
    }

    /**
     * How a relay ended.
     *
     * @param exitStatus      the command's exit status (128 + N when signal N ended it, as a shell reports it)
     * @param fromSender      bytes carried from the sender to the command's input
     * @param toSender        bytes carried from the command's output to the sender
     * @param inboundProblem  why the sender-to-command direction ended before the sender's end of
     *                        stream ("the connection from the sender ... broke off ..."), or null
     * @param outboundProblem why the command-to-sender direction ended before the command's end of
     *                        output, or null
     * @param stopped         whether {@link #stop()} cut it short
     * @param elapsed         from the command's start to the end
     */
    public record Outcome(int exitStatus, long fromSender, long toSender, String inboundProblem, String outboundProblem,
                          boolean stopped, Duration elapsed) {
    }

    /**
     * Starts the command and relays until it has exited and its output has been carried, then
     * closes the connection.
     *
     * @throws IOException when the command cannot be started ("cannot run sh -c '...': ..."); the
     *                     connection is closed then too
     */
    public Outcome run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        try {
            try {
                process = new ProcessBuilder(List.of("sh", "-c", command))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
                throw new IOException("cannot run sh -c '" + command + "': " + why, e);
            }
            if (stopped) {
                kill(process);
            }
            Thread inbound = Thread.ofPlatform().name("relay from " + connection.peer()).start(this::senderToCommand);
            Thread outbound = Thread.ofPlatform().name("relay to " + connection.peer()).start(this::commandToSender);
            int status = process.waitFor();
            outbound.join();
            inbound.join(SENDER_CLOSE_GRACE);
            closing = true;
            connection.close(); // a sender that has not ended its side is cut off now
            inbound.join();
            return new Outcome(status, fromSender, toSender, inboundProblem, outboundProblem, stopped,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            connection.close();
            Process p = process;
            if (p != null && p.isAlive()) { // only when interrupted while waiting
                kill(p);
            }
        }
    }

    private void senderToCommand() {
        byte[] bytes = new byte[INBOUND_BUFFER_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        OutputStream input = process.getOutputStream();
        try {
            while (true) {
                buffer.clear();
                int n;
                try {
                    n = connection.read(buffer);
                } catch (IOException e) {
                    // after the command's end, what the sender does no longer matters
                    if (!stopped && !closing && process.isAlive()) {
                        inboundProblem = "the connection from the sender " + connection.peer() + " broke off after "
                                + fromSender + " bytes (" + reason(e) + "); closed the command's input";
                    }
                    return;
                }
                if (n < 0) {
                    return;
                }
                try {
                    // Process's stream buffers what is shorter than its buffer: flush so that a short
                    // protocol message reaches the command now
                    input.write(bytes, 0, n);
                    input.flush();
                } catch (IOException e) {
                    if (!stopped && process.isAlive()) {
                        inboundProblem = "the command stopped reading its input after " + fromSender + " bytes (" + reason(e) + ")";
                    }
                    return; // an exited command: its status tells why
                }
                fromSender += n;
            }
        } finally {
            closeQuietly(input);
        }
    }

    private void commandToSender() {
        byte[] bytes = new byte[OUTBOUND_BUFFER_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        InputStream output = process.getInputStream();
        try {
            while (true) {
                int n;
                try {
                    n = output.read(bytes);
                } catch (IOException e) {
                    if (!stopped) {
                        outboundProblem = "reading the command's output failed after " + toSender + " bytes: " + reason(e);
                    }
                    return;
                }
                if (n < 0) {
                    try {
                        connection.shutdownOutput();
                    } catch (IOException e) {
                        if (!stopped) {
                            outboundProblem = "ending the connection's output to the sender " + connection.peer() + " failed: "
                                    + reason(e);
                        }
                    }
                    return;
                }
                buffer.clear().limit(n);
                try {
                    while (buffer.hasRemaining()) {
                        connection.write(buffer);
                    }
                } catch (IOException e) {
                    if (!stopped) {
                        outboundProblem = "the connection to the sender " + connection.peer() + " broke off after " + toSender
                                + " bytes back (" + reason(e) + "); closed the command's output";
                    }
                    return;
                }
                toSender += n;
            }
        } finally {
            closeQuietly(output);
        }
    }

    /**
     * Cuts the relay short, from any thread: SIGTERM to the command and what it started (SIGKILL
     * after {@link #STOP_GRACE}), and the connection closed. {@link #run()} then returns with
     * {@link Outcome#stopped()}.
     */
    public void stop() {
        stopped = true;
        Process p = process;
        if (p != null) {
            kill(p);
        }
        closeQuietly(connection);
    }

    /** SIGTERM to the command and its descendants, SIGKILL to what is left after the grace. */
    private static void kill(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        // the command first: a shell whose child died first could end on its own (status 0)
        // before its own signal arrives, and the relay would report a clean exit
        p.destroy();
        tree.forEach(ProcessHandle::destroy);
        Thread.ofVirtual().name("relay stop grace").start(() -> {
            try {
                if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    tree.forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** SIGKILL to the command and its descendants at once (a second signal). */
    public void killNow() {
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The command line, as given. */
    public String command() {
        return command;
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "closed" : m;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // the relay ends either way; its outcome says how
        }
    }
}
