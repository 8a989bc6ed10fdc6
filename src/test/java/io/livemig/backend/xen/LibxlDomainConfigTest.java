package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DomainException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibxlDomainConfigTest {
    private static final String UUID = "5d3b8e2a-0c1f-4c7e-9f55-3a1f0b2c4d6e";

    @TempDir
    Path dir;

    @Test
    void findsTheDomainsOwnUserdataFile() throws Exception {
        byte[] json = "{\"c_info\": {\"type\": \"pvh\", \"name\": \"livemig-pvh\"}}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("userdata-d.7." + UUID + ".libxl-json"), json);
        Files.write(dir.resolve("userdata-d.17." + UUID + ".libxl-json"), "{}".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("userdata-d.7." + UUID + ".xl"), "other".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(json, LibxlDomainConfig.json(7, dir).orElseThrow());
    }

    @Test
    void noneForADomainLibxlDidNotCreate() {
        assertTrue(LibxlDomainConfig.json(3, dir).isEmpty());
        assertTrue(LibxlDomainConfig.json(3, dir.resolve("absent")).isEmpty());
    }

    @Test
    void twoConfigsForOneDomidAreRefused() throws Exception {
        Files.writeString(dir.resolve("userdata-d.4." + UUID + ".libxl-json"), "{}");
        Files.writeString(dir.resolve("userdata-d.4.00000000-0000-0000-0000-000000000001.libxl-json"), "{}");
        DomainException e = assertThrows(DomainException.class, () -> LibxlDomainConfig.json(4, dir));
        assertTrue(e.getMessage().startsWith("libxl keeps 2 configs for domid 4 in " + dir), e.getMessage());
        assertTrue(e.getMessage().endsWith("give the config with --xl-config"), e.getMessage());
    }

    @Test
    void aHugeFileIsNotReadWhole() throws Exception {
        Path f = dir.resolve("userdata-d.5." + UUID + ".libxl-json");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{1}), LibxlDomainConfig.MAX_SIZE); // sparse
        }
        DomainException e = assertThrows(DomainException.class, () -> LibxlDomainConfig.json(5, dir));
        assertEquals(f + " holds " + (LibxlDomainConfig.MAX_SIZE + 1) + " bytes: not a libxl domain config", e.getMessage());
    }
}
