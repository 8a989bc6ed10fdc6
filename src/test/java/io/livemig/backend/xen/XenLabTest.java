package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.PageMapper;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.engine.SaveAbortedException;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.stream.DomainType;
import io.livemig.stream.InspectionReport;
import io.livemig.stream.PageType;
import io.livemig.stream.RecordInfo;
import io.livemig.stream.StaticState;
import io.livemig.stream.StreamFormat;
import io.livemig.stream.StreamInspector;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The Xen backend against a real Xen 4.17 hypervisor: run as root in dom0 with a running PVH, HVM
 * or 64-bit PV guest, never in the normal suite (tag {@code xen-lab}).
 *
 * <p>System properties:
 * <ul>
 *   <li>{@code livemig.xen.domid}: the guest's domid; without it the class is skipped;</li>
 *   <li>{@code livemig.xen.lib}: a directory to load the Xen libraries from (default: by soname);</li>
 *   <li>{@code livemig.xen.patternPages} (default 64): how many pages of the guest's pattern
 *       buffer the scan must find at least;</li>
 *   <li>{@code livemig.xen.saveFile}: where the full save is written and kept (default: a
 *       temporary file, deleted after the inspection).</li>
 * </ul>
 *
 * <p>What the guest must do while the tests run: keep rewriting a buffer of at least
 * {@code patternPages} pages, in passes, at least once a second; every page of it starts with
 * three little-endian 64-bit words: the magic {@link #MAGIC}, the page's index in the buffer, and
 * the number of the pass that last wrote it. It must answer xenstore's control/shutdown "suspend"
 * (any Linux guest does) and carry on after a cancelled suspend.
 *
 * <p>The tests run in order; the save test resumes the guest afterwards, so the guest is running
 * again for the failure tests, which check that it is left running with log-dirty off.
 */
@Tag("xen-lab")
@EnabledIfSystemProperty(named = XenLabTest.DOMID_PROPERTY, matches = ".+",
        disabledReason = "runs only in the Xen lab, given -Dlivemig.xen.domid=N")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XenLabTest {
    static final String DOMID_PROPERTY = "livemig.xen.domid";
    static final String LIB_PROPERTY = "livemig.xen.lib";
    static final String PATTERN_PAGES_PROPERTY = "livemig.xen.patternPages";
    static final String SAVE_FILE_PROPERTY = "livemig.xen.saveFile";
    /** The first word of every page of the guest's buffer, read little-endian ("LIVEMIG!" the other way round). */
    static final long MAGIC = 0x4c4956454d494721L;
    private static final int PAGE = 4096;

    private static XenHost host;
    private static int domid;
    private static int patternPages;

    @BeforeAll
    static void connect() {
        String id = System.getProperty(DOMID_PROPERTY);
        try {
            domid = Integer.parseInt(id.trim());
        } catch (NumberFormatException e) {
            fail("-D" + DOMID_PROPERTY + "=" + id + ": expected the domid of the lab's running PVH guest");
        }
        patternPages = Integer.getInteger(PATTERN_PAGES_PROPERTY, 64);
        host = XenHost.open(Optional.ofNullable(System.getProperty(LIB_PROPERTY)).map(Path::of));
    }

    @AfterAll
    static void disconnect() {
        if (host != null) {
            host.close();
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("XENLAB " + format + "%n", args);
    }

    @Test
    @Order(1)
    void theRunningGuestOpens() {
        try (XenDomain d = XenDomain.open(host, domid)) {
            XenDomainInfo running = d.info();
            assertEquals(running.hvm() ? DomainType.X86_HVM : DomainType.X86_PV, d.type());
            assertEquals(4, d.xenMajor());
            assertEquals(17, d.xenMinor());
            assertTrue(d.pfnCount() > 0, "nr_gpfns " + d.pfnCount());
            XenDomainInfo info = d.info();
            assertEquals(domid, info.domid());
            if (!info.hvm()) {
                assertTrue(d.staticState().pvInfo() != null && d.staticState().pvInfo().guestWidth() == 8, "a 64-bit PV guest");
                assertEquals(d.pfnCount() - 1, d.p2mFrames().endPfn(), "the p2m covers every pfn");
                log("PV guest: p2m of %d frames", d.p2mFrames().framePfns().length);
            }
            assertEquals("running", info.state());
            assertTrue(info.totPages() > 0 && info.totPages() <= d.pfnCount(), info + " for " + d.pfnCount() + " pfns");
            assertFalse(d.isSuspended());
            StaticState policy = d.staticState();
            assertTrue(policy.cpuidPolicy().length >= 8 * StaticState.CPUID_ENTRY_SIZE, "CPUID leaves: " + policy.cpuidPolicy().length / 24);
            log("domid %d: %d pfns, %d pages, %d CPUID leaves, %d MSRs", domid, d.pfnCount(), info.totPages(),
                    policy.cpuidPolicy().length / StaticState.CPUID_ENTRY_SIZE, policy.msrPolicy().length / StaticState.MSR_ENTRY_SIZE);
        }
    }

    @Test
    @Order(2)
    void logDirtyRoundsSeeTheGuestWriting() throws InterruptedException {
        try (XenDomain d = XenDomain.open(host, domid); Arena arena = Arena.ofConfined()) {
            DirtyBitmap bitmap = d.allocateDirtyBitmap(arena);
            assertEquals(d.pfnCount(), bitmap.pfnCount());
            d.enableLogDirty();
            assertTrue(d.logDirtyEnabled());
            try {
                d.cleanDirtyBitmap(bitmap);
                int roundsWithPages = 0;
                for (int round = 1; round <= 8; round++) {
                    Thread.sleep(250);
                    long reported = d.cleanDirtyBitmap(bitmap);
                    long bits = bitmap.count();
                    log("CLEAN round %d: %d pages reported dirty, %d bits set", round, reported, bits);
                    if (bits > 0) {
                        roundsWithPages++;
                    }
                }
                assertTrue(roundsWithPages >= 3, "dirty pages in only " + roundsWithPages + " of 8 rounds");

                // PEEK does not clear: what a first peek saw is still there in a second one
                Thread.sleep(250);
                d.peekDirtyBitmap(bitmap);
                long[] first = words(bitmap);
                Thread.sleep(250);
                d.peekDirtyBitmap(bitmap);
                for (int w = 0; w < first.length; w++) {
                    long lost = first[w] & ~bitmap.word(w);
                    assertEquals(0, lost, "PEEK cleared bits of word " + w);
                }
            } finally {
                d.disableLogDirty();
            }
            assertFalse(d.logDirtyEnabled());
            assertLogDirtyOff(d);
        }
    }

    @Test
    @Order(3)
    void foreignMappingReadsWhatTheGuestWrote() throws InterruptedException {
        try (XenDomain d = XenDomain.open(host, domid); PageMapper mapper = d.openPageMapper(StreamFormat.MAX_BATCH_SIZE)) {
            Map<Long, Long> first = scanPattern(d, mapper);
            log("pattern scan 1: %d pages of the guest's buffer", first.size());
            assertTrue(first.size() >= patternPages, "found " + first.size() + " pages with the magic, expected at least " + patternPages);
            Thread.sleep(1500);
            Map<Long, Long> second = scanPattern(d, mapper);
            log("pattern scan 2: %d pages", second.size());
            int advanced = 0;
            for (Map.Entry<Long, Long> e : first.entrySet()) {
                Long later = second.get(e.getKey());
                assertNotNull(later, "page " + e.getKey() + " of the buffer disappeared");
                assertTrue(later >= e.getValue(), "page " + e.getKey() + ": pass " + later + " after pass " + e.getValue());
                if (later > e.getValue()) {
                    advanced++;
                }
            }
            assertTrue(advanced > 0, "no page of the buffer was rewritten in 1.5 s: the mapping does not show the guest's writes");
        }
    }

    @Test
    @Order(4)
    void aLiveSaveCompletesAndPassesTheInspector() throws Exception {
        Path file = System.getProperty(SAVE_FILE_PROPERTY) != null ? Path.of(System.getProperty(SAVE_FILE_PROPERTY))
                : Files.createTempFile("livemig-xen-lab", ".stream");
        long pfns;
        boolean pv;
        try (XenDomain d = XenDomain.open(host, domid);
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            pfns = d.pfnCount();
            pv = d.type() == DomainType.X86_PV;
            SaveResult result = new SaveEngine(d, out, SaveOptions.defaults()).save();
            log("saved %s: %d live rounds, %d pages, %d bytes, downtime %d ms", d.name(), result.liveRounds(), result.pagesSent(),
                    result.bytesWritten(), result.downtime().toMillis());
            assertTrue(result.liveRounds() >= 1);
            assertTrue(result.pagesSent() > 0);
            // a completed save leaves the guest suspended (xl save then destroys it); the lab keeps it
            assertTrue(d.isSuspended(), d.info().state());
            assertFalse(d.logDirtyEnabled());
            d.resume();
            assertGuestRunsWithLogDirtyOff(d);
        }
        try (FileChannel in = FileChannel.open(file)) {
            InspectionReport report = StreamInspector.inspect(in, pfns, true);
            report.lines().forEach(l -> log("inspect: %s", l));
            assertTrue(report.valid(), report.error());
            List<String> names = report.records().stream().map(RecordInfo::name).toList();
            assertTrue(names.contains("STATIC_DATA_END"), names.toString());
            assertTrue(names.contains("PAGE_DATA"), names.toString());
            assertTrue(names.contains("X86_TSC_INFO"), names.toString());
            if (pv) {
                for (String name : List.of("X86_PV_INFO", "X86_PV_P2M_FRAMES", "SHARED_INFO", "X86_PV_VCPU_BASIC")) {
                    assertTrue(names.contains(name), name + " in " + names);
                }
                assertFalse(names.contains("HVM_CONTEXT"), names.toString());
            } else {
                assertTrue(names.contains("HVM_CONTEXT"), names.toString());
            }
            assertEquals("END", names.getLast());
        } finally {
            if (System.getProperty(SAVE_FILE_PROPERTY) == null) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    @Order(5)
    void anAbortLeavesTheGuestRunningWithLogDirtyOff() throws Exception {
        PrecopyPolicy abortInRoundTwo = stats -> stats.iteration() >= 2 ? Decision.ABORT : Decision.CONTINUE_PRECOPY;
        try (XenDomain d = XenDomain.open(host, domid); FileChannel out = devNull()) {
            SaveAbortedException e = assertThrows(SaveAbortedException.class,
                    () -> new SaveEngine(d, out, SaveOptions.builder().policy(abortInRoundTwo).build()).save());
            log("abort: %s", e.getMessage());
            assertGuestRunsWithLogDirtyOff(d);
        }
    }

    @Test
    @Order(6)
    void aFailingStreamBeforeSuspendLeavesTheGuestRunningWithLogDirtyOff() throws Exception {
        try (XenDomain d = XenDomain.open(host, domid); FailingChannel out = new FailingChannel(() -> true, 8L << 20)) {
            SaveException e = assertThrows(SaveException.class, () -> new SaveEngine(d, out, SaveOptions.defaults()).save());
            log("failure before suspend: %s", e.getMessage());
            assertTrue(e.getMessage().contains("injected"), e.getMessage());
            assertGuestRunsWithLogDirtyOff(d);
        }
    }

    @Test
    @Order(7)
    void aFailureAfterSuspendResumesTheGuest() throws Exception {
        boolean[] suspended = {false};
        SaveListener onSuspend = new SaveListener() {
            @Override
            public void suspended(Instant at) {
                suspended[0] = true;
            }
        };
        try (XenDomain d = XenDomain.open(host, domid); FailingChannel out = new FailingChannel(() -> suspended[0], 0)) {
            SaveException e = assertThrows(SaveException.class,
                    () -> new SaveEngine(d, out, SaveOptions.builder().listener(onSuspend).build()).save());
            log("failure after suspend: %s", e.getMessage());
            assertTrue(suspended[0], "the save failed before the guest was suspended: " + e.getMessage());
            assertGuestRunsWithLogDirtyOff(d);
        }
    }

    // ---- checks

    /**
     * Not shut down, not paused, log-dirty off in the hypervisor, and still writing. Xen 4.17
     * refuses ENABLE_LOGDIRTY with EINVAL while log-dirty is on (paging_log_dirty_enable), whereas
     * CLEAN and PEEK succeed either way (with log-dirty off they return an empty bitmap): so
     * ENABLE succeeding at the first try is what shows log-dirty was off. Pages dirtied afterwards
     * show the guest runs.
     */
    private static void assertGuestRunsWithLogDirtyOff(XenDomain d) throws InterruptedException {
        XenDomainInfo info = d.info();
        assertFalse(info.shutdown(), "the guest is " + info.state());
        assertFalse(info.paused(), "the guest is paused");
        assertFalse(d.logDirtyEnabled());
        assertLogDirtyOff(d);
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap bitmap = d.allocateDirtyBitmap(arena);
            d.enableLogDirty();
            try {
                d.cleanDirtyBitmap(bitmap);
                Thread.sleep(1000);
                d.cleanDirtyBitmap(bitmap);
                assertTrue(bitmap.count() > 0, "the guest dirtied no page in 1 s: it does not run");
            } finally {
                d.disableLogDirty();
            }
        }
    }

    /** ENABLE_LOGDIRTY is accepted at once (then undone): log-dirty was off. */
    private static void assertLogDirtyOff(XenDomain d) {
        long stamp = host.enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = ErrnoCapture.allocate(arena);
            long rc = xenctrl_h.xc_logdirty_control(callState, host.xch(), domid, xenctrl_h.XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY(),
                    MemorySegment.NULL, 0L, 0, MemorySegment.NULL);
            int errno = ErrnoCapture.errno(callState);
            long off = xenctrl_h.xc_logdirty_control(callState, host.xch(), domid, xenctrl_h.XEN_DOMCTL_SHADOW_OP_OFF(),
                    MemorySegment.NULL, 0L, 0, MemorySegment.NULL);
            assertEquals(0, rc, () -> "ENABLE_LOGDIRTY was refused (" + Errno.describe(errno) + "): log-dirty was still on for " + d.name());
            assertEquals(0, off, "OFF after the probe");
        } finally {
            host.exit(stamp);
        }
    }

    private static long[] words(DirtyBitmap bitmap) {
        long[] w = new long[(int) bitmap.wordCount()];
        for (int i = 0; i < w.length; i++) {
            w[i] = bitmap.word(i);
        }
        return w;
    }

    /**
     * Maps every page of the guest, batch by batch, as a save does, and returns the pages of the
     * guest's buffer: index -> the highest pass number seen for it (a page the guest's kernel
     * copied elsewhere may leave a stale copy behind; the live page has the newest pass).
     */
    private static Map<Long, Long> scanPattern(XenDomain d, PageMapper mapper) {
        int batch = StreamFormat.MAX_BATCH_SIZE;
        long[] pfns = new long[batch];
        int[] types = new int[batch];
        ByteBuffer[] pages = new ByteBuffer[batch];
        Map<Long, Long> found = new HashMap<>();
        for (long start = 0; start < d.pfnCount(); start += batch) {
            int n = (int) Math.min(batch, d.pfnCount() - start);
            for (int i = 0; i < n; i++) {
                pfns[i] = start + i;
            }
            int buffers = mapper.map(pfns, n, types, pages);
            try {
                int b = 0;
                int pos = buffers > 0 ? pages[0].position() : 0;
                for (int i = 0; i < n; i++) {
                    if (types[i] == PageMapper.DEFERRED || !PageType.carriesData(types[i])) {
                        continue;
                    }
                    if (pos >= pages[b].limit()) {
                        b++;
                        pos = pages[b].position();
                    }
                    ByteBuffer page = pages[b];
                    long magic = Long.reverseBytes(page.getLong(pos));
                    if (magic == MAGIC || magic == Long.reverseBytes(MAGIC)) {
                        long index = Long.reverseBytes(page.getLong(pos + 8));
                        long pass = Long.reverseBytes(page.getLong(pos + 16));
                        assertTrue(index >= 0 && index < (1L << 32), "pfn " + pfns[i] + ": index " + index);
                        assertTrue(pass >= 0 && pass < (1L << 48), "pfn " + pfns[i] + ": pass " + pass);
                        found.merge(index, pass, Math::max);
                    }
                    pos += PAGE;
                }
            } finally {
                mapper.unmap();
            }
        }
        return found;
    }

    private static FileChannel devNull() throws IOException {
        return FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
    }
}
