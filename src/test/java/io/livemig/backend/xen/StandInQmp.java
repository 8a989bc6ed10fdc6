package io.livemig.backend.xen;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for QEMU's QMP monitor on a real Unix socket, speaking real JSON: a greeting, then one
 * answer per command, an event now and then (as QEMU sends STOP and RESUME), and
 * {@code xen-save-devices-state} writing {@link #state} into the file it names. A test scripts
 * failures per command: an error answer, no answer, or a closed socket. Connections are served one
 * after another, as QEMU's monitor does; every command received is recorded.
 */
final class StandInQmp implements AutoCloseable {
    enum Failure { REFUSE, SILENT, CLOSE }

    private final ServerSocketChannel server;
    private final Thread thread;
    private final byte[] state;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<JsonObject> arguments = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    StandInQmp(Path socket, byte[] state) throws IOException {
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.state = state;
        this.thread = Thread.ofPlatform().daemon().name("stand-in QMP").start(this::serve);
    }

    /** Makes {@code command} fail this way from now on. */
    void fail(String command, Failure how) {
        failures.put(command, how);
    }

    /** The commands received, in order ("qmp_capabilities", "stop", ...). */
    List<String> received() {
        return List.copyOf(received);
    }

    /** The arguments of each command received ({} when none). */
    List<JsonObject> arguments() {
        return List.copyOf(arguments);
    }

    private void serve() {
        while (!closed) {
            try (SocketChannel client = server.accept()) {
                converse(client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void converse(SocketChannel client) throws IOException {
        OutputStream out = Channels.newOutputStream(client);
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        send(out, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"stand-in\"},"
                + " \"capabilities\": [\"oob\"]}}");
        String line;
        while ((line = in.readLine()) != null) {
            JsonObject request = JsonParser.parseString(line).getAsJsonObject();
            String command = request.get("execute").getAsString();
            received.add(command);
            arguments.add(request.has("arguments") ? request.getAsJsonObject("arguments") : new JsonObject());
            String id = request.has("id") ? ", \"id\": " + request.get("id") : "";
            Failure failure = failures.get(command);
            if (failure == Failure.CLOSE) {
                return;
            }
            if (failure == Failure.SILENT) {
                continue;
            }
            if (failure == Failure.REFUSE) {
                send(out, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"stand-in refuses " + command + "\"}" + id + "}");
                continue;
            }
            switch (command) {
                case "stop" -> send(out, "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}");
                case "cont" -> send(out, "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 3}, \"event\": \"RESUME\"}");
                case "xen-save-devices-state" -> Files.write(Path.of(request.getAsJsonObject("arguments").get("filename").getAsString()), state);
                default -> {
                }
            }
            send(out, "{\"return\": {}" + id + "}");
        }
    }

    private static void send(OutputStream out, String message) throws IOException {
        out.write((message + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        thread.interrupt();
    }
}
