package io.livemig.migrate;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The fixed messages of xl's migration protocol (Xen 4.17 tools/xl/xl.h), exactly as they go on
 * the wire: the receiver's banner without its terminating NUL ({@code sizeof - 1}), the others
 * with it ({@code sizeof}). After {@link #REPORT} comes one status byte: 0 when the receiver's
 * copy runs, else the receiver failed (then {@link #GO} travels back as the sender's permission to
 * resume its own copy).
 *
 * <pre>
 *   receiver                                        sender
 *   BANNER          ------------------------------>
 *                   <------------------------------  xl header, domain config, libxl stream
 *   READY           ------------------------------>
 *                   <------------------------------  GO (rename away first)
 *   REPORT, status  ------------------------------>
 *   [status != 0: GO, the permission to resume] -->
 * </pre>
 */
public enum XlMessage {
    /** migrate_receiver_banner, sent without its NUL. */
    BANNER("xl migration receiver ready, send binary domain data.\n", false, "banner"),
    /** migrate_receiver_ready: the receiver has the whole stream. */
    READY("domain received, ready to unpause", true, "ready message"),
    /** migrate_permission_to_go: the sender's go, and (back) the receiver's permission to resume. */
    GO("domain is yours, you are cleared to unpause", true, "GO message"),
    /** migrate_report, followed by the status byte. */
    REPORT("my copy unpause results are as follows", true, "success/failure report message");

    /** Longest piece of unexpected data quoted in an error. */
    private static final int QUOTED = 48;

    private final byte[] wire;
    private final String what;

    XlMessage(String text, boolean withNul, String what) {
        byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
        this.wire = withNul ? java.util.Arrays.copyOf(chars, chars.length + 1) : chars;
        this.what = what;
    }

    /** The bytes on the wire. */
    public byte[] bytes() {
        return wire.clone();
    }

    public int length() {
        return wire.length;
    }

    /** What xl calls it in its errors ("banner", "ready message", ...). */
    public String what() {
        return what;
    }

    /** Writes the message whole. */
    public void write(WritableByteChannel out) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(wire);
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /**
     * Reads exactly this message's length and compares it, as xl's migrate_read_fixedmessage does.
     *
     * @throws EOFException      when the stream ends first (saying after how many bytes)
     * @throws ProtocolException when other bytes arrived (quoting them)
     */
    public void read(ReadableByteChannel in) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(wire.length);
        readFully(in, b, "the " + what);
        for (int i = 0; i < wire.length; i++) {
            if (b.get(i) != wire[i]) {
                throw new ProtocolException("unexpected data instead of the " + what + ": " + quote(b.array(), wire.length));
            }
        }
    }

    /**
     * Reads the status byte that follows {@link #REPORT}.
     *
     * @return 0..255
     */
    public static int readStatus(ReadableByteChannel in) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        readFully(in, b, "the status byte");
        return b.get(0) & 0xFF;
    }

    /** Writes the status byte that follows {@link #REPORT}. */
    public static void writeStatus(WritableByteChannel out, int status) throws IOException {
        if (status < 0 || status > 255) {
            throw new IllegalArgumentException("a status byte is 0..255: " + status);
        }
        ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) status});
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static void readFully(ReadableByteChannel in, ByteBuffer b, String what) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                throw new EOFException(b.position() == 0 ? "the connection ended before " + what
                        : "the connection ended after " + b.position() + " of the " + b.capacity() + " bytes of " + what
                                + " (" + quote(b.array(), b.position()) + ")");
            }
        }
    }

    /** "\"xl migration rec\\n...\"": printable ASCII as is, other bytes escaped, at most {@value #QUOTED} bytes. */
    static String quote(byte[] bytes, int length) {
        StringBuilder s = new StringBuilder("\"");
        int n = Math.min(length, QUOTED);
        for (int i = 0; i < n; i++) {
            int c = bytes[i] & 0xFF;
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        s.append((char) c);
                    } else {
                        s.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return s.append(length > n ? "\"..." : "\"").toString();
    }
}
