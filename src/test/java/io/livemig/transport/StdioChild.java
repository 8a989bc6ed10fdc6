package io.livemig.transport;

import java.nio.channels.FileChannel;

/**
 * Child process for {@link StdioTransportTest}, run on the test class path.
 * {@code write N}: writes N pattern bytes to stdout through {@link StreamTarget}, printing a stray
 * line on System.out in between (it must land on stderr, not in the stream).
 * {@code read N}: reads stdin through {@link StreamSource} and checks it holds exactly N pattern bytes.
 * Reports on stderr; exit status 0 on success, 1 on failure.
 */
public final class StdioChild {
    private StdioChild() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = Long.parseLong(args[1]);
        Endpoint stdio = Endpoint.parse("-");
        try {
            switch (args[0]) {
                case "write" -> {
                    try (StreamTarget target = StreamTarget.open(stdio, TargetOptions.defaults())) {
                        System.out.println("stray line printed after opening stdout");
                        long writes = StreamPattern.write(target.channel(), bytes);
                        System.err.println("target " + target.description() + " raw descriptor: "
                                + (target.channel() instanceof FdChannel) + ", " + writes + " gathering writes");
                    }
                }
                case "read" -> {
                    try (StreamSource source = StreamSource.open(stdio, SourceOptions.defaults())) {
                        long read = StreamPattern.readAndVerify(source.channel());
                        if (read != bytes) {
                            throw new IllegalStateException("read " + read + " bytes, expected " + bytes);
                        }
                        System.err.println("source " + source.description() + " file channel: "
                                + (source.channel() instanceof FileChannel) + ", verified " + read + " bytes");
                    }
                }
                default -> throw new IllegalArgumentException("mode must be write or read: " + args[0]);
            }
        } catch (Exception e) {
            System.err.println("child failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }
}
