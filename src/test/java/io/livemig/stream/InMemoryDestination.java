package io.livemig.stream;

import io.livemig.backend.DestinationDomain;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageSink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A destination for restore tests: guest memory is one direct buffer of {@code pfnLimit} pages;
 * the sink hands out one buffer per run of adjacent data pages (so a buffer may span several pages),
 * and everything applied is recorded, with the order of calls in {@link #events()}.
 */
public final class InMemoryDestination implements DestinationDomain {
    private final long pfnLimit;
    private final ByteBuffer memory;
    private final BitSet populated = new BitSet();
    private final List<String> events = new ArrayList<>();
    private StaticState staticState;
    private DeviceState deviceState;
    private boolean complete;
    private long maps;
    private long unmaps;
    /** When non-negative, mapping this pfn fails with a DomainException. */
    private long failingPfn = -1;

    public InMemoryDestination(int pfnLimit) {
        this.pfnLimit = pfnLimit;
        this.memory = ByteBuffer.allocateDirect(pfnLimit * StreamFormat.PAGE_SIZE);
    }

    public void failMappingOf(long pfn) {
        failingPfn = pfn;
    }

    @Override
    public String name() {
        return "test-destination";
    }

    @Override
    public long pfnLimit() {
        return pfnLimit;
    }

    @Override
    public PageSink openPageSink(int maxBatch) {
        events.add("open-sink " + maxBatch);
        return new Sink();
    }

    @Override
    public void applyStaticState(StaticState state) {
        events.add("static");
        staticState = state;
    }

    @Override
    public void applyDeviceState(DeviceState state) {
        events.add("device");
        deviceState = state;
    }

    @Override
    public void markComplete() {
        events.add("complete");
        complete = true;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    public StaticState staticState() {
        return staticState;
    }

    public DeviceState deviceState() {
        return deviceState;
    }

    public List<String> events() {
        return events;
    }

    public boolean isPopulated(long pfn) {
        return populated.get((int) pfn);
    }

    public long maps() {
        return maps;
    }

    public long unmaps() {
        return unmaps;
    }

    /** A copy of the page at {@code pfn}. */
    public byte[] page(long pfn) {
        byte[] out = new byte[StreamFormat.PAGE_SIZE];
        memory.get((int) pfn * StreamFormat.PAGE_SIZE, out);
        return out;
    }

    /** Overwrites the page at {@code pfn} (to prepare VERIFY mismatches). */
    public void setPage(long pfn, byte[] data) {
        memory.put((int) pfn * StreamFormat.PAGE_SIZE, data);
    }

    private final class Sink implements PageSink {
        private boolean mapped;

        @Override
        public int mapForWrite(long[] pfns, int[] types, int count, ByteBuffer[] pages) {
            return map(pfns, types, count, pages, true);
        }

        @Override
        public int mapForRead(long[] pfns, int[] types, int count, ByteBuffer[] pages) {
            return map(pfns, types, count, pages, false);
        }

        private int map(long[] pfns, int[] types, int count, ByteBuffer[] pages, boolean write) {
            if (mapped) {
                throw new IllegalStateException("map without unmap");
            }
            int buffers = 0;
            long runStart = -1;
            int runPages = 0;
            for (int i = 0; i < count; i++) {
                long pfn = pfns[i];
                if (pfn == failingPfn) {
                    throw new DomainException("cannot populate pfn 0x" + Long.toHexString(pfn));
                }
                int t = types[i];
                if (write && t != PageType.XTAB && t != PageType.BROKEN) {
                    populated.set((int) pfn);
                }
                if (!PageType.carriesData(t)) {
                    continue;
                }
                if (runPages > 0 && pfn == runStart + runPages) {
                    runPages++;
                    continue;
                }
                if (runPages > 0) {
                    pages[buffers++] = view(runStart, runPages, write);
                }
                runStart = pfn;
                runPages = 1;
            }
            if (runPages > 0) {
                pages[buffers++] = view(runStart, runPages, write);
            }
            mapped = true;
            maps++;
            events.add((write ? "map-write " : "map-read ") + count);
            return buffers;
        }

        private ByteBuffer view(long pfn, int n, boolean write) {
            ByteBuffer b = memory.slice((int) pfn * StreamFormat.PAGE_SIZE, n * StreamFormat.PAGE_SIZE);
            return write ? b : b.asReadOnlyBuffer();
        }

        @Override
        public void unmap() {
            mapped = false;
            unmaps++;
        }

        @Override
        public void close() {
            events.add("close-sink");
        }
    }
}
