package io.livemig.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How much memory this process can still take without the kernel's OOM killer stepping in: the
 * machine's {@code MemAvailable} ({@code /proc/meminfo}), lowered to what the process's memory
 * cgroup still allows (v2 {@code memory.max - memory.current}, v1 {@code memory.limit_in_bytes -
 * memory.usage_in_bytes}). The system property {@value #OVERRIDE_PROPERTY} (a size such as
 * {@code 512M}) replaces the reading: to leave room for other processes on a shared machine, and
 * for tests, which check the refusal against a small fake limit.
 */
public final class HostMemory {
    /** A size that replaces the reading, e.g. {@code -Dlivemig.memory.available=8G}. */
    public static final String OVERRIDE_PROPERTY = "livemig.memory.available";
    /** cgroup limits at or above this are "no limit" (v1 writes 2^63 rounded down to a page). */
    private static final long NO_LIMIT = 1L << 62;

    private HostMemory() {
    }

    /**
     * Memory available to this process.
     *
     * @param bytes  how much
     * @param source where the figure comes from, for messages ("MemAvailable in /proc/meminfo")
     */
    public record Available(long bytes, String source) {
        /** "21.3 GiB available (MemAvailable in /proc/meminfo)" */
        public String describe() {
            return Sizes.format(bytes) + " available (" + source + ")";
        }
    }

    /** Reads what is available now; an unreadable figure counts as no limit from that source. */
    public static Available available() {
        String override = System.getProperty(OVERRIDE_PROPERTY);
        if (override != null && !override.isBlank()) {
            try {
                return new Available(Sizes.parse(override), "-D" + OVERRIDE_PROPERTY);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + OVERRIDE_PROPERTY + "=" + override + ": " + e.getMessage());
            }
        }
        Available best = new Available(Long.MAX_VALUE, "no limit known");
        long meminfo = memAvailable(Path.of("/proc/meminfo"));
        if (meminfo >= 0) {
            best = new Available(meminfo, "MemAvailable in /proc/meminfo");
        }
        Available cgroup = cgroupHeadroom(Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
        if (cgroup != null && cgroup.bytes() < best.bytes()) {
            best = cgroup;
        }
        return best;
    }

    /** MemAvailable of a meminfo file in bytes, or -1. */
    static long memAvailable(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo, StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemAvailable:")) {
                    String[] f = line.substring("MemAvailable:".length()).trim().split("\\s+");
                    long v = Long.parseLong(f[0]);
                    return f.length > 1 && f[1].equalsIgnoreCase("kB") ? v << 10 : v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: no figure from here
        }
        return -1;
    }

    /** What the process's memory cgroup still allows, or null without a limit. */
    static Available cgroupHeadroom(Path procSelfCgroup, Path cgroupRoot) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procSelfCgroup, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            String path = f[2].startsWith("/") ? f[2].substring(1) : f[2];
            if (f[0].equals("0") && f[1].isEmpty()) {
                Available v2 = headroom(cgroupRoot.resolve(path), "memory.max", "memory.current", "cgroup v2");
                if (v2 != null) {
                    return v2;
                }
            } else if (List.of(f[1].split(",")).contains("memory")) {
                // in a cgroup namespace the own path may not be visible: the mount's root is then the own group
                Path dir = cgroupRoot.resolve("memory").resolve(path);
                Path group = Files.isDirectory(dir) ? dir : cgroupRoot.resolve("memory");
                return headroom(group, "memory.limit_in_bytes", "memory.usage_in_bytes", "cgroup v1");
            }
        }
        return null;
    }

    private static Available headroom(Path dir, String limitFile, String usageFile, String what) {
        try {
            String limit = Files.readString(dir.resolve(limitFile), StandardCharsets.US_ASCII).trim();
            if (limit.equals("max")) {
                return null;
            }
            long max = Long.parseLong(limit);
            if (max >= NO_LIMIT) {
                return null;
            }
            long used = Long.parseLong(Files.readString(dir.resolve(usageFile), StandardCharsets.US_ASCII).trim());
            return new Available(Math.max(0, max - used), String.format(Locale.ROOT, "%s limit %s, %s in use",
                    what, Sizes.format(max), Sizes.format(used)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
