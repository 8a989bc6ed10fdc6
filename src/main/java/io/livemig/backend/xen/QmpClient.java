package io.livemig.backend.xen;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.livemig.backend.DomainException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A client of QEMU's monitor protocol (QMP) on a Unix socket, as libxl talks to a domain's device
 * model (libxl_qmp.c): read the greeting, {@code qmp_capabilities}, then one command at a time,
 * each answered by {"return": ...} or {"error": {"class": ..., "desc": ...}}; asynchronous events
 * ({"event": ...}) in between are skipped. Every wait is bounded by the timeout given at connect.
 *
 * <p>Each failure is one {@link QmpException} naming the command, whose device model it was, and
 * what happened: QEMU's error class and description, no answer in time, the socket closed, or an
 * answer that is not QMP.
 */
final class QmpClient implements AutoCloseable {
    /** The longest message accepted (QMP's answers here are a few hundred bytes). */
    static final int MAX_MESSAGE = 1 << 20;

    private final SocketChannel channel;
    private final Selector selector;
    private final String who;
    private final long timeoutNanos;
    private final ByteBuffer in = ByteBuffer.allocate(8192);
    private final StringBuilder line = new StringBuilder();
    private int id;

    /** A failed QMP exchange, in one line. */
    static final class QmpException extends DomainException {
        private final String errorClass;

        QmpException(String message, String errorClass) {
            super(message);
            this.errorClass = errorClass;
        }

        /** QEMU's error class ("GenericError", ...), or null when QEMU sent no error. */
        String errorClass() {
            return errorClass;
        }
    }

    private QmpClient(SocketChannel channel, Selector selector, String who, Duration timeout) {
        this.channel = channel;
        this.selector = selector;
        this.who = who;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Connects to the QMP socket at {@code socket}, reads QEMU's greeting and enters command mode.
     *
     * @param who the device model, for messages ("the device model of domid 5")
     */
    static QmpClient connect(Path socket, String who, Duration timeout) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new QmpException("QMP: cannot open a Unix socket for " + who + ": " + e.getMessage(), null);
        }
        QmpClient client = null;
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            client = new QmpClient(channel, selector, who + " (" + socket + ")", timeout);
            JsonObject greeting = client.next("the greeting");
            if (!greeting.has("QMP")) {
                throw new QmpException("QMP greeting of " + client.who + ": expected {\"QMP\": ...}, got " + abbreviate(greeting), null);
            }
            client.execute("qmp_capabilities", null);
            return client;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new QmpException("QMP: cannot connect to " + who + " at " + socket + ": " + e.getMessage()
                    + " (is the domain's device model running?)", null);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            } else {
                closeQuietly(channel);
            }
            throw e;
        }
    }

    /**
     * Runs {@code command} with {@code arguments} (null for none) and returns its "return" value.
     *
     * @throws QmpException when QEMU answers with an error, in time or at all
     */
    JsonElement execute(String command, JsonObject arguments) {
        JsonObject request = new JsonObject();
        request.addProperty("execute", command);
        if (arguments != null) {
            request.add("arguments", arguments);
        }
        request.addProperty("id", "livemig-" + ++id);
        byte[] bytes = (request + "\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            long deadline = System.nanoTime() + timeoutNanos;
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    waitFor(SelectionKey.OP_WRITE, deadline, command);
                }
            }
        } catch (IOException e) {
            throw new QmpException("QMP " + command + " to " + who + ": the command could not be sent: " + e.getMessage(), null);
        }
        while (true) {
            JsonObject answer = next(command);
            if (answer.has("event")) {
                continue;
            }
            if (answer.has("error")) {
                JsonElement error = answer.get("error");
                String errorClass = "unknown";
                String desc = "";
                if (error.isJsonObject()) {
                    JsonObject e = error.getAsJsonObject();
                    errorClass = e.has("class") ? e.get("class").getAsString() : errorClass;
                    desc = e.has("desc") ? e.get("desc").getAsString() : desc;
                }
                throw new QmpException("QMP " + command + " to " + who + " failed: " + errorClass + (desc.isEmpty() ? "" : ": " + desc),
                        errorClass);
            }
            if (answer.has("return")) {
                return answer.get("return");
            }
            throw new QmpException("QMP " + command + " to " + who + ": the answer is neither a return nor an error: "
                    + abbreviate(answer), null);
        }
    }

    /** The next message: one JSON object on one line. */
    private JsonObject next(String waitingFor) {
        long deadline = System.nanoTime() + timeoutNanos;
        line.setLength(0);
        try {
            while (true) {
                in.flip();
                while (in.hasRemaining()) {
                    char c = (char) (in.get() & 0xFF);
                    if (c == '\n') {
                        in.compact();
                        String text = line.toString().strip();
                        line.setLength(0);
                        if (text.isEmpty()) {
                            in.flip();
                            continue;
                        }
                        return parse(text, waitingFor);
                    }
                    if (line.length() >= MAX_MESSAGE) {
                        throw new QmpException("QMP " + waitingFor + " from " + who + ": a message longer than " + MAX_MESSAGE + " bytes", null);
                    }
                    line.append(c);
                }
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    throw new QmpException("QMP " + waitingFor + " to " + who + ": the device model closed the connection", null);
                }
                if (n == 0) {
                    waitFor(SelectionKey.OP_READ, deadline, waitingFor);
                }
            }
        } catch (IOException e) {
            throw new QmpException("QMP " + waitingFor + " to " + who + ": " + e.getMessage(), null);
        }
    }

    private JsonObject parse(String text, String waitingFor) {
        try {
            JsonElement e = JsonParser.parseString(new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (JsonParseException | IllegalStateException malformed) {
            // reported below
        }
        throw new QmpException("QMP " + waitingFor + " from " + who + ": not a JSON object: " + abbreviate(text), null);
    }

    private void waitFor(int op, long deadline, String waitingFor) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(op);
        long left = deadline - System.nanoTime();
        if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && System.nanoTime() >= deadline) {
            throw new QmpException("QMP " + waitingFor + " to " + who + ": no answer within " + Duration.ofNanos(timeoutNanos).toMillis()
                    + " ms", null);
        }
        selector.selectedKeys().clear();
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // the channel is closed below either way
        }
        closeQuietly(channel);
    }
}
