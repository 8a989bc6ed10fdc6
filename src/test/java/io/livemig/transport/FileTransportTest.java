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
import java.util.List;
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
            assertInstanceOf(FdChannel.class, target.channel());
            assertEquals("file " + file.toAbsolutePath(), target.description());
            assertEquals(4, StreamPattern.write(target.channel(), total));
            target.commit();
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
    void aStreamIsWrittenBesideItsNameAndReplacesAnExistingFileOnlyWhenCommitted() throws IOException {
        Path file = dir.resolve("old.stream");
        Files.write(file, new byte[100_000]);
        try (StreamTarget target = StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults())) {
            target.channel().write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.allocateDirect(3)});
            assertEquals(100_000, Files.size(file), "the old file stays whole while the new stream is written");
            assertEquals(List.of(".old.stream.livemig-" + ProcessHandle.current().pid(), "old.stream"), names());
            target.commit();
        }
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0}, Files.readAllBytes(file));
        assertEquals(List.of("old.stream"), names());
    }

    @Test
    void anIncompleteStreamIsRemovedAndLeavesAnExistingFileAsItWas() throws IOException {
        Path file = dir.resolve("good.stream");
        Files.write(file, new byte[] {7, 7, 7});
        StreamTarget target = StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults().withFsync(true));
        target.channel().write(ByteBuffer.wrap(new byte[10]));
        target.close();
        assertFalse(target.channel().isOpen());
        target.close();
        assertEquals(Optional.empty(), target.partialKept());
        assertArrayEquals(new byte[] {7, 7, 7}, Files.readAllBytes(file));
        assertEquals(List.of("good.stream"), names());
        assertThrows(IOException.class, target::commit, "a closed target cannot be committed");
    }

    @Test
    void anIncompleteStreamIsKeptAsPartialWhenAsked() throws IOException {
        Path file = dir.resolve("p.stream");
        StreamTarget target = StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults().withKeepPartial(true));
        target.channel().write(ByteBuffer.wrap(new byte[] {4, 5}));
        target.close();
        assertEquals(Optional.of(dir.resolve("p.stream.partial")), target.partialKept());
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(dir.resolve("p.stream.partial")));
        assertEquals(List.of("p.stream.partial"), names());
    }

    @Test
    void aDeviceIsWrittenInPlace() throws IOException {
        try (StreamTarget target = StreamTarget.open(new Endpoint.File(Path.of("/dev/null")), TargetOptions.defaults())) {
            assertEquals(3, target.channel().write(ByteBuffer.wrap(new byte[3])));
            target.commit();
        }
        assertTrue(Files.exists(Path.of("/dev/null")));
    }

    @Test
    void closeClosesTheSourceAndIsIdempotent() throws IOException {
        Path file = Files.write(dir.resolve("c.stream"), new byte[1]);
        StreamSource source = StreamSource.open(new Endpoint.File(file), SourceOptions.defaults());
        source.close();
        assertFalse(source.channel().isOpen());
        source.close();
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
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
            target.commit();
        } finally {
            Files.deleteIfExists(relative);
        }
    }
}
