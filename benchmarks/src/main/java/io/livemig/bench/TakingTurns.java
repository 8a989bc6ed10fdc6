package io.livemig.bench;

import java.io.IOException;

/**
 * The turns of a paired benchmark ({@link PairedRestoreBenchmark}, {@link PairedBatchBenchmark}):
 * livemig's side and the C reference move whole records alternately, each for
 * {@value #TURN_MILLIS} ms of its own time, and each record's time is counted to the side that
 * moved it ({@link Turns}). A turn changes only between records.
 */
abstract class TakingTurns {
    /** The time a side moves records in one turn. */
    static final long TURN_MILLIS = 20;

    long turnLimitNanos = TURN_MILLIS * 1_000_000; // the tests change turns themselves
    private boolean javaTurn = true;
    private long turnNanos;

    /** One record by livemig's side; its pages. */
    abstract int javaRecord() throws IOException;

    /** One record by the C reference; its pages. */
    abstract int cRecord();

    /** Before a change of turn: set the descriptor up for the side whose turn comes ({@code toJava}). */
    abstract void turnChanging(boolean toJava);

    /** One record by the side whose turn it is, counted to it; the turn changes after {@value #TURN_MILLIS} ms of it. */
    final int record(Turns turns) throws IOException {
        final boolean java = javaTurn;
        long start = System.nanoTime();
        int pages = java ? javaRecord() : cRecord();
        long took = System.nanoTime() - start;
        turns.count(java, took);
        if ((turnNanos += took) >= turnLimitNanos) {
            changeTurn();
        }
        return pages;
    }

    /** The other side's turn. */
    final void changeTurn() {
        turnChanging(!javaTurn);
        javaTurn = !javaTurn;
        turnNanos = 0;
    }
}
