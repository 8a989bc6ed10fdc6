package io.livemig.engine;

import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.stream.InspectionReport;
import io.livemig.stream.RecordInfo;
import io.livemig.stream.RecordType;
import io.livemig.stream.RecordDescriptor;
import io.livemig.stream.StreamInspector;
import io.livemig.stream.StreamReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Writes the seed corpus of {@link StreamFuzzTest} ({@code seed-*} files in its inputs directory):
 * small valid streams from the project's own writers (a 16-page simulated guest with 14 holes, so
 * that a stream stays a few KiB) and Xen-written xl save files (the fixtures of
 * {@code src/test/resources/xen-streams}) with their PAGE_DATA records left out (each is a
 * 1024-page, 4 MiB record; the rest, byte for byte, is still a valid stream). Run from the project
 * root after a test compile ({@code scripts/fuzz --seeds}); the files are checked in.
 */
public final class FuzzSeeds {
    static final String SEED_PREFIX = "seed-";
    static final Path SOURCE_INPUTS = Path.of("src/test/resources/io/livemig/engine/StreamFuzzTestInputs/readAndRestore");

    private FuzzSeeds() {
    }

    /** The inputs directory on the test classpath (what the tests replay), else in the source tree. */
    static Path inputsDirectory() {
        URL url = StreamFuzzTest.class.getResource("StreamFuzzTestInputs/readAndRestore");
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("inputs directory URL " + url, e);
            }
        }
        return SOURCE_INPUTS;
    }

    public static void main(String[] args) throws Exception {
        Path out = args.length > 0 ? Path.of(args[0]) : SOURCE_INPUTS;
        Files.createDirectories(out);
        PrecopyPolicy stopNow = stats -> Decision.STOP_AND_COPY;
        save(out.resolve(SEED_PREFIX + "sim-nonlive-libxc"), SaveOptions.builder().live(false).build());
        save(out.resolve(SEED_PREFIX + "sim-live-libxc-batch1"), SaveOptions.builder().policy(PrecopyPolicy.xenDefault()).batchSize(1).build());
        save(out.resolve(SEED_PREFIX + "sim-live-libxl"), SaveOptions.builder().policy(stopNow).libxlFraming(true).build());
        save(out.resolve(SEED_PREFIX + "sim-nonlive-libxl-batch2"), SaveOptions.builder().live(false).batchSize(2).libxlFraming(true).build());
        withoutPageData("xl-save-pvh", out.resolve(SEED_PREFIX + "xen-xl-save-pvh-no-pages"));
        withoutPageData("xl-migrate-pvh", out.resolve(SEED_PREFIX + "xen-xl-migrate-pvh-no-pages"));
        System.out.println("seeds written to " + out.toAbsolutePath());
    }

    private static void save(Path file, SaveOptions options) throws Exception {
        long[] holes = new long[14];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = 2 + i;
        }
        try (SimDomain guest = SimDomainConfig.builder().pages(SimDomainConfig.MIN_PAGES).seed(7).prefill(true).holes(holes).create();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            new SaveEngine(guest, channel, options).save();
        }
    }

    private static void withoutPageData(String fixture, Path file) throws IOException {
        byte[] stream;
        try (InputStream in = new GZIPInputStream(resource(fixture + ".xl.gz"))) {
            stream = in.readAllBytes();
        }
        InspectionReport report = StreamInspector.inspect(Channels.newChannel(new java.io.ByteArrayInputStream(stream)),
                StreamReader.NO_PFN_LIMIT, true);
        if (!report.valid()) {
            throw new IOException(fixture + ": " + report.error());
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int at = 0;
        for (RecordInfo r : report.records()) {
            if (r.layer() == StreamReader.Layer.LIBXC && r.type() == RecordType.PAGE_DATA) {
                kept.write(stream, at, (int) r.offset() - at);
                at = (int) (r.offset() + RecordDescriptor.recordLength(r.bodyLength()));
            }
        }
        kept.write(stream, at, stream.length - at);
        Files.write(file, kept.toByteArray());
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = FuzzSeeds.class.getResourceAsStream("/xen-streams/" + name);
        if (in == null) {
            throw new IOException("fixture /xen-streams/" + name + " is not on the class path");
        }
        return in;
    }
}
