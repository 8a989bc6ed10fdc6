package io.livemig.policy;

/**
 * How hard to slow the guest down while precopy runs: a convergence aid beside the
 * {@link PrecopyPolicy}, not inside it. The policy still answers Xen's three decisions; this
 * strategy says what share of its CPU time the guest loses meanwhile, so that a guest that
 * dirties memory faster than the link carries it can converge (QEMU's auto-converge,
 * {@link AutoConverge}).
 *
 * <h2>When it is consulted</h2>
 * At the same points as the policy and with the same values: after every consultation the
 * policy (or the operator) answered {@link Decision#CONTINUE_PRECOPY}, the engine hands the
 * strategy that consultation's stats and metrics and the throttle in force. It is not consulted
 * once precopy ends (STOP_AND_COPY suspends the guest, ABORT ends the save), nor while the
 * operator has fixed the throttle ({@link PrecopyControl#setThrottle}). The "after" consultation
 * of a round has {@code dirtyCount == -1}; the "before" one has the count just fetched, the pages
 * the guest dirtied while the last round was sent ({@link PrecopyMetrics#roundBytes()}).
 *
 * <h2>Contract of the return value</h2>
 * The throttle from now on, 0..{@value #MAX_PERCENT}: the percentage of the CPU time the guest
 * would otherwise get that is taken from it; 0 is the guest as configured; returning
 * {@code current} leaves it as it is. The engine applies a change through the backend before the
 * next round is sent and puts the domain's own setting back whatever way the save ends. A value
 * outside 0..{@value #MAX_PERCENT}, or an exception, aborts the save as a failing policy does.
 * Implementations may keep state across calls (one strategy serves one save) and must return
 * quickly.
 */
@FunctionalInterface
public interface ThrottleStrategy {
    /** The highest throttle: the guest keeps 1 % of its CPU time (QEMU's max-cpu-throttle limit). */
    int MAX_PERCENT = 99;

    /**
     * Decides the guest's CPU throttle after a consultation that continued precopy.
     *
     * @param stats   the consultation's Xen fields, by value (what the policy was shown)
     * @param metrics the consultation's measurements, by value (what the policy was shown)
     * @param current the throttle in force, 0..{@value #MAX_PERCENT}
     * @return the throttle from now on, 0..{@value #MAX_PERCENT}
     */
    int throttle(PrecopyStats stats, PrecopyMetrics metrics, int current);
}
