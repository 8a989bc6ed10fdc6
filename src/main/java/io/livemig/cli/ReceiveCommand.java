package io.livemig.cli;

import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.stream.StreamFormatException;
import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import io.livemig.util.Durations;
import io.livemig.util.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Restores a migration stream into a simulated domain and prints the digest of its memory. */
@Command(name = "receive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads a migration stream (libxc, libxl or an xl save file), checks every field and restores it into a simulated domain.",
                "Prints what it did not apply and the digest of the restored memory.",
                "A malformed or truncated stream ends with one line naming the record, its type and byte offset, exit status 1, and a destination never reported complete."})
final class ReceiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "SOURCE",
            description = "FILE, - (standard input) or tcp:HOST:PORT (listen there; host defaults to loopback, port 0 picks one).")
    String from;

    @Option(names = "--capacity", defaultValue = "64G", paramLabel = "SIZE",
            description = "Largest guest the destination accepts; memory is reserved, not used (default: ${DEFAULT-VALUE}).")
    String capacity;

    @Option(names = "--preallocate",
            description = "Allocate the whole capacity before listening, as Xen builds a destination domain first.")
    boolean preallocate;

    @Option(names = "--expect-digest", paramLabel = "HEX", description = "Fail unless the restored memory has this digest.")
    String expectDigest;

    @Option(names = "--port-file", paramLabel = "FILE", description = "When listening, write the chosen port here.")
    Path portFile;

    @Option(names = "--result-file", paramLabel = "FILE", description = "Also write the outcome as a properties file.")
    Path resultFile;

    @Mixin
    TlsOptions tls;

    @Option(names = "--accept-timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "TCP: give up when no sender has connected within this time; 0 waits forever (default: ${DEFAULT-VALUE}).")
    String acceptTimeout;

    @Option(names = "--idle-timeout", defaultValue = "60s", paramLabel = "DURATION",
            description = "TCP: give up when the connection has brought no byte for this long (a stalled sender, a dead path);"
                    + " 0 waits forever (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Endpoint source = Endpoint.parse(from);
        long bytes = Sizes.parse(capacity);
        SourceOptions sourceOptions = SourceOptions.defaults()
                .withAcceptTimeout(timeout("--accept-timeout", acceptTimeout))
                .withIdleTimeout(timeout("--idle-timeout", idleTimeout))
                .withTls(tls.config(source));
        Main.checkCreatable("--port-file", portFile);
        Main.checkCreatable("--result-file", resultFile);
        ResultFile result = new ResultFile().put("command", "receive");
        SimDomainConfig config = SimDomainConfig.builder().name("destination").size(bytes).prefill(false)
                .workload(Workload.IDLE).startSuspended(true).build();
        try (SimDomain destination = config.create();
             StreamSource in = StreamSource.open(source, sourceOptions)) {
            if (preallocate) {
                long t0 = System.nanoTime();
                destination.preallocate();
                out.printf(Locale.ROOT, "destination of %s allocated in %d ms%n", Sizes.format(bytes), (System.nanoTime() - t0) / 1_000_000);
            }
            if (in.listeningEndpoint().isPresent()) {
                int port = in.listeningEndpoint().get().port();
                out.println("listening on " + in.listeningEndpoint().get().hostPort());
                out.flush();
                if (portFile != null) {
                    Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
                    Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
                    Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            RestoreResult restored;
            try {
                restored = new RestoreEngine(destination, source instanceof Endpoint.File).restore(in.channel());
            } catch (StreamFormatException e) {
                fail(result, e, destination);
                throw e;
            } catch (IOException | RuntimeException e) {
                fail(result, e, destination);
                throw new IOException("the stream from " + in.description() + " broke off: " + Main.message(e), e);
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
    }

    private static Duration timeout(String option, String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private void fail(ResultFile result, Exception e, SimDomain destination) throws IOException {
        result.put("result", "failed").put("error", Main.message(e)).put("complete", destination.isComplete());
        writeResult(result);
        spec.commandLine().getOut().println("destination NOT complete");
        spec.commandLine().getOut().flush();
    }

    private void writeResult(ResultFile result) throws IOException {
        if (resultFile != null) {
            result.write(resultFile);
        }
    }
}
