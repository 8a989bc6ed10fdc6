package io.livemig.migrate;

import io.livemig.posix.Libc;
import io.livemig.transport.FdChannel;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The link {@code xl migrate} makes: {@code sh -c RUNE} as a child process (RUNE is
 * {@code exec ssh HOST xl migrate-receive}, or the host argument itself when the ssh command is
 * empty), its standard input our sending side, its standard output our receiving side, its
 * standard error ours.
 *
 * <p>Both pipes are FIFOs made in a private temporary directory and opened here before the child
 * starts, so that the sending side is an {@link FdChannel} on the FIFO's descriptor: the stream's
 * gathering writes go from guest memory into the pipe with writev and no copy (a {@code Process}'s
 * own pipe is a buffered stream).
 * Each FIFO is first held open for reading and writing, so that neither open blocks, and that
 * extra end is closed once the child has its own: the child is then the only reader of what we
 * send (its death fails our writes with EPIPE) and the only writer of what we read (its exit ends
 * our reads). The FIFOs' names are removed as soon as the child has started.
 */
public final class CommandLink implements MigrationLink {
    /** How long {@link #peerOutcome()} waits for the command, as xl's migration_child_report does. */
    static final long EXIT_WAIT_MILLIS = 2000;

    private final String rune;
    private final Process child;
    private final FdChannel send;
    private final FdChannel receive;
    private boolean closed;

    private CommandLink(String rune, Process child, FdChannel send, FdChannel receive) {
        this.rune = rune;
        this.child = child;
        this.send = send;
        this.receive = receive;
    }

    /**
     * Starts {@code sh -c rune}.
     *
     * @throws IOException naming the rune when the FIFOs cannot be made or the shell cannot start
     */
    public static CommandLink start(String rune) throws IOException {
        Path dir = Files.createTempDirectory("livemig-link-");
        Path toChild = dir.resolve("to-receiver");
        Path fromChild = dir.resolve("from-receiver");
        FdChannel send = null;
        FdChannel receive = null;
        try {
            mkfifo(toChild);
            mkfifo(fromChild);
            try (FileChannel holdTo = FileChannel.open(toChild, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileChannel holdFrom = FileChannel.open(fromChild, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                send = FdChannel.open(toChild, Libc.O_WRONLY, 0);
                receive = FdChannel.open(fromChild, Libc.O_RDONLY, 0);
                Process child = new ProcessBuilder("sh", "-c", rune).redirectInput(toChild.toFile())
                        .redirectOutput(fromChild.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                return new CommandLink(rune, child, send, receive);
            }
        } catch (IOException e) {
            closeQuietly(send);
            closeQuietly(receive);
            throw new IOException("cannot start the receiving command `" + rune + "`: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(toChild);
            Files.deleteIfExists(fromChild);
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public GatheringByteChannel send() {
        return send;
    }

    @Override
    public ReadableByteChannel receive() {
        return receive;
    }

    @Override
    public String description() {
        return "command `" + rune + "`";
    }

    /** The child command (for tests). */
    Process child() {
        return child;
    }

    @Override
    public synchronized void closeSend() throws IOException {
        send.close();
    }

    /**
     * Waits up to {@value #EXIT_WAIT_MILLIS} ms for the command to exit, as xl does after a
     * failure; one that does not is ended (it is ours, and the migration is over).
     */
    @Override
    public Optional<String> peerOutcome() {
        try {
            if (!child.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                child.destroy();
                return Optional.of("the receiving command did not exit within " + EXIT_WAIT_MILLIS / 1000 + " s and was ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return Optional.of("the receiving command was ended");
        }
        int status = child.exitValue();
        return status == 0 ? Optional.empty() : Optional.of("the receiving command exited with status " + status);
    }

    /** Closes both pipes; the command then reads the end of its input. It is not waited for (see {@link #peerOutcome()}). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (receive) {
            send.close();
        }
    }

    private static void closeQuietly(FdChannel c) {
        if (c != null) {
            c.close();
        }
    }

    // ---- mkfifo(3), which Java has no call for

    /** Makes a FIFO readable and writable by this user only. */
    static void mkfifo(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) Libc.MKFIFO.invokeExact(state, arena.allocateFrom(path.toString()), 0600);
            if (rc != 0) {
                throw Libc.failure("mkfifo " + path, state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("mkfifo " + path + " failed: " + e, e);
        }
    }
}
