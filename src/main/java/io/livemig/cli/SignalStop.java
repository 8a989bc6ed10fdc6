package io.livemig.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM for a command that has something to put right before it exits (a source
 * domain to resume, log-dirty to turn off, a control socket and a temporary file to remove). The
 * first signal does not exit: it calls the command's stop action (a save aborts at its next safe
 * point, a receive closes its input) and the command ends through its own error path, with one
 * line and exit status 1. A second signal exits at once, saying so (status 130 or 143, as a
 * shell reports a death by that signal).
 *
 * <p>Without this, the JVM's default handlers exit at once on the first signal: a suspended
 * domain would stay suspended, with log-dirty on.
 */
final class SignalStop implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile String first;

    private SignalStop() {
    }

    /**
     * Installs the handlers until {@link #close()}.
     *
     * @param command    "livemig save", for the line a second signal prints
     * @param stop       called once, on a signal handler thread, with "SIGINT" or "SIGTERM"
     * @param atOnceNote what a second signal leaves behind, for its line ("the source domain may stay suspended")
     */
    static SignalStop install(String command, Consumer<String> stop, String atOnceNote) {
        return install(command, stop, atOnceNote, () -> { });
    }

    /** As {@link #install(String, Consumer, String)}, with {@code atOnce} run by the second signal before the exit. */
    static SignalStop install(String command, Consumer<String> stop, String atOnceNote, Runnable atOnce) {
        SignalStop s = new SignalStop();
        PrintStream err = System.err;
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler old = Signal.handle(signal, sig -> {
                String what = "SIG" + sig.getName();
                if (s.count.incrementAndGet() == 1) {
                    s.first = what;
                    stop.accept(what);
                } else {
                    err.println(command + ": " + what + " again: exiting at once; " + atOnceNote);
                    err.flush();
                    atOnce.run();
                    Runtime.getRuntime().halt(128 + sig.getNumber());
                }
            });
            s.signals.add(signal);
            s.previous.add(old);
        }
        return s;
    }

    /** "SIGINT" or "SIGTERM" when a signal arrived, else null. */
    String received() {
        return first;
    }

    /** Puts the previous handlers back (a second signal after this exits as the JVM does by default). */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
