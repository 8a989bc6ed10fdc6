package io.livemig.cli;

import io.livemig.engine.RoundStats;
import io.livemig.engine.SaveResult;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The machine-readable outcome of a save or a receive ({@code --result-file}), as a Java
 * properties file: how the demo's parent learns what its two children did, and what a script
 * can read back.
 */
final class ResultFile {
    private final Properties p;

    ResultFile() {
        this(new Properties());
    }

    private ResultFile(Properties p) {
        this.p = p;
    }

    static ResultFile read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new ResultFile(p);
    }

    /** Written to a temporary file first, so a reader never sees half of it. */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "livemig result");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    ResultFile put(String key, Object value) {
        if (value != null) {
            p.setProperty(key, String.valueOf(value));
        }
        return this;
    }

    String get(String key) {
        return p.getProperty(key);
    }

    long getLong(String key, long fallback) {
        String v = p.getProperty(key);
        return v == null ? fallback : Long.parseLong(v);
    }

    Instant getInstant(String key) {
        String v = p.getProperty(key);
        return v == null ? null : Instant.parse(v);
    }

    /** Records a save's rounds and times. */
    ResultFile putSave(SaveResult r) {
        put("pfns", r.pfnCount());
        put("bytes", r.bytesWritten());
        put("records", r.records());
        put("shortWrites", r.shortWrites());
        put("started", r.started());
        put("suspendedAt", r.suspendedAt());
        put("endWrittenAt", r.endWrittenAt());
        // for a failed or aborted save: until the failure
        put("totalNanos", r.totalTime().toNanos());
        put("rounds", r.rounds().size());
        for (int i = 0; i < r.rounds().size(); i++) {
            RoundStats s = r.rounds().get(i);
            String k = "round." + i + ".";
            put(k + "iteration", s.iteration());
            put(k + "live", s.live());
            put(k + "dirty", s.dirtyPages());
            put(k + "pages", s.pagesSent());
            put(k + "bytes", s.bytes());
            put(k + "nanos", s.nanos());
            put(k + "limit", s.bandwidthLimit());
            put(k + "verify", s.verify());
            put(k + "throttle", s.throttle());
        }
        return this;
    }

    /** The rounds recorded by {@link #putSave}. */
    List<RoundStats> rounds() {
        List<RoundStats> out = new ArrayList<>();
        int n = (int) getLong("rounds", 0);
        for (int i = 0; i < n; i++) {
            String k = "round." + i + ".";
            out.add(new RoundStats((int) getLong(k + "iteration", 0), Boolean.parseBoolean(get(k + "live")),
                    getLong(k + "dirty", 0), getLong(k + "pages", 0), getLong(k + "pages", 0), 0, 0,
                    getLong(k + "bytes", 0), getLong(k + "nanos", 0), getLong(k + "limit", 0),
                    Boolean.parseBoolean(get(k + "verify")), (int) getLong(k + "throttle", 0)));
        }
        return out;
    }
}
