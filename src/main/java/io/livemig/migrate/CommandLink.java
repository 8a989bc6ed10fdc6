package io.livemig.migrate;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
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
 * starts, so that the sending side is a {@link FileChannel}: the stream's gathering writes go from
 * guest memory into the pipe without a copy (a {@code Process}'s own pipe is a buffered stream).
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
    private final FileChannel send;
    private final FileChannel receive;
    private boolean closed;

    private CommandLink(String rune, Process child, FileChannel send, FileChannel receive) {
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
        FileChannel send = null;
        FileChannel receive = null;
        try {
            mkfifo(toChild);
            mkfifo(fromChild);
            try (FileChannel holdTo = FileChannel.open(toChild, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileChannel holdFrom = FileChannel.open(fromChild, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                send = FileChannel.open(toChild, StandardOpenOption.WRITE);
                receive = FileChannel.open(fromChild, StandardOpenOption.READ);
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

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // the start failed; that is what is reported
            }
        }
    }

    // ---- mkfifo(3), which Java has no call for

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static MethodHandle mkfifo;

    private static synchronized MethodHandle mkfifoHandle() {
        if (mkfifo == null) {
            Linker linker = Linker.nativeLinker();
            MemorySegment symbol = linker.defaultLookup().find("mkfifo")
                    .orElseThrow(() -> new UnsupportedOperationException("this C library has no mkfifo"));
            mkfifo = linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
        }
        return mkfifo;
    }

    /** Makes a FIFO readable and writable by this user only. */
    static void mkfifo(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) mkfifoHandle().invokeExact(state, arena.allocateFrom(path.toString()), 0600);
            if (rc != 0) {
                int errno = (int) ERRNO.get(state, 0L);
                throw new IOException("mkfifo " + path + " failed (errno " + errno + ")");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("mkfifo " + path + " failed: " + e, e);
        }
    }
}
