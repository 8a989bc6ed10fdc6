package io.livemig.cli;

import io.livemig.backend.sim.InsufficientMemoryException;
import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.migrate.ChannelLink;
import io.livemig.migrate.IncomingDomain;
import io.livemig.migrate.MigrationLink;
import io.livemig.migrate.RestoredIncoming;
import io.livemig.migrate.SaveFileIncoming;
import io.livemig.migrate.XlMigrationReceiver;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import java.util.concurrent.atomic.AtomicReference;
import io.livemig.stream.StreamFormat;
import io.livemig.stream.StreamFormatException;
import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import io.livemig.util.Durations;
import io.livemig.util.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Restores a migration stream into a simulated domain and prints the digest of its memory. */
@Command(name = "receive", header = "Restores a migration stream into a simulated domain.", abbreviateSynopsis = true,
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads a migration stream (libxc, libxl or an xl save file), checks every field and restores it"
                + " into a simulated domain. Prints what it did not apply and the digest of the restored memory.",
                "A malformed or truncated stream ends with one line naming the record, its type and byte offset, and a"
                        + " destination never reported complete. SIGINT or SIGTERM stops the receive the same way;"
                        + " a second one exits at once.",
                "With --protocol xl it plays `xl migrate-receive` towards a sender of xl's migration protocol (a stock"
                        + " `xl migrate -s CMD`, or `livemig migrate`): it sends the banner, reads the xl header, the"
                        + " domain config and the stream, sends \"ready\", waits for the sender's go, starts the domain"
                        + " (checking --expect-digest first) and reports; a domain that could not start is discarded and"
                        + " the sender given its permission to resume its own copy."},
        footer = {"",
                "Sizes: 4096, 64K, 64M, 1G, 2T (binary units). Durations: 500ms, 30s, 10m, 1h.",
                "Memory: pages cost memory as they arrive; --preallocate takes the whole --capacity at once, and a"
                        + " capacity this machine cannot hold is refused before anything is allocated.",
                "Exit status: 0 received (with the expected digest, when given; with --protocol xl, the domain started);"
                        + " 1 the stream was malformed or broke off, the receive was interrupted or timed out, the digest"
                        + " differs, or (--protocol xl) the domain did not start (xl's receiver exits 0 once it has told"
                        + " the sender so); 2 bad usage."})
final class ReceiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "SOURCE",
            description = "FILE, - (standard input) or tcp:HOST:PORT (listen there; host defaults to loopback, port 0"
                    + " picks one).")
    String from;

    @Option(names = "--protocol", defaultValue = "none", paramLabel = "NAME",
            description = "none (the stream alone, default) or xl (xl's migration protocol, as xl migrate-receive speaks"
                    + " it, over --from - or tcp:HOST:PORT).")
    String protocol;

    @Option(names = "--save-file", paramLabel = "FILE",
            description = "With --protocol xl: keep the domain as this xl save file (what xl restore reads; it takes the"
                    + " name when the domain starts) instead of restoring it into a simulated domain.")
    Path saveFile;

    @Option(names = "--capacity", defaultValue = "64G", paramLabel = "SIZE",
            description = "Largest guest the destination accepts; address space is reserved, memory is used only by the"
                    + " pages that arrive (default: ${DEFAULT-VALUE}).")
    String capacity;

    @Option(names = "--preallocate",
            description = "Allocate the whole capacity before listening, as Xen builds a destination domain first.")
    boolean preallocate;

    @Option(names = "--expect-digest", paramLabel = "HEX", description = "Fail unless the restored memory has this digest.")
    String expectDigest;

    @Option(names = "--port-file", paramLabel = "FILE",
            description = "When listening, write the chosen port here (removed when the receive ends).")
    Path portFile;

    @Option(names = "--result-file", paramLabel = "FILE", description = "Also write the outcome as a properties file.")
    Path resultFile;

    @Mixin
    TlsOptions tls;

    @Option(names = "--accept-timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "tcp: give up when no sender has connected within this time; 0 waits forever"
                    + " (default: ${DEFAULT-VALUE}).")
    String acceptTimeout;

    @Option(names = "--idle-timeout", defaultValue = "60s", paramLabel = "DURATION",
            description = "tcp: give up when the connection has brought no byte for this long (a stalled sender, a dead path);"
                    + " 0 waits forever (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Override
    public Integer call() throws Exception {
        Endpoint source = Endpoint.parse(from);
        SourceOptions sourceOptions = SourceOptions.defaults()
                .withAcceptTimeout(Main.duration("--accept-timeout", acceptTimeout))
                .withIdleTimeout(Main.duration("--idle-timeout", idleTimeout))
                .withTls(tls.config(source));
        Main.checkCreatable("--port-file", portFile);
        Main.checkCreatable("--result-file", resultFile);
        boolean xlProtocol = switch (protocol) {
            case "none" -> false;
            case "xl" -> true;
            default -> throw new IllegalArgumentException("--protocol " + protocol + ": not none or xl");
        };
        if (saveFile != null && !xlProtocol) {
            throw new IllegalArgumentException("--save-file needs --protocol xl (a plain stream is kept with livemig save --to FILE)");
        }
        if (xlProtocol && source instanceof Endpoint.File) {
            throw new IllegalArgumentException("--protocol xl answers a sender: --from - (as ssh starts it) or tcp:HOST:PORT,"
                    + " not the file " + from);
        }
        Main.checkCreatable("--save-file", saveFile);
        ResultFile result = new ResultFile().put("command", "receive");
        SimDomainConfig config;
        long bytes;
        try {
            bytes = Sizes.parse(capacity);
            config = SimDomainConfig.builder().name("destination").size(bytes).build();
            config.checkMemory();
            if (preallocate) {
                config.checkMemory(bytes);
            }
        } catch (InsufficientMemoryException e) {
            throw new IllegalArgumentException("--capacity " + capacity + (preallocate ? " --preallocate" : "") + ": "
                    + e.getMessage() + "; " + (preallocate ? "drop --preallocate (pages then cost memory as they arrive) or" : "")
                    + " give a --capacity below " + Sizes.format(e.availableBytes()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--capacity " + capacity + ": " + e.getMessage());
        }
        if (xlProtocol) {
            return receiveXl(config, source, sourceOptions, result);
        }
        Thread receiving = Thread.currentThread();
        StreamSource[] opened = new StreamSource[1];
        try (SignalStop signals = SignalStop.install("livemig receive", signal -> {
                 // unblock a read or an accept; the receive then fails through its own path
                 receiving.interrupt();
                 closeQuietly(opened[0]);
             }, "the destination is not complete");
             SimDestination destination = config.createDestination();
             StreamSource in = StreamSource.open(source, sourceOptions)) {
            opened[0] = in;
            try {
                return receive(destination, in, source, result, signals);
            } finally {
                if (portFile != null) {
                    Files.deleteIfExists(portFile);
                }
            }
        }
    }

    private int receive(SimDestination destination, StreamSource in, Endpoint source, ResultFile result, SignalStop signals)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long bytes = destination.pfnCount() * StreamFormat.PAGE_SIZE;
        RestoreResult restored;
        try {
            if (preallocate) {
                long t0 = System.nanoTime();
                destination.preallocate();
                out.printf(Locale.ROOT, "destination of %s allocated in %d ms%n", Sizes.format(bytes),
                        (System.nanoTime() - t0) / 1_000_000);
            }
            if (in.listeningEndpoint().isPresent()) {
                int port = in.listeningEndpoint().get().port();
                out.println("listening on " + in.listeningEndpoint().get().hostPort());
                out.flush();
                if (portFile != null) {
                    Main.writePortFile(portFile, port);
                }
            }
            restored = new RestoreEngine(destination, source instanceof Endpoint.File).restore(in.channel());
        } catch (IOException | RuntimeException e) {
            String line;
            if (signals.received() != null) {
                line = "interrupted (" + signals.received() + ") while reading " + in.description();
            } else if (e instanceof StreamFormatException) {
                line = Main.message(e);
            } else {
                line = "the stream from " + in.description() + " broke off: " + Main.message(e);
            }
            throw fail(result, line + "; destination NOT complete", destination);
        }
        String digest = destination.destinationDigest();
        out.printf(Locale.ROOT, "received %s stream v%d (%s, Xen %d.%d) from %s: %d records, %d pages, %s in %.3f s%n",
                restored.framing().name().toLowerCase(Locale.ROOT), restored.version(), restored.domainType(),
                restored.xenMajor(), restored.xenMinor(), in.description(), restored.records(), restored.pagesWritten(),
                Sizes.format(restored.bytesRead()), restored.elapsed().toNanos() / 1e9);
        for (String note : restored.notApplied()) {
            out.println("not applied: " + note);
        }
        out.println("destination complete: " + destination.isComplete());
        out.println("destination digest: " + digest);
        result.put("result", "completed").put("digest", digest).put("pages", restored.pagesWritten())
                .put("bytes", restored.bytesRead()).put("endReadAt", restored.endReadAt());
        writeResult(result);
        if (expectDigest != null && !expectDigest.equalsIgnoreCase(digest)) {
            throw new IOException("the restored memory's digest " + digest + " is not the expected " + expectDigest);
        }
        out.flush();
        return 0;
    }

    /**
     * xl's migration protocol: the link (standard input and output, or the accepted connection),
     * the domain restored into a simulated destination or kept as an xl save file.
     */
    private int receiveXl(SimDomainConfig config, Endpoint source, SourceOptions sourceOptions, ResultFile result) throws Exception {
        // on standard output the protocol speaks: people read standard error, as with xl migrate-receive
        PrintWriter human = source instanceof Endpoint.Stdio ? spec.commandLine().getErr() : spec.commandLine().getOut();
        Thread receiving = Thread.currentThread();
        AtomicReference<AutoCloseable> open = new AtomicReference<>();
        try (SignalStop signals = SignalStop.install("livemig receive", signal -> {
                 receiving.interrupt();
                 closeQuietly(open.get());
             }, "the domain did not start here");
             SimDestination destination = saveFile == null ? config.createDestination() : null;
             StreamSource listening = source instanceof Endpoint.Tcp ? StreamSource.open(source, sourceOptions) : null) {
            open.set(listening);
            MigrationLink link;
            try {
                if (listening != null) {
                    announce(listening, human);
                    link = ChannelLink.accept(listening);
                } else {
                    link = ChannelLink.standardStreams();
                }
            } catch (IOException e) {
                String why = signals.received() != null ? "interrupted (" + signals.received() + ") while waiting for the sender"
                        : Main.message(e);
                throw fail(result, why + "; no domain was received", destination);
            } finally {
                deletePortFile();
            }
            open.set(link);
            try (link) {
                RestoredIncoming simulated = destination == null ? null : new RestoredIncoming(destination, () -> {
                    if (expectDigest != null && !expectDigest.equalsIgnoreCase(destination.destinationDigest())) {
                        throw new IOException("the received memory's digest " + destination.destinationDigest()
                                + " is not the expected " + expectDigest);
                    }
                });
                IncomingDomain incoming = simulated != null ? simulated
                        : new SaveFileIncoming(StreamTarget.open(new Endpoint.File(saveFile), TargetOptions.defaults()));
                XlMigrationReceiver.Outcome outcome;
                try {
                    outcome = new XlMigrationReceiver(link, incoming, line -> {
                        human.println("migration target: " + line);
                        human.flush();
                    }).receive();
                } catch (XlMigrationReceiver.ReceiveException e) {
                    String why = signals.received() != null ? "interrupted (" + signals.received() + "): " + e.getMessage() : e.getMessage();
                    throw fail(result, why + "; " + (destination != null ? "destination NOT complete" : saveFile + " was left as it was"),
                            destination);
                }
                result.put("protocol", "xl").put("name", outcome.name()).put("status", outcome.status());
                if (simulated != null) {
                    for (String note : simulated.restored().notApplied()) {
                        human.println("not applied: " + note);
                    }
                    result.put("digest", destination.destinationDigest());
                    human.println("destination complete: " + destination.isComplete());
                    human.println("destination digest: " + destination.destinationDigest());
                }
                if (!outcome.started()) {
                    throw fail(result, outcome.failure() + "; our copy was discarded and the sender given its permission to"
                            + " resume", destination);
                }
                result.put("result", "completed");
                writeResult(result);
                human.println("migration target: " + outcome.name() + " runs here" + (saveFile != null ? " (as " + saveFile + ")" : ""));
                human.flush();
                return 0;
            }
        }
    }

    /** Says where a TCP receiver listens (and writes --port-file). */
    private void announce(StreamSource listening, PrintWriter human) throws IOException {
        Endpoint.Tcp at = listening.listeningEndpoint().orElseThrow();
        human.println("listening on " + at.hostPort());
        human.flush();
        if (portFile != null) {
            Main.writePortFile(portFile, at.port());
        }
    }

    private void deletePortFile() throws IOException {
        if (portFile != null) {
            Files.deleteIfExists(portFile);
        }
    }

    /** The one line of a failed receive, after the result file says so. */
    private IOException fail(ResultFile result, String line, SimDestination destination) throws IOException {
        Thread.interrupted(); // a signal's interrupt must not close the result file's channel
        result.put("result", "failed").put("error", line).put("complete", destination != null && destination.isComplete());
        writeResult(result);
        return new IOException(line);
    }

    private static void closeQuietly(AutoCloseable source) {
        if (source != null) {
            try {
                source.close();
            } catch (Exception e) {
                // the receive reports its own failure
            }
        }
    }

    private void writeResult(ResultFile result) throws IOException {
        if (resultFile != null) {
            result.write(resultFile);
        }
    }
}
