package io.livemig.engine;

/** A clock that only moves when told to; sleeping moves it by the time asked. No allocation. */
final class ManualClock implements NanoClock {
    long now = 1_000_000_000L;
    long slept;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        now += nanos;
        slept += nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
