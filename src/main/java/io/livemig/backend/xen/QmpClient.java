package io.livemig.backend.xen;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.livemig.backend.DomainException;
import java.io.IOException;
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
 *
 * <p>The socket is a {@link UnixSocket} on its raw descriptor, so that a command can carry a file
 * descriptor ({@code add-fd}), as libxl hands QEMU the file it saves its state into.
 */
final class QmpClient implements AutoCloseable {
    /** The longest message accepted (QMP's answers here are a few hundred bytes). */
    static final int MAX_MESSAGE = 1 << 20;

    private final UnixSocket socket;
    private final String who;
    private final long timeoutNanos;
    private final byte[] in = new byte[8192];
    private int inStart;
    private int inEnd;
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

    private QmpClient(UnixSocket socket, String who, Duration timeout) {
        this.socket = socket;
        this.who = who;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Connects to the QMP socket at {@code socket}, reads QEMU's greeting and enters command mode.
     *
     * @param who the device model, for messages ("the device model of domid 5")
     */
    static QmpClient connect(Path socket, String who, Duration timeout) {
        UnixSocket unix;
        try {
            unix = UnixSocket.connect(socket);
        } catch (IOException e) {
            throw new QmpException("QMP: cannot connect to " + who + " at " + socket + ": " + e.getMessage()
                    + " (is the domain's device model running?)", null);
        }
        QmpClient client = new QmpClient(unix, who + " (" + socket + ")", timeout);
        try {
            JsonObject greeting = client.next("the greeting");
            if (!greeting.has("QMP")) {
                throw new QmpException("QMP greeting of " + client.who + ": expected {\"QMP\": ...}, got " + abbreviate(greeting), null);
            }
            client.execute("qmp_capabilities", null);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Runs {@code command} with {@code arguments} (null for none) and returns its "return" value.
     *
     * @throws QmpException when QEMU answers with an error, in time or at all
     */
    JsonElement execute(String command, JsonObject arguments) {
        return execute(command, arguments, -1);
    }

    /**
     * Runs {@code command} with {@code arguments} (null for none), the command's first byte carrying
     * the descriptor {@code passFd} when it is >= 0 (for {@code add-fd}); the caller keeps and closes
     * its copy of the descriptor.
     *
     * @throws QmpException when QEMU answers with an error, in time or at all
     */
    JsonElement execute(String command, JsonObject arguments, int passFd) {
        JsonObject request = new JsonObject();
        request.addProperty("execute", command);
        if (arguments != null) {
            request.add("arguments", arguments);
        }
        request.addProperty("id", "livemig-" + ++id);
        byte[] bytes = (request + "\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(bytes, passFd, System.nanoTime() + timeoutNanos);
        } catch (UnixSocket.SocketTimeout e) {
            throw timeout(command);
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
                while (inStart < inEnd) {
                    char c = (char) (in[inStart++] & 0xFF);
                    if (c == '\n') {
                        String text = line.toString().strip();
                        line.setLength(0);
                        if (text.isEmpty()) {
                            continue;
                        }
                        return parse(text, waitingFor);
                    }
                    if (line.length() >= MAX_MESSAGE) {
                        throw new QmpException("QMP " + waitingFor + " from " + who + ": a message longer than " + MAX_MESSAGE + " bytes", null);
                    }
                    line.append(c);
                }
                int n = socket.receive(in, deadline);
                if (n < 0) {
                    throw new QmpException("QMP " + waitingFor + " to " + who + ": the device model closed the connection", null);
                }
                inStart = 0;
                inEnd = n;
            }
        } catch (UnixSocket.SocketTimeout e) {
            throw timeout(waitingFor);
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

    private QmpException timeout(String waitingFor) {
        return new QmpException("QMP " + waitingFor + " to " + who + ": no answer within " + Duration.ofNanos(timeoutNanos).toMillis()
                + " ms", null);
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public void close() {
        socket.close();
    }
}
