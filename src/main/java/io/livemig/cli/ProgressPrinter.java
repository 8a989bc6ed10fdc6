package io.livemig.cli;

import io.livemig.engine.PolicyConsultation;
import io.livemig.engine.RoundStats;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveResult;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyStats;
import io.livemig.util.Durations;
import io.livemig.util.Sizes;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows a save's progress: on a terminal a progress bar redrawn in place (round, share of the
 * round sent, rate, the policy's estimated downtime, elapsed time), elsewhere (a pipe, a log,
 * the demo's parent) a line per round and at most a few progress lines per second.
 */
final class ProgressPrinter implements SaveListener {
    private static final long LINE_INTERVAL_NANOS = 500_000_000L;
    private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private final long pageSize;
    private long lastLine;
    private long roundStartNanos;
    private final long startNanos = System.nanoTime();
    private long estimatedDowntimeNanos = PrecopyMetrics.UNKNOWN;
    private final StringBuilder bar = new StringBuilder(BAR_WIDTH);

    ProgressPrinter(PrintWriter out, boolean terminal, long pageSize) {
        this.out = out;
        this.terminal = terminal;
        this.pageSize = pageSize;
    }

    @Override
    public void consulted(PolicyConsultation c) {
        estimatedDowntimeNanos = c.metrics().estimatedDowntimeNanos();
        PrecopyStats stats = c.stats();
        if (c.decision() != Decision.CONTINUE_PRECOPY) {
            endLine();
            out.printf(Locale.ROOT, "%s: %s at iteration %d (dirty %s, total %d)%n",
                    c.byOperator() ? "operator (" + c.reason() + ")" : "policy", c.decision(), stats.iteration(),
                    stats.dirtyCountKnown() ? Long.toString(stats.dirtyCount()) : "unknown", stats.totalWritten());
        }
    }

    @Override
    public void roundStarted(int iteration, boolean live, long dirtyPages) {
        roundStartNanos = System.nanoTime();
        lastLine = roundStartNanos;
        if (!terminal) {
            out.printf(Locale.ROOT, "Frames iteration %d%s: %d dirty pages%n", iteration, live ? "" : " (suspended)", dirtyPages);
        }
    }

    @Override
    public void pagesSent(int iteration, long sentInRound, long dirtyPages) {
        long now = System.nanoTime();
        if (terminal && now - lastLine >= TERMINAL_INTERVAL_NANOS) {
            lastLine = now;
            double rate = sentInRound * pageSize / Math.max(1e-9, (now - roundStartNanos) / 1e9);
            long percent = dirtyPages <= 0 ? 100 : Math.min(100, sentInRound * 100 / dirtyPages);
            bar.setLength(0);
            int filled = (int) (percent * BAR_WIDTH / 100);
            for (int i = 0; i < BAR_WIDTH; i++) {
                bar.append(i < filled ? '#' : '.');
            }
            out.printf(Locale.ROOT, "\rround %d [%s] %3d%% %d/%d pages  %s/s  est. downtime %s  %s   ", iteration, bar,
                    percent, sentInRound, dirtyPages, Sizes.format((long) rate), Durations.format(estimatedDowntimeNanos),
                    Durations.format(now - startNanos));
            out.flush();
        } else if (!terminal && now - lastLine >= LINE_INTERVAL_NANOS) {
            lastLine = now;
            out.printf(Locale.ROOT, "Frames iteration %d: %d/%d pages%n", iteration, sentInRound, dirtyPages);
        }
    }

    @Override
    public void roundFinished(RoundStats round) {
        endLine();
        out.printf(Locale.ROOT, "round %d%s: %d pages, %s in %.3f s (%s/s%s%s)%n", round.iteration(),
                round.verify() ? " (verify)" : round.live() ? "" : " (suspended)", round.pagesSent(), Sizes.format(round.bytes()), round.nanos() / 1e9,
                Sizes.format((long) round.bytesPerSecond()),
                round.bandwidthLimit() > 0 ? ", limit " + Sizes.format(round.bandwidthLimit()) + "/s" : "",
                round.throttle() > 0 ? ", guest throttled " + round.throttle() + "%" : "");
    }

    @Override
    public void throttled(int iteration, int from, int to, boolean byOperator) {
        endLine();
        out.printf(Locale.ROOT, "throttle: %d%% -> %d%% of the guest's CPU time taken (%s)%n", from, to,
                byOperator ? "operator" : "auto-converge");
    }

    @Override
    public void verifyStarted(long pages) {
        endLine();
        out.printf(Locale.ROOT, "verify: all %d pages once more, for the receiver to compare (debug mode)%n", pages);
    }

    @Override
    public void suspended(Instant at) {
        endLine();
        out.println("domain suspended");
    }

    @Override
    public void completed(SaveResult result) {
        endLine();
    }

    @Override
    public void failed(SaveException error) {
        endLine();
    }

    private void endLine() {
        if (terminal) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
