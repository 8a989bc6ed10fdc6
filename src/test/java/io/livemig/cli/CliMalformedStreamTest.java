package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken streams through the CLI: receive and inspect both exit 1 with the same one line naming
 * the header or record and the offset, and receive never calls the destination complete.
 */
@Timeout(60)
class CliMalformedStreamTest {
    @TempDir
    static Path dir;

    private static byte[] valid;

    @BeforeAll
    static void saveOneGoodStream() throws IOException {
        Path stream = dir.resolve("good.stream");
        Cli.ok("save", "--sim", "16M", "--workload", "idle", "--non-live", "--to", stream.toString());
        valid = Files.readAllBytes(stream);
        // Sanity: the layout the cases below cut into (libxc image header, then the x86 HVM domain header).
        assertEquals(0x58454e46, ((valid[8] & 0xff) << 24) | ((valid[9] & 0xff) << 16) | ((valid[10] & 0xff) << 8) | (valid[11] & 0xff));
        assertEquals(2, valid[24]);
    }

    private static UnaryOperator<byte[]> truncatedTo(int length) {
        return b -> Arrays.copyOf(b, length);
    }

    private static UnaryOperator<byte[]> byteAt(int offset, int value) {
        return b -> {
            byte[] copy = b.clone();
            copy[offset] = (byte) value;
            return copy;
        };
    }

    static Stream<Arguments> brokenStreams() {
        return Stream.of(
                Arguments.of("empty", truncatedTo(0),
                        "stream header at offset 0: stream truncated at offset 0: the first 8 bytes incomplete (0 of 8 bytes)"),
                Arguments.of("garbage", (UnaryOperator<byte[]>) b -> {
                    byte[] g = new byte[5000];
                    new Random(7).nextBytes(g);
                    g[0] = 0x12;
                    return g;
                }, "stream header at offset 0: unrecognised stream: first bytes 0x12"),
                Arguments.of("marker flipped", byteAt(3, 0x5a), "stream header at offset 0: unrecognised stream: first bytes 0xffffff5affffffff"),
                Arguments.of("ident flipped", byteAt(8, 0x5a), "image header at offset 0: id 0x5a454e46 is not \"XENF\""),
                Arguments.of("version flipped", byteAt(15, 0x5a), "image header at offset 0: version 90 is not supported"),
                Arguments.of("options flipped", byteAt(16, 0x5a), "image header at offset 0: options 0x5a00 set reserved bits"),
                Arguments.of("domain type flipped", byteAt(24, 0x5a), "domain header at offset 24: type 90 (reserved) is not supported"),
                Arguments.of("truncated in the image header", truncatedTo(20), "image header at offset 0: stream truncated at offset 20"),
                Arguments.of("truncated in the domain header", truncatedTo(30),
                        "domain header at offset 24: stream truncated at offset 30: domain header incomplete (6 of 16 bytes)"),
                Arguments.of("truncated inside page data", truncatedTo(1_000_000),
                        "record 3 (PAGE_DATA) at offset 288: stream truncated at offset 1000000 inside the page data"),
                Arguments.of("truncated before END", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length - 8),
                        "stream truncated: it ends here, before the libxc END record"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenStreams")
    void receiveAndInspectRejectWithOneLine(String name, UnaryOperator<byte[]> damage, String expected) throws IOException {
        Path file = dir.resolve(name.replace(' ', '-') + ".stream");
        Files.write(file, damage.apply(valid));

        Cli.Run receive = Cli.run("receive", "--from", file.toString(), "--capacity", "16M");
        assertEquals(Main.EXIT_FAILURE, receive.exit(), receive::describe);
        String receiveLine = receive.oneErrorLine();
        assertTrue(receiveLine.startsWith("livemig receive: "), receiveLine);
        assertTrue(receiveLine.contains(expected), () -> "expected '" + expected + "' in: " + receiveLine);
        assertTrue(receiveLine.matches(".*(header|record \\d+).* at offset \\d+.*"), receiveLine);
        assertTrue(receiveLine.endsWith("; destination NOT complete"), receiveLine);
        assertFalse(receive.out().contains("destination complete: true"), receive::describe);
        assertFalse(receive.out().contains("destination digest"), receive::describe);

        Cli.Run inspect = Cli.run("inspect", file.toString());
        assertEquals(Main.EXIT_FAILURE, inspect.exit(), inspect::describe);
        String inspectLine = inspect.oneErrorLine();
        assertEquals("livemig inspect: INVALID: " + receiveLine.substring("livemig receive: ".length(),
                receiveLine.length() - "; destination NOT complete".length()), inspectLine);
        assertFalse(inspect.out().contains("INVALID"), "the verdict is printed once, on stderr: " + inspect.describe());
    }
}
