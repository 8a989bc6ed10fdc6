package io.livemig.engine;

import io.livemig.backend.CpuThrottle;
import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.backend.SourceDomain;
import io.livemig.stream.DeviceState;
import io.livemig.stream.DomainType;
import io.livemig.stream.HvmContext;
import io.livemig.stream.HvmParam;
import io.livemig.stream.PageType;
import io.livemig.stream.StaticState;
import io.livemig.stream.TscInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A source domain whose dirty pages follow a script: the k-th CLEAN reports the k-th set of pfns
 * (and rewrites those pages), FINAL reports a last set. It records every call and every batch it
 * maps, so tests can check the engine's order of operations.
 */
final class ScriptedDomain implements SourceDomain {
    final long pfns;
    final List<Set<Long>> cleanScript;
    final Set<Long> finalSet;
    final List<String> calls = new ArrayList<>();
    /** pfns mapped, per round in mapping order: a new list starts at each bitmap fetch or suspend. */
    final List<List<Long>> mappedPerPass = new ArrayList<>();
    final Set<Long> holes = new HashSet<>();
    /** pfn -> number of times it is still reported DEFERRED. */
    final Map<Long, Integer> deferrals = new HashMap<>();
    int failOnClean = -1;
    int failOnMapCall = -1;
    /** Thrown by {@link #resume()} (after recording the call), the domain staying suspended; null: resume works. */
    RuntimeException resumeFailure;
    /** What {@link #staticState()} returns. */
    StaticState staticState = StaticState.NONE;
    /** The domain's own CPU setting, as a throttle percentage; what a restore must put back. */
    int originalThrottle = 0;
    /** The throttle in force. */
    int throttle = 0;
    /** False: {@link #openCpuThrottle()} refuses, as a backend without the means does. */
    boolean throttleAvailable = true;
    /** The n-th {@link CpuThrottle#set} (0-based) fails; -1: none does. */
    int failOnThrottleSet = -1;
    private int throttleSets;
    /** What {@link #deviceState()} returns; null: a small fixed HVM context with one param. */
    DeviceState deviceState;

    private final Arena arena = Arena.ofShared();
    final MemorySegment memory;
    private boolean logDirty;
    private boolean suspended;
    private int cleans;
    private int mapCalls;
    private int generation;

    ScriptedDomain(long pfns, List<Set<Long>> cleanScript, Set<Long> finalSet) {
        this.pfns = pfns;
        this.cleanScript = cleanScript;
        this.finalSet = finalSet;
        this.memory = arena.allocate(pfns * 4096, 4096);
        for (long p = 0; p < pfns; p++) {
            write(p);
        }
        mappedPerPass.add(new ArrayList<>());
    }

    /** Every page starts with its pfn and the generation that last wrote it. */
    private void write(long pfn) {
        memory.set(ValueLayout.JAVA_LONG_UNALIGNED, pfn * 4096, pfn);
        memory.set(ValueLayout.JAVA_LONG_UNALIGNED, pfn * 4096 + 8, generation);
        memory.set(ValueLayout.JAVA_LONG_UNALIGNED, pfn * 4096 + 4088, ~pfn);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public DomainType type() {
        return DomainType.X86_HVM;
    }

    @Override
    public long pfnCount() {
        return pfns;
    }

    @Override
    public int xenMajor() {
        return 4;
    }

    @Override
    public int xenMinor() {
        return 17;
    }

    @Override
    public StaticState staticState() {
        return staticState;
    }

    @Override
    public DirtyBitmap allocateDirtyBitmap(Arena a) {
        return DirtyBitmap.allocate(a, pfns);
    }

    @Override
    public CpuThrottle openCpuThrottle() {
        calls.add("open-throttle");
        if (!throttleAvailable) {
            throw new DomainException("scripted cannot be throttled");
        }
        throttle = originalThrottle;
        return new CpuThrottle() {
            @Override
            public int percent() {
                return throttle;
            }

            @Override
            public void set(int percent) {
                calls.add("throttle " + percent);
                if (throttleSets++ == failOnThrottleSet) {
                    throw new DomainException("injected throttle failure");
                }
                throttle = CpuThrottle.checkPercent(percent);
            }

            @Override
            public void restore() {
                calls.add("restore-throttle");
                throttle = originalThrottle;
            }

            @Override
            public String describe() {
                return "scripted throttle";
            }
        };
    }

    @Override
    public void enableLogDirty() {
        calls.add("enable");
        logDirty = true;
    }

    @Override
    public long cleanDirtyBitmap(DirtyBitmap into) {
        calls.add("clean");
        if (!logDirty) {
            throw new DomainException("clean without log-dirty");
        }
        if (cleans == failOnClean) {
            throw new DomainException("injected failure of clean " + cleans);
        }
        Set<Long> set = cleans < cleanScript.size() ? cleanScript.get(cleans) : Set.of();
        cleans++;
        generation++;
        return fill(into, set);
    }

    private long fill(DirtyBitmap into, Set<Long> set) {
        into.clearAll();
        for (long p : set) {
            write(p);
            into.set(p);
        }
        mappedPerPass.add(new ArrayList<>());
        return set.size();
    }

    @Override
    public long peekDirtyBitmap(DirtyBitmap into) {
        throw new DomainException("peek not scripted");
    }

    @Override
    public long finalDirtyBitmap(DirtyBitmap into) {
        calls.add("final");
        if (!suspended) {
            throw new DomainException("final clean on a running domain");
        }
        generation++;
        return fill(into, finalSet);
    }

    @Override
    public void disableLogDirty() {
        calls.add("off");
        logDirty = false;
    }

    @Override
    public boolean logDirtyEnabled() {
        return logDirty;
    }

    @Override
    public PageMapper openPageMapper(int maxBatch) {
        return new PageMapper() {
            @Override
            public int map(long[] batch, int count, int[] types, ByteBuffer[] pages) {
                if (mapCalls++ == failOnMapCall) {
                    throw new DomainException("injected mapping failure");
                }
                int buffers = 0;
                for (int i = 0; i < count; i++) {
                    long p = batch[i];
                    mappedPerPass.getLast().add(p);
                    Integer left = deferrals.get(p);
                    if (holes.contains(p)) {
                        types[i] = PageType.XTAB;
                    } else if (left != null && left > 0) {
                        deferrals.put(p, left - 1);
                        types[i] = DEFERRED;
                    } else {
                        types[i] = PageType.NOTAB;
                        pages[buffers++] = memory.asSlice(p * 4096, 4096).asByteBuffer();
                    }
                }
                return buffers;
            }

            @Override
            public void unmap() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void suspend() {
        calls.add("suspend");
        suspended = true;
    }

    @Override
    public void resume() {
        calls.add("resume");
        if (resumeFailure != null) {
            throw resumeFailure;
        }
        suspended = false;
    }

    @Override
    public boolean isSuspended() {
        return suspended;
    }

    @Override
    public DeviceState deviceState() {
        calls.add("deviceState");
        if (deviceState != null) {
            return deviceState;
        }
        byte[] ctx = HvmContext.build(0, 0, 2_400_000, List.of(new HvmContext.Entry(HvmContext.TYPE_CPU, 0, new byte[16])));
        return new DeviceState(new TscInfo(0, 2_400_000, 123, 0), ctx, List.of(new HvmParam(HvmParam.STORE_PFN, pfns - 1)));
    }

    /** The pfns named in a set of ranges, for scripts. */
    static Set<Long> range(long from, long to) {
        Set<Long> s = new HashSet<>();
        for (long p = from; p < to; p++) {
            s.add(p);
        }
        return s;
    }
}
