package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The xl save-file header as xl's save_domain_core_writeconfig writes it, read back by the reader. */
class XlSaveHeaderTest {

    private static XlSaveHeader readBack(XlSaveHeader written) throws Exception {
        ByteBuffer header = written.encode();
        return readBack(Arrays.copyOf(header.array(), header.limit()));
    }

    private static XlSaveHeader readBack(byte[] header) throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(header);
        StreamBytes stream = StreamBytes.libxl();
        stream.headers(DomainType.X86_HVM).staticState().end();
        file.write(stream.bytes());
        StreamReader reader = new StreamReader(Channels.newChannel(new java.io.ByteArrayInputStream(file.toByteArray())),
                StreamReader.NO_PFN_LIMIT, true);
        assertEquals(StreamFraming.XL, reader.open());
        return reader.xlHeader();
    }

    @Test
    void aJsonConfigIsStoredWithItsNulAsXlDoes() throws Exception {
        byte[] json = "{\"c_info\": {\"type\": \"pvh\"}}".getBytes(StandardCharsets.UTF_8);
        XlSaveHeader h = XlSaveHeader.forConfig(json, true);
        ByteBuffer b = h.encode().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(XlHeaderDescriptor.LENGTH + 4 + json.length + 1, b.remaining());
        assertEquals(XlSaveHeader.FLAG_STREAM_V2 | XlSaveHeader.FLAG_JSON, b.getInt(36));
        assertEquals(0, b.getInt(40));
        assertEquals(4 + json.length + 1, b.getInt(44));
        assertEquals(json.length + 1, b.getInt(48));
        assertEquals(0, b.get(b.limit() - 1));

        XlSaveHeader read = readBack(h);
        assertTrue(read.configIsJson());
        assertEquals(new String(json, StandardCharsets.UTF_8), read.configText());
    }

    @Test
    void withoutAConfigOnlyTheLengthWordIsThere() throws Exception {
        XlSaveHeader h = XlSaveHeader.forConfig(new byte[0], true);
        ByteBuffer b = h.encode().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(XlHeaderDescriptor.LENGTH + 4, b.remaining());
        assertEquals(XlSaveHeader.FLAG_STREAM_V2, b.getInt(36), "no JSON flag without a config, as xl");
        assertEquals(4, b.getInt(44));
        assertEquals(0, b.getInt(48));
        XlSaveHeader read = readBack(h);
        assertFalse(read.configIsJson());
        assertEquals(0, read.config().length);
        assertEquals("", read.configText());
        assertEquals("a", new XlSaveHeader(XlSaveHeader.FLAG_STREAM_V2, 0, 7, new byte[] {'a', 0, 0}).configText());
    }

    @Test
    void aHeaderWithoutOptionalDataHasNoConfig() throws Exception {
        byte[] header = Arrays.copyOf(XlSaveHeader.forConfig(new byte[0], false).encode().array(), XlHeaderDescriptor.LENGTH);
        header[XlHeaderDescriptor.OPTIONAL_DATA_LENGTH_OFFSET] = 0;
        XlSaveHeader read = readBack(header);
        assertEquals(0, read.optionalDataLength());
        assertEquals(0, read.config().length);
    }

    @Test
    void anXlSyntaxConfigIsStoredVerbatim() throws Exception {
        byte[] text = "name = \"g\"\nmemory = 128\n".getBytes(StandardCharsets.UTF_8);
        XlSaveHeader read = readBack(XlSaveHeader.forConfig(text, false));
        assertFalse(read.configIsJson());
        assertArrayEquals(text, read.config());
    }
}
