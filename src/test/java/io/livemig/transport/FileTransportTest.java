package io.livemig.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransportTest {
    @TempDir
    Path dir;

    @Test
    void gatheringWritesToAFileReadBackWithScatteringReads() throws IOException {
        Path file = dir.resolve("x.stream");
        long total = 3 * 53_560 + 12_345; // whole rounds of uneven buffers, then a partial one
        try (StreamTarget target = StreamTarget.open(Endpoint.parse(file.toString()), TargetOptions.defaults().withFsync(true))) {
            assertInstanceOf(FileChannel.class, target.channel());
            assertEquals("file " + file.toAbsolutePath(), target.description());
            assertEquals(4, StreamPattern.write(target.channel(), total));
        }
        assertEquals(total, Files.size(file));
        try (StreamSource source = StreamSource.open(Endpoint.parse("file:" + file), SourceOptions.defaults())) {
            assertInstanceOf(FileChannel.class, source.channel());
            assertEquals("file " + file.toAbsolutePath(), source.description());
            assertEquals(Optional.empty(), source.listeningAddress());
            assertEquals(Optional.empty(), source.listeningEndpoint());
            assertEquals(total, StreamPattern.readAndVerify(source.channel()));
        }
    }

    @Test
    void anExistingFileIsTruncated() throws IOException {
        Path file = dir.resolve("old.stream");
        Files.write(file, new byte[100_000]);
        try (StreamTarget target = StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults())) {
            target.channel().write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.allocateDirect(3)});
        }
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0}, Files.readAllBytes(file));
    }

    @Test
    void closeClosesTheFileAndIsIdempotent() throws IOException {
        Path file = dir.resolve("c.stream");
        StreamTarget target = StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults().withFsync(true));
        target.close();
        assertFalse(target.channel().isOpen());
        target.close();
        StreamSource source = StreamSource.open(new Endpoint.File(file), SourceOptions.defaults());
        source.close();
        assertFalse(source.channel().isOpen());
        source.close();
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path file = dir.resolve("no/such/dir/x.stream");
        IOException e = assertThrows(IOException.class,
                () -> StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults()));
        assertEquals("cannot create file " + file + ": directory " + file.getParent() + " does not exist", e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("absent.stream");
        IOException e = assertThrows(IOException.class,
                () -> StreamSource.open(new Endpoint.File(file), SourceOptions.defaults()));
        assertEquals("cannot read file " + file + ": no such file", e.getMessage());
    }

    @Test
    void aDirectoryIsRefusedBothWays() {
        IOException write = assertThrows(IOException.class,
                () -> StreamTarget.open(new Endpoint.File(dir), TargetOptions.defaults()));
        assertEquals("cannot write file " + dir + ": it is a directory", write.getMessage());
        IOException read = assertThrows(IOException.class,
                () -> StreamSource.open(new Endpoint.File(dir), SourceOptions.defaults()));
        assertEquals("cannot read file " + dir + ": it is a directory", read.getMessage());
    }

    @Test
    void aPathUnderAFileIsRefusedWithTheSystemReason() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path file = plain.resolve("x.stream");
        IOException e = assertThrows(IOException.class,
                () -> StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults()));
        assertEquals("cannot create file " + file + ": Not a directory", e.getMessage());
    }

    @Test
    void relativePathsAreDescribedAbsolute() throws IOException {
        Path relative = Path.of("target", "transport-test-" + ProcessHandle.current().pid() + ".stream");
        try (StreamTarget target = StreamTarget.open(Endpoint.parse(relative.toString()), TargetOptions.defaults().withFsync(true))) {
            assertEquals("file " + relative.toAbsolutePath(), target.description());
            assertTrue(target.description().startsWith("file /"));
        } finally {
            Files.deleteIfExists(relative);
        }
    }
}
