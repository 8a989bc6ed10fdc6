package io.livemig.engine;

import io.livemig.backend.CpuThrottle;
import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.backend.PvSourceDomain;
import io.livemig.backend.SourceDomain;
import io.livemig.engine.PolicyConsultation.DecidedBy;
import io.livemig.policy.AutoConverge;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.PrecopyStats;
import io.livemig.policy.ThrottleStrategy;
import io.livemig.stream.ChannelOutput;
import io.livemig.stream.PageDataWriter;
import io.livemig.stream.PageType;
import io.livemig.stream.DomainType;
import io.livemig.stream.RecordType;
import io.livemig.stream.StreamWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The save mechanism of Xen's xg_sr_save.c, driven by a {@link PrecopyPolicy}: headers and
 * static data, then (live) every page followed by rounds of fetch-and-clear and send while the
 * policy says continue, suspend, the final fetch-and-clear and pass, the device state, END.
 * Whatever happens, log-dirty is off afterwards; on failure or ABORT the domain runs again.
 *
 * <p>Beside Xen's three fields the policy is shown what the engine measured
 * ({@link PrecopyMetrics}: time, round durations and bytes, bandwidth, dirty rate, remaining
 * pages), measured with the options' {@link NanoClock}. Optional token buckets
 * ({@link RateLimiter}) cap the page sending rate: one for the rounds sent while the guest runs,
 * another (none by default: every millisecond there is the guest's downtime) for the rounds sent
 * while it is suspended.
 *
 * <p>A {@link ThrottleStrategy} beside the policy ({@link SaveOptions#throttle()}) slows the
 * guest's vCPUs through the backend's {@link CpuThrottle} while precopy runs; the domain's own
 * setting is put back just before the suspend (a Xen guest runs its own suspend code, slowly
 * under a cap) and on every other way out of {@link #save()}, before it returns.
 *
 * <p>A {@link PrecopyControl} lets another thread force a decision at the next consultation, fix
 * the throttle, or {@linkplain PrecopyControl#interrupt interrupt} the save between two batches.
 *
 * <p>One engine saves one domain once; {@link #save()} runs on the calling thread.
 */
public final class SaveEngine {
    private static final Logger LOG = LogManager.getLogger(SaveEngine.class);
    /** Deferred pfns named in the error of a save that could not map them. */
    private static final int PFNS_NAMED = 16;

    private final SourceDomain domain;
    /** The same domain when it is an x86 PV guest (Xen's x86 PV save ops), else null. */
    private final PvSourceDomain pv;
    private final SaveOptions options;
    private final ChannelOutput out;
    private final StreamWriter stream;
    private final PageDataWriter pageWriter;
    private final SaveListener[] listeners;
    private final PrecopyPolicy policy;
    /** Null without live control. */
    private final PrecopyControl control;
    private final NanoClock clock;
    private final PrecopyMeter meter;
    private final RoundAccount roundAccount;
    /** Null without a bandwidth limit for the rounds sent while the guest runs. */
    private final RateLimiter liveLimiter;
    /** Null without a bandwidth limit for the rounds sent while it is suspended. */
    private final RateLimiter suspendedLimiter;
    /** Null until the operator hands the throttle to a strategy, when the save was given none. */
    private ThrottleStrategy throttleStrategy;
    /** Null until the first throttle is set (opened at the start of a live save given a strategy). */
    private CpuThrottle cpuThrottle;
    /** The guest's throttle in force, 0..99 %. */
    private int throttle;
    /** Guards the CPU throttle against {@link #restoreThrottleAtExit()} from another thread. */
    private final Object throttleLock = new Object();
    /** Set by {@link #restoreThrottleAtExit()}: no throttle is set afterwards. */
    private boolean throttleReleased;
    /** The operator's throttle request last applied ({@link PrecopyControl#THROTTLE_AUTO} when none). */
    private int appliedThrottleRequest = PrecopyControl.THROTTLE_AUTO;

    // Batch state, allocated once per save.
    private final long[] batchPfns;
    private final int[] batchTypes;
    private final ByteBuffer[] batchPages;

    private final List<RoundStats> rounds = new ArrayList<>();
    private final List<PolicyConsultation> consultations = new ArrayList<>();
    private Instant started;
    private Instant suspendedAt;
    private Instant endWrittenAt;
    private boolean suspendedByUs;
    /** The last live round sent; the final pass is numbered after it. */
    private int lastIteration;

    /**
     * An engine for one save of {@code domain} to {@code channel}.
     *
     * @param domain  the domain to save
     * @param channel where the stream is written
     * @param options how to save
     * @throws IllegalArgumentException when the domain is an x86 PV guest whose backend does not implement
     *                                  {@link PvSourceDomain}
     */
    public SaveEngine(SourceDomain domain, GatheringByteChannel channel, SaveOptions options) {
        this.domain = domain;
        this.pv = pvOf(domain);
        this.options = options;
        this.out = new ChannelOutput(channel);
        this.stream = new StreamWriter(out, options.libxlFraming());
        this.pageWriter = new PageDataWriter(stream, options.batchSize());
        this.listeners = options.listeners().toArray(SaveListener[]::new);
        this.batchPfns = new long[options.batchSize()];
        this.batchTypes = new int[options.batchSize()];
        this.batchPages = new ByteBuffer[options.batchSize()];
        this.policy = options.policy();
        this.control = options.control();
        this.clock = options.clock();
        this.meter = new PrecopyMeter(domain.pfnCount(), options.maxBandwidth(), options.bandwidthWindow().toNanos());
        this.roundAccount = new RoundAccount(clock, meter);
        this.liveLimiter = limiter(options.maxBandwidth(), clock);
        this.suspendedLimiter = limiter(options.maxBandwidthSuspended(), clock);
        this.throttleStrategy = options.throttle();
    }

    private static RateLimiter limiter(long bytesPerSecond, NanoClock clock) {
        return bytesPerSecond > 0 ? new RateLimiter(bytesPerSecond, RateLimiter.defaultBurst(bytesPerSecond), clock) : null;
    }

    /**
     * Saves the domain to the channel.
     *
     * @return what the save did
     * @throws SaveAbortedException when the policy or the operator answered ABORT, the control
     *                              interrupted the save, or the policy or throttle strategy failed (threw,
     *                              answered null or out of range); {@link SaveAbortedException#decidedBy()} tells who
     * @throws SaveException        on any other failure (I/O, the domain, a device model without libxl framing)
     */
    public SaveResult save() throws SaveException {
        started = Instant.now();
        meter.started(clock.nanoTime());
        long pfnCount = domain.pfnCount();
        LOG.info("Saving {} ({} pfns, {}, {}), batches of {}{}", domain.name(), pfnCount, domain.type(),
                options.live() ? "live" : "not live", options.batchSize(), options.libxlFraming() ? ", libxl framing" : "");
        if (domain.hasDeviceModel() && !options.libxlFraming()) {
            throw fail(new SaveException("save of " + domain.name() + " refused: it has a device model, whose state travels only in"
                    + " the libxl stream; save it in the libxl or xl format", null, result()));
        }
        SaveException failure = null;
        try (Arena arena = Arena.ofConfined(); PageMapper mapper = domain.openPageMapper(options.batchSize())) {
            DirtyBitmap dirty = domain.allocateDirtyBitmap(arena);
            DirtyBitmap deferred = DirtyBitmap.allocate(arena, pfnCount);
            stream.writeHeaders(domain.type(), domain.xenMajor(), domain.xenMinor());
            stream.writeStaticState(domain.staticState());
            if (pv != null) {
                stream.writeP2mFrames(pv.p2mFrames());
                pv.checkVmState(options.live());
            }
            if (options.live()) {
                if (throttleStrategy != null) {
                    openCpuThrottle(); // before log-dirty: a domain that cannot be throttled fails the save at once
                }
                domain.enableLogDirty();
                meter.logDirtyEnabled(clock.nanoTime());
                sendMemoryLive(mapper, dirty, deferred, pfnCount);
                suspendAndSendDirty(mapper, dirty, deferred);
                if (options.verify()) {
                    verifyFrames(mapper, dirty, deferred, pfnCount);
                }
            } else {
                sendMemoryNonLive(mapper, dirty, deferred, pfnCount);
            }
            if (pv != null) {
                stream.writePvDeviceState(pv.pvDeviceState());
            } else {
                stream.writeDeviceState(domain.deviceState());
            }
            stream.writeEnd(domain.deviceModelState());
            endWrittenAt = Instant.now();
        } catch (SaveAbortedException e) {
            failure = e;
        } catch (IOException | RuntimeException e) {
            failure = new SaveException("save of " + domain.name() + " failed: " + describe(e), e, result());
        } finally {
            restoreThrottleQuietly();
            disableLogDirtyQuietly();
        }
        if (failure != null) {
            throw fail(failure);
        }
        SaveResult result = result();
        LOG.info("Saved {}: {} live rounds, {} pages, {} bytes, downtime {} ms", domain.name(), result.liveRounds(),
                result.pagesSent(), result.bytesWritten(), result.downtime().toMillis());
        for (SaveListener l : listeners) {
            notify(() -> l.completed(result));
        }
        return result;
    }

    /** send_memory_live with the precopy policy, in exactly Xen's call order (see {@link PrecopyPolicy}). */
    private void sendMemoryLive(PageMapper mapper, DirtyBitmap dirty, DirtyBitmap deferred, long pfnCount)
            throws IOException, SaveAbortedException {
        PrecopyStats stats = new PrecopyStats(0, 0, pfnCount);
        long dirtyCount = pfnCount;
        dirty.setAll();
        int x = 0;
        Decision decision;
        while (true) {
            decision = consult(stats);
            x++;
            if (dirtyCount > 0 && decision != Decision.ABORT) {
                sendDirtyPages(mapper, dirty, deferred, x, true, dirtyCount);
                lastIteration = x;
            }
            if (decision != Decision.CONTINUE_PRECOPY) {
                break;
            }
            stats = new PrecopyStats(x, stats.totalWritten() + stats.dirtyCount(), PrecopyStats.UNKNOWN);
            decision = consult(stats);
            if (decision != Decision.CONTINUE_PRECOPY) {
                break;
            }
            dirtyCount = domain.cleanDirtyBitmap(dirty);
            meter.fetched(clock.nanoTime(), dirtyCount);
            stats = new PrecopyStats(x, stats.totalWritten(), dirtyCount);
        }
        if (decision == Decision.ABORT) {
            PolicyConsultation last = consultations.getLast();
            String who = last.byOperator() ? "the operator aborted (" + last.reason() + ")" : "the policy answered ABORT";
            throw new SaveAbortedException("Abort precopy loop: " + who + " at " + describe(stats), null, result(),
                    last.decidedBy(), last.reason());
        }
    }

    private static PvSourceDomain pvOf(SourceDomain domain) {
        if (domain.type() != DomainType.X86_PV) {
            return null;
        }
        if (domain instanceof PvSourceDomain pv) {
            return pv;
        }
        throw new IllegalArgumentException(domain.name() + " is an x86 PV guest but its backend (" + domain.getClass().getSimpleName()
                + ") does not implement " + PvSourceDomain.class.getSimpleName());
    }

    /** "iteration 2 (1234 dirty pages, 5678 written)" */
    private static String describe(PrecopyStats stats) {
        return "iteration " + stats.iteration() + " ("
                + (stats.dirtyCountKnown() ? stats.dirtyCount() + " dirty pages, " : "dirty count unknown, ")
                + stats.totalWritten() + " written)";
    }

    /** suspend_and_send_dirty: suspend, the last fetch-and-clear, deferred pages, the final pass. */
    private void suspendAndSendDirty(PageMapper mapper, DirtyBitmap dirty, DirtyBitmap deferred)
            throws IOException, SaveAbortedException {
        // A Xen guest runs its own suspend code: capped at 1 % it took 29 s to suspend in the lab.
        // Throttling ends here, not at the save's end.
        restoreThrottleQuietly();
        suspend();
        long dirtyCount = domain.finalDirtyBitmap(dirty);
        sendFinalPass(mapper, dirty, deferred, lastIteration + 1, dirtyCount);
    }

    /**
     * verify_frames (Xen's debug mode): a VERIFY record, then every page once more with the domain
     * still suspended, which the receiver compares with what it has. A page that cannot be mapped
     * fails the save, as in the final pass. Then, as Xen does, a PEEK at the dirty bitmap (log-dirty
     * is still on) says how many pages changed while the domain was suspended: there should be none.
     */
    private void verifyFrames(PageMapper mapper, DirtyBitmap dirty, DirtyBitmap deferred, long pfnCount)
            throws IOException, SaveAbortedException {
        LOG.info("Enabling verify mode");
        stream.writeEmptyRecord(RecordType.VERIFY);
        for (SaveListener l : listeners) {
            notify(() -> l.verifyStarted(pfnCount));
        }
        dirty.setAll();
        sendDirtyPages(mapper, dirty, deferred, lastIteration + 2, false, true, pfnCount);
        long stillDeferred = deferred.count();
        if (stillDeferred > 0) {
            throw new DomainException(stillDeferred + (stillDeferred == 1 ? " page" : " pages")
                    + " could not be mapped for the verify pass: " + describePfns(deferred, stillDeferred));
        }
        long changed = domain.peekDirtyBitmap(dirty);
        LOG.info("Verify pass sent; {} pages dirtied while the domain was suspended", changed);
    }

    /**
     * send_domain_memory_nonlive: suspend, then every page. Pages that could not be mapped are
     * retried as the live path retries them, in one more pass with the domain suspended, which
     * fails the save if they still cannot be mapped. (Xen's non-live path has no such pass: on a
     * paused domain its mapping errors are fatal rather than deferred; a backend here may defer
     * whatever the domain's state.)
     */
    private void sendMemoryNonLive(PageMapper mapper, DirtyBitmap dirty, DirtyBitmap deferred, long pfnCount)
            throws IOException, SaveAbortedException {
        suspend();
        dirty.setAll();
        sendDirtyPages(mapper, dirty, deferred, 1, false, pfnCount);
        if (deferred.count() > 0) {
            dirty.clearAll();
            sendFinalPass(mapper, dirty, deferred, 2, 0);
        }
    }

    /**
     * The pass made with the domain suspended: the {@code dirtyCount} pages of {@code dirty} and
     * every page deferred so far. A page that still cannot be mapped fails the save, naming it:
     * it would otherwise be missing on the destination.
     */
    private void sendFinalPass(PageMapper mapper, DirtyBitmap dirty, DirtyBitmap deferred, int iteration, long dirtyCount)
            throws IOException, SaveAbortedException {
        long deferredCount = deferred.count();
        if (deferredCount > 0) {
            dirty.or(deferred);
            deferred.clearAll();
        }
        sendDirtyPages(mapper, dirty, deferred, iteration, false, dirtyCount + deferredCount);
        long stillDeferred = deferred.count();
        if (stillDeferred > 0) {
            throw new DomainException(stillDeferred + (stillDeferred == 1 ? " page" : " pages")
                    + " could still not be mapped with the domain suspended: " + describePfns(deferred, stillDeferred));
        }
    }

    /** "pfns 0x7, 0x384" (the first {@value #PFNS_NAMED}, then "and N more"). */
    private static String describePfns(DirtyBitmap pfns, long count) {
        long[] first = new long[(int) Math.min(count, PFNS_NAMED)];
        pfns.rewind();
        int n = pfns.collect(first, first.length);
        StringBuilder s = new StringBuilder(count == 1 ? "pfn " : "pfns ");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(first[i]));
        }
        if (count > n) {
            s.append(" and ").append(count - n).append(" more");
        }
        return s.toString();
    }

    private void suspend() {
        LOG.info("Suspending {}", domain.name());
        domain.suspend();
        suspendedByUs = true;
        suspendedAt = Instant.now();
        for (SaveListener l : listeners) {
            notify(() -> l.suspended(suspendedAt));
        }
    }

    /**
     * send_dirty_pages: every set pfn of the bitmap, in batches, one PAGE_DATA record each.
     * Pages the backend cannot map yet go out as XTAB and are marked in {@code deferred}. Between
     * two batches the control's interruption is checked: the safe point of a round.
     */
    private void sendDirtyPages(PageMapper mapper, DirtyBitmap dirty, DirtyBitmap deferred, int iteration,
                                boolean live, long dirtyCount) throws IOException, SaveAbortedException {
        sendDirtyPages(mapper, dirty, deferred, iteration, live, false, dirtyCount);
    }

    /** As above; {@code verify} marks the verify pass. */
    private void sendDirtyPages(PageMapper mapper, DirtyBitmap dirty, DirtyBitmap deferred, int iteration,
                                boolean live, boolean verify, long dirtyCount) throws IOException, SaveAbortedException {
        LOG.info("Frames {}{}: {} dirty pages", verify ? "verify" : "iteration " + iteration, live ? "" : " (suspended)", dirtyCount);
        for (SaveListener l : listeners) {
            notify(() -> l.roundStarted(iteration, live, dirtyCount));
        }
        final long[] pfns = batchPfns;
        final int[] types = batchTypes;
        final ByteBuffer[] pages = batchPages;
        final int batch = options.batchSize();
        final PrecopyControl ctl = control;
        final RoundAccount account = roundAccount;
        account.start(iteration, live, verify, dirtyCount, live ? liveLimiter : suspendedLimiter, out.bytesWritten(),
                live ? throttle : 0);
        dirty.rewind();
        String interruption = null;
        int n;
        while ((n = dirty.collect(pfns, batch)) > 0) {
            if (ctl != null) {
                if ((interruption = ctl.interruption()) != null) {
                    break; // the round so far is recorded below
                }
                if (live && ctl.requestedThrottle() != appliedThrottleRequest) {
                    operatorThrottle(iteration);
                }
            }
            int buffers = mapper.map(pfns, n, types, pages);
            int deferredPages;
            long dataPages;
            try {
                deferredPages = defer(pfns, types, n, deferred);
                dataPages = pageWriter.write(pfns, types, n, pages, buffers);
            } finally {
                mapper.unmap();
            }
            if (account.batchSent(n, dataPages, deferredPages, out.bytesWritten())) {
                reportProgress(iteration, account.entries(), dirtyCount);
            }
        }
        if (account.entries() != dirtyCount) {
            // Xen only notes this too: the count is the hypervisor's, the bitmap is what we send.
            LOG.debug("Frames iteration {}: bitmap held {} pages, {} were reported dirty", iteration, account.entries(), dirtyCount);
        }
        RoundStats stats = account.finish(out.bytesWritten());
        rounds.add(stats);
        for (SaveListener l : listeners) {
            notify(() -> l.roundFinished(stats));
        }
        if (interruption != null) {
            throw interrupted(interruption, iteration, live, stats.entriesSent(), dirtyCount);
        }
        if (pv != null) {
            pv.checkVmState(options.live()); // Xen's send_dirty_pages ends with check_vm_state
        }
    }

    /** Marks the batch's pages that could not be mapped in {@code deferred} and sends them as XTAB; returns how many. */
    private static int defer(long[] pfns, int[] types, int n, DirtyBitmap deferred) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (types[i] == PageMapper.DEFERRED) {
                deferred.set(pfns[i]);
                types[i] = PageType.XTAB;
                count++;
            }
        }
        return count;
    }

    /** The save stops between two batches of a round: the operator's abort, without waiting for the round's end. */
    private SaveAbortedException interrupted(String reason, int iteration, boolean live, long sent, long dirtyCount) {
        LOG.info("Interrupted ({}) in round {} after {} of {} pages", reason, iteration, sent, dirtyCount);
        return new SaveAbortedException("interrupted (" + reason + ") in round " + iteration + (live ? "" : " (suspended)")
                + " after " + sent + " of " + dirtyCount + " pages", null, result(), DecidedBy.OPERATOR, reason);
    }

    /** Once per batch: no lambda, no boxing unless debug logging is on. */
    private void reportProgress(int iteration, long sent, long dirtyCount) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Frames iteration {}: {}/{} pages", iteration, sent, dirtyCount);
        }
        for (SaveListener l : listeners) {
            try {
                l.pagesSent(iteration, sent, dirtyCount);
            } catch (RuntimeException e) {
                LOG.warn("A save listener failed: {}", describe(e));
            }
        }
    }

    /** Once per consultation: the measurements are one small immutable value, by value to the policy. */
    private Decision consult(PrecopyStats stats) throws SaveAbortedException {
        // the operator's downtime target is part of what the policy is shown, and of the record
        long target = control == null ? PrecopyMetrics.UNKNOWN : control.downtimeTargetNanos();
        PrecopyMetrics metrics = meter.metrics(clock.nanoTime(), stats, target);
        Decision decision;
        DecidedBy by = DecidedBy.POLICY;
        String reason = null;
        try {
            if (control == null) {
                decision = policy.decide(stats, metrics);
            } else {
                PrecopyControl.Status s = control.consult(policy, stats, metrics);
                decision = s.decision();
                if (s.forced()) {
                    by = DecidedBy.OPERATOR;
                    reason = s.reason();
                }
            }
        } catch (RuntimeException e) {
            consultations.add(new PolicyConsultation(stats, metrics, Decision.ABORT, DecidedBy.POLICY, null));
            throw new SaveAbortedException("the precopy policy failed at " + describe(stats) + ": " + describe(e), e, result(),
                    DecidedBy.POLICY, null);
        }
        if (decision == null) {
            consultations.add(new PolicyConsultation(stats, metrics, Decision.ABORT, DecidedBy.POLICY, null));
            throw new SaveAbortedException("the precopy policy returned null at " + describe(stats), null, result(),
                    DecidedBy.POLICY, null);
        }
        PolicyConsultation consultation = new PolicyConsultation(stats, metrics, decision, by, reason);
        consultations.add(consultation);
        if (by == DecidedBy.OPERATOR) {
            LOG.info("Operator ({}) at {}: {}", reason, stats, decision);
        } else {
            LOG.debug("Policy at {}: {}", stats, decision);
        }
        for (SaveListener l : listeners) {
            notify(() -> l.consulted(consultation));
        }
        if (decision == Decision.CONTINUE_PRECOPY) {
            adjustThrottle(stats, metrics);
        }
        return decision;
    }

    /**
     * After a consultation that continues precopy: the operator's fixed throttle if there is one,
     * else the strategy's answer (at the same point, with the same values as the policy).
     */
    private void adjustThrottle(PrecopyStats stats, PrecopyMetrics metrics) throws SaveAbortedException {
        int request = control == null ? PrecopyControl.THROTTLE_AUTO : control.requestedThrottle();
        if (request != PrecopyControl.THROTTLE_AUTO) {
            if (request != appliedThrottleRequest) {
                operatorThrottle(stats.iteration());
            }
            return;
        }
        if (appliedThrottleRequest != PrecopyControl.THROTTLE_AUTO) {
            appliedThrottleRequest = PrecopyControl.THROTTLE_AUTO;
            if (throttleStrategy == null) {
                throttleStrategy = AutoConverge.qemuDefaults(); // the operator said auto to a save given no strategy
            }
            LOG.info("Throttle handed back to {}", throttleStrategy);
        }
        if (throttleStrategy == null) {
            return;
        }
        int next;
        try {
            next = throttleStrategy.throttle(stats, metrics, throttle);
        } catch (RuntimeException e) {
            throw new SaveAbortedException("the throttle strategy failed at " + describe(stats) + ": " + describe(e), e, result(),
                    DecidedBy.POLICY, null);
        }
        if (next < 0 || next > ThrottleStrategy.MAX_PERCENT) {
            throw new SaveAbortedException("the throttle strategy answered " + next + "% at " + describe(stats) + ": outside 0.."
                    + ThrottleStrategy.MAX_PERCENT + " %", null, result(), DecidedBy.POLICY, null);
        }
        setThrottle(next, stats.iteration(), false);
    }

    /**
     * The operator fixed the throttle (or turned it off): applied at once. A domain that cannot be
     * throttled does not fail the save for it: the operator is told through the log and the control.
     */
    private void operatorThrottle(int iteration) {
        int request = control.requestedThrottle();
        if (request == PrecopyControl.THROTTLE_AUTO) {
            return; // handed back to the strategy: applied at the next consultation
        }
        appliedThrottleRequest = request;
        try {
            setThrottle(request, iteration, true);
        } catch (DomainException e) {
            LOG.warn("Operator's throttle of {}% not applied: {}", request, describe(e));
        }
    }

    private void setThrottle(int percent, int iteration, boolean byOperator) {
        if (percent == throttle) {
            return;
        }
        int from = throttle;
        synchronized (throttleLock) {
            if (throttleReleased) {
                return;
            }
            if (cpuThrottle == null) {
                openCpuThrottle();
            }
            cpuThrottle.set(percent);
        }
        throttle = percent;
        roundAccount.throttled(percent);
        if (control != null) {
            control.throttleApplied(percent);
        }
        LOG.info("Throttle {}% -> {}% at iteration {} ({})", from, percent, iteration, byOperator ? "operator" : throttleStrategy);
        for (SaveListener l : listeners) {
            notify(() -> l.throttled(iteration, from, percent, byOperator));
        }
    }

    private void openCpuThrottle() {
        cpuThrottle = domain.openCpuThrottle();
        LOG.info("Throttling {} through the {}", domain.name(), cpuThrottle.describe());
    }

    /**
     * Puts the domain's own CPU setting back now, from any thread, for a host that must exit
     * while the save runs (a second signal): the save's own exit paths do it anyway. No throttle
     * is set by this save afterwards. Failures are logged.
     */
    public void restoreThrottleAtExit() {
        synchronized (throttleLock) {
            throttleReleased = true;
            if (cpuThrottle == null) {
                return;
            }
            try {
                cpuThrottle.restore();
                LOG.info("Throttle of {} restored at exit", domain.name());
            } catch (RuntimeException e) {
                LOG.error("Could not restore the CPU throttle of {} at exit: {}", domain.name(), describe(e));
            }
        }
    }

    /** Puts the domain's own setting back; a failure is logged, as is log-dirty's. */
    private void restoreThrottleQuietly() {
        if (cpuThrottle == null) {
            return;
        }
        try {
            synchronized (throttleLock) {
                cpuThrottle.restore();
            }
            if (throttle != 0) {
                LOG.info("Throttle of {} restored ({}% before)", domain.name(), throttle);
            }
            throttle = 0;
            if (control != null) {
                control.throttleApplied(0);
            }
        } catch (RuntimeException e) {
            LOG.error("Could not restore the CPU throttle of {}: {}", domain.name(), describe(e));
        }
    }

    /** After log-dirty is off: the domain runs again, listeners hear of the failure. */
    private SaveException fail(SaveException e) {
        if (suspendedByUs || domain.isSuspended()) {
            try {
                domain.resume();
                LOG.info("Resumed {} after the failed save", domain.name());
            } catch (RuntimeException resumeFailure) {
                e.addSuppressed(resumeFailure);
                LOG.error("Could not resume {}: {}", domain.name(), describe(resumeFailure));
            }
        }
        // The exception carries the message to the caller; the log only records the event.
        LOG.info("Save of {} failed: {}", domain.name(), e.getMessage());
        for (SaveListener l : listeners) {
            notify(() -> l.failed(e));
        }
        return e;
    }

    private void disableLogDirtyQuietly() {
        try {
            domain.disableLogDirty();
        } catch (RuntimeException e) {
            LOG.error("Could not turn log-dirty off for {}: {}", domain.name(), describe(e));
        }
    }

    private SaveResult result() {
        return new SaveResult(domain.name(), domain.pfnCount(), options.live(), rounds, consultations,
                out.bytesWritten(), stream.records(), out.writeCalls(), out.shortWrites(), started, suspendedAt,
                endWrittenAt, options.maxBandwidth(), options.maxBandwidthSuspended());
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A save listener failed: {}", describe(e));
        }
    }
}
