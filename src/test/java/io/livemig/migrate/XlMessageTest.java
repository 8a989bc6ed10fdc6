package io.livemig.migrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The four messages byte for byte as Xen 4.17's tools/xl/xl.h has them, and how a wrong one is told. */
class XlMessageTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] withNul(String s) {
        byte[] a = ascii(s);
        return java.util.Arrays.copyOf(a, a.length + 1);
    }

    @Test
    void theBannerGoesWithoutItsNulTheOthersWithIt() {
        // sizeof(migrate_receiver_banner)-1, sizeof(the others): xl_migrate.c
        assertArrayEquals(ascii("xl migration receiver ready, send binary domain data.\n"), XlMessage.BANNER.bytes());
        assertEquals(54, XlMessage.BANNER.length());
        assertArrayEquals(withNul("domain received, ready to unpause"), XlMessage.READY.bytes());
        assertEquals(34, XlMessage.READY.length());
        assertArrayEquals(withNul("domain is yours, you are cleared to unpause"), XlMessage.GO.bytes());
        assertEquals(44, XlMessage.GO.length());
        assertArrayEquals(withNul("my copy unpause results are as follows"), XlMessage.REPORT.bytes());
        assertEquals(39, XlMessage.REPORT.length());
    }

    @Test
    void writtenAndReadBack() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel w = Channels.newChannel(out);
        XlMessage.REPORT.write(w);
        XlMessage.writeStatus(w, 255);
        ReadableByteChannel r = in(out.toByteArray());
        XlMessage.REPORT.read(r);
        assertEquals(255, XlMessage.readStatus(r));
        assertEquals(-1, r.read(java.nio.ByteBuffer.allocate(1)), "exactly the message and its byte were written");
    }

    @Test
    void otherBytesAreQuoted() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> XlMessage.BANNER.read(in(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\nPermission denied, please try again.\n"))));
        assertEquals("unexpected data instead of the banner: \"SSH-2.0-OpenSSH_9.2p1 Debian-2\\x0d\\nPermission denie\"...",
                e.getMessage());
        byte[] nearly = XlMessage.READY.bytes();
        nearly[nearly.length - 1] = '!';
        ProtocolException noNul = assertThrows(ProtocolException.class, () -> XlMessage.READY.read(in(nearly)));
        assertEquals("unexpected data instead of the ready message: \"domain received, ready to unpause!\"", noNul.getMessage());
    }

    @Test
    void anEndBeforeTheMessageSaysHowFarItGot() {
        EOFException none = assertThrows(EOFException.class, () -> XlMessage.BANNER.read(in(new byte[0])));
        assertEquals("the connection ended before the banner", none.getMessage());
        EOFException part = assertThrows(EOFException.class, () -> XlMessage.GO.read(in(ascii("domain is yours"))));
        assertEquals("the connection ended after 15 of the 44 bytes of the GO message (\"domain is yours\")", part.getMessage());
        EOFException status = assertThrows(EOFException.class, () -> XlMessage.readStatus(in(new byte[0])));
        assertEquals("the connection ended before the status byte", status.getMessage());
    }

    @Test
    void aStatusIsOneByte() {
        assertThrows(IllegalArgumentException.class, () -> XlMessage.writeStatus(Channels.newChannel(new ByteArrayOutputStream()), 256));
        assertThrows(IllegalArgumentException.class, () -> XlMessage.writeStatus(Channels.newChannel(new ByteArrayOutputStream()), -1));
    }

    private static ReadableByteChannel in(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }
}
