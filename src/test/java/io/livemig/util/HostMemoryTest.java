package io.livemig.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMemoryTest {
    @TempDir
    Path dir;

    @Test
    void memAvailableIsReadInKilobytes() throws Exception {
        Path meminfo = Files.writeString(dir.resolve("meminfo"),
                "MemTotal:       24000000 kB\nMemFree:        1000 kB\nMemAvailable:   20971520 kB\n");
        assertEquals(20L << 30, HostMemory.memAvailable(meminfo));
        assertEquals(-1, HostMemory.memAvailable(Files.writeString(dir.resolve("other"), "MemTotal: 1 kB\n")));
        assertEquals(-1, HostMemory.memAvailable(dir.resolve("absent")));
    }

    @Test
    void aCgroupV2LimitLowersWhatIsAvailable() throws Exception {
        Path root = Files.createDirectories(dir.resolve("sys/fs/cgroup/user.slice/job"));
        Files.writeString(root.resolve("memory.max"), "1073741824\n");
        Files.writeString(root.resolve("memory.current"), "268435456\n");
        Path self = Files.writeString(dir.resolve("cgroup"), "0::/user.slice/job\n");
        HostMemory.Available a = HostMemory.cgroupHeadroom(self, dir.resolve("sys/fs/cgroup"));
        assertEquals(768L << 20, a.bytes());
        assertEquals("cgroup v2 limit 1.0 GiB, 256.0 MiB in use", a.source());

        Files.writeString(root.resolve("memory.max"), "max\n");
        assertNull(HostMemory.cgroupHeadroom(self, dir.resolve("sys/fs/cgroup")), "no limit");
    }

    @Test
    void aCgroupV1LimitCountsAndTheUnlimitedValueDoesNot() throws Exception {
        Path memory = Files.createDirectories(dir.resolve("cg/memory"));
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "536870912\n");
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "134217728\n");
        // the own group's path is not visible in a cgroup namespace: the mount's root is the own group
        Path self = Files.writeString(dir.resolve("cgroup"), "4:memory:/not/visible\n0::/\n");
        assertEquals(384L << 20, HostMemory.cgroupHeadroom(self, dir.resolve("cg")).bytes());

        Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        assertNull(HostMemory.cgroupHeadroom(self, dir.resolve("cg")));
    }

    @Test
    void thePropertyReplacesTheReading() {
        String old = System.getProperty(HostMemory.OVERRIDE_PROPERTY);
        try {
            System.setProperty(HostMemory.OVERRIDE_PROPERTY, "3G");
            assertEquals(new HostMemory.Available(3L << 30, "-Dlivemig.memory.available"), HostMemory.available());
            System.clearProperty(HostMemory.OVERRIDE_PROPERTY);
            HostMemory.Available real = HostMemory.available();
            assertTrue(real.bytes() > 0, real::toString);
        } finally {
            if (old != null) {
                System.setProperty(HostMemory.OVERRIDE_PROPERTY, old);
            }
        }
    }
}
