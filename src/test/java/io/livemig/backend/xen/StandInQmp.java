package io.livemig.backend.xen;

import static io.livemig.posix.Libc.*;

import com.google.gson.JsonObject;
import io.livemig.posix.Libc;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for QEMU's QMP monitor on a real Unix socket, speaking real JSON: a greeting, then one
 * answer per command, an event now and then (as QEMU sends STOP and RESUME), {@code add-fd} taking
 * the descriptor that came with the command ({@code SCM_RIGHTS}, received with {@code recvmsg}) into
 * an fdset, and {@code xen-save-devices-state} writing {@link #state} into the file it names, a
 * {@code /dev/fdset/N} through that descriptor as QEMU does. A test scripts failures per command: an
 * error answer, no answer, or a closed socket. Connections are served one after another, as QEMU's
 * monitor does; every command received is recorded.
 */
final class StandInQmp implements AutoCloseable {
    enum Failure { REFUSE, SILENT, CLOSE }

    private final int server;
    private final Thread thread;
    private final byte[] state;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<JsonObject> arguments = new CopyOnWriteArrayList<>();
    /** fdset id -> the descriptor QEMU keeps in it (this process's copy). */
    private final Map<Integer, Integer> fdsets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    StandInQmp(Path socket, byte[] state) throws IOException {
        Files.deleteIfExists(socket);
        this.state = state;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = captureState(arena);
            int fd = (int) SOCKET.invokeExact(errno, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("socket", errno);
            }
            MemorySegment address = sockaddrUnix(arena, socket.toString().getBytes(StandardCharsets.UTF_8));
            if ((int) BIND.invokeExact(errno, fd, address, (int) SOCKADDR_UN.byteSize()) != 0
                    || (int) LISTEN.invokeExact(errno, fd, 4) != 0) {
                IOException e = failure("bind/listen " + socket, errno);
                Libc.close(fd);
                throw e;
            }
            this.server = fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        this.thread = Thread.ofPlatform().daemon().name("stand-in QMP").start(this::serve);
    }

    /** Makes {@code command} fail this way from now on; null: answer it again. */
    void fail(String command, Failure how) {
        if (how == null) {
            failures.remove(command);
        } else {
            failures.put(command, how);
        }
    }

    /** The commands received, in order ("qmp_capabilities", "stop", ...). */
    List<String> received() {
        return List.copyOf(received);
    }

    /** The arguments of each command received ({} when none). */
    List<JsonObject> arguments() {
        return List.copyOf(arguments);
    }

    /** How many fdsets QEMU holds now (each holds one descriptor here). */
    int fdsets() {
        return fdsets.size();
    }

    private void serve() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = captureState(arena);
            MemorySegment pollfd = arena.allocate(POLLFD);
            while (!closed) {
                pollfd.set(ValueLayout.JAVA_INT, 0, server);
                pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                if ((int) POLL.invokeExact(errno, pollfd, 1L, 100) <= 0) {
                    continue;
                }
                int client = (int) ACCEPT4.invokeExact(errno, server, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
                if (client < 0) {
                    continue;
                }
                try {
                    converse(client, arena);
                } catch (IOException e) {
                    // the client went away; serve the next one
                } finally {
                    Libc.close(client);
                }
            }
        } catch (Throwable t) {
            if (!closed) {
                throw new AssertionError(t);
            }
        }
    }

    private void converse(int client, Arena arena) throws Throwable {
        send(client, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"stand-in\"},"
                + " \"capabilities\": [\"oob\"]}}");
        MemorySegment errno = captureState(arena);
        MemorySegment data = arena.allocate(4096);
        MemorySegment iov = arena.allocate(IOVEC);
        MemorySegment control = arena.allocate(CMSG_ONE_FD);
        MemorySegment message = arena.allocate(MSGHDR);
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int passedFd = -1;
        while (!closed) {
            iov.set(ValueLayout.ADDRESS, 0, data);
            iov.set(ValueLayout.JAVA_LONG, 8, data.byteSize());
            message.fill((byte) 0);
            control.fill((byte) 0);
            message.set(ValueLayout.ADDRESS, MSG_IOV, iov);
            message.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1);
            message.set(ValueLayout.ADDRESS, MSG_CONTROL, control);
            message.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
            long n = (long) RECVMSG.invokeExact(errno, client, message, 0);
            if (n <= 0) {
                return;
            }
            if (message.get(ValueLayout.JAVA_LONG, MSG_CONTROLLEN) >= CMSG_LEN_ONE_FD
                    && control.get(ValueLayout.JAVA_INT, CMSG_LEVEL) == SOL_SOCKET
                    && control.get(ValueLayout.JAVA_INT, CMSG_TYPE) == SCM_RIGHTS) {
                passedFd = control.get(ValueLayout.JAVA_INT, CMSG_FD); // as QEMU: the next add-fd takes it
            }
            pending.write(data.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
            byte[] bytes = pending.toByteArray();
            int start = 0;
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            pending.reset();
            pending.write(bytes, start, bytes.length - start);
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject request = JsonParser.parseString(line).getAsJsonObject();
                String command = request.get("execute").getAsString();
                received.add(command);
                arguments.add(request.has("arguments") ? request.getAsJsonObject("arguments") : new JsonObject());
                String id = request.has("id") ? ", \"id\": " + request.get("id") : "";
                Failure failure = failures.get(command);
                if (failure == Failure.CLOSE) {
                    throw new IOException("closed as scripted");
                }
                if (failure == Failure.SILENT) {
                    continue;
                }
                if (failure == Failure.REFUSE) {
                    send(client, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"stand-in refuses " + command + "\"}" + id + "}");
                    continue;
                }
                String answer = "{}";
                switch (command) {
                    case "stop" -> send(client, "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}");
                    case "cont" -> send(client, "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 3}, \"event\": \"RESUME\"}");
                    case "add-fd" -> {
                        if (passedFd < 0) {
                            send(client, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"No file descriptor supplied via SCM_RIGHTS\"}"
                                    + id + "}");
                            continue;
                        }
                        int fdset = 0;
                        while (fdsets.containsKey(fdset)) {
                            fdset++;
                        }
                        fdsets.put(fdset, passedFd);
                        answer = "{\"fdset-id\": " + fdset + ", \"fd\": " + passedFd + "}";
                        passedFd = -1;
                    }
                    case "xen-save-devices-state" -> save(request.getAsJsonObject("arguments").get("filename").getAsString(), arena);
                    default -> {
                    }
                }
                send(client, "{\"return\": " + answer + id + "}");
            }
        }
    }

    /** Writes the state by name, or through the fdset's descriptor, which is then closed (QEMU drops the fdset). */
    private void save(String filename, Arena arena) throws Throwable {
        if (!filename.startsWith("/dev/fdset/")) {
            Files.write(Path.of(filename), state);
            return;
        }
        Integer fd = fdsets.remove(Integer.parseInt(filename.substring("/dev/fdset/".length())));
        if (fd == null) {
            throw new IOException("no fdset for " + filename);
        }
        try {
            MemorySegment bytes = arena.allocate(Math.max(1, state.length));
            MemorySegment.copy(state, 0, bytes, ValueLayout.JAVA_BYTE, 0, state.length);
            long written = state.length == 0 ? 0 : (long) WRITE.invokeExact(captureState(arena), (int) fd, bytes, (long) state.length);
            if (written != state.length) {
                throw new IOException("write to " + filename + ": " + written + " of " + state.length + " bytes");
            }
        } finally {
            Libc.close(fd);
        }
    }

    private static void send(int client, String message) throws IOException {
        byte[] bytes = (message + "\r\n").getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = captureState(arena);
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            long done = 0;
            while (done < bytes.length) {
                long n = (long) SEND.invokeExact(errno, client, out.asSlice(done), bytes.length - done, MSG_NOSIGNAL);
                if (n < 0) {
                    throw failure("send", errno);
                }
                done += n;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Libc.close(server);
        fdsets.values().forEach(Libc::close);
    }
}
