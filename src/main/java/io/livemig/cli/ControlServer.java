package io.livemig.cli;

import io.livemig.engine.PolicyConsultation;
import io.livemig.engine.SaveListener;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyStats;
import io.livemig.policy.ThrottleStrategy;
import io.livemig.util.Durations;
import io.livemig.util.Sizes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Live control of a running save from the command line: a Unix domain socket
 * ({@code save --control PATH}) on which each connection sends one command line and gets one
 * reply line, and/or command lines on standard input ({@code save --control-stdin}), each
 * answered on the save's output:
 * {@code stop}, {@code abort}, {@code downtime=DURATION}, {@code throttle=N%|auto|off},
 * {@code status}. Replies start with
 * {@code ok:} or {@code error:}. Commands act through a {@link PrecopyControl}, at the engine's
 * next policy consultation. As a save listener it also knows the round in progress and how many
 * consultations there were, for status and the report.
 */
final class ControlServer implements SaveListener, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ControlServer.class);
    static final String COMMANDS = "stop, abort, downtime=DURATION, throttle=N%|auto|off, status";
    private static final int MAX_LINE = 256;

    /**
     * A command received while the save ran, for the report.
     *
     * @param atNanos             since the control socket opened
     * @param consultationsBefore policy consultations already made when the command arrived: the
     *                            command acts at the consultation with this index (or, when one
     *                            was under way at that moment, the one after)
     */
    record Event(long atNanos, long consultationsBefore, String command, String reply) {
    }

    private final Path path;
    private final PrecopyControl control;
    /** Null without a socket (standard input only). */
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final long startNanos = System.nanoTime();
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private volatile int consultations;

    private volatile int round;
    private volatile boolean roundLive;
    private volatile long roundPages;
    private volatile long roundSent;
    private volatile String ended;

    private ControlServer(Path path, PrecopyControl control, ServerSocketChannel server) {
        this.path = path;
        this.control = control;
        this.server = server;
        this.acceptor = server == null ? null : Thread.ofPlatform().daemon().name("livemig-control").unstarted(this::serve);
    }

    /** Control without a socket: commands come from {@link #readCommands} only. */
    static ControlServer withoutSocket(PrecopyControl control) {
        return new ControlServer(null, control, null);
    }

    /**
     * Reads command lines from {@code in} on a daemon thread until its end, answering each on
     * {@code replies} ("control: ok: ..."). For standard input when it is not the stream.
     */
    void readCommands(java.io.InputStream in, java.io.PrintWriter replies) {
        Thread.ofPlatform().daemon().name("livemig-control-stdin").start(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    long at = System.nanoTime() - startNanos;
                    int before = consultations;
                    String reply = handle(line.trim(), "control-stdin");
                    events.add(new Event(at, before, line.trim(), reply));
                    synchronized (replies) {
                        replies.println("control: " + reply);
                        replies.flush();
                    }
                }
            } catch (IOException e) {
                LOG.debug("Control input ended: {}", e.getMessage());
            }
        });
    }

    /**
     * Listens on {@code path}. A stale socket left by a dead save is replaced; a live one, or any
     * other file, is an error naming the path.
     */
    static ControlServer open(Path path, PrecopyControl control) throws IOException {
        checkPath(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            // the socket can stop or abort a migration: only its owner may use it
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        ControlServer s = new ControlServer(path, control, server);
        s.acceptor.start();
        return s;
    }

    /**
     * Checks, before any work, that a control socket can be created at {@code path}: nothing
     * there, or a stale socket (removed). A live socket or any other file is an error naming it.
     */
    static void checkPath(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocket(path)) {
                throw new IllegalArgumentException("--control " + path + ": exists and is not a socket");
            }
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                throw new IllegalArgumentException("--control " + path + ": another save is listening there");
            } catch (IOException stale) {
                Files.delete(path);
            }
        }
    }

    static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & 0170000) == 0140000;
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                String line = readLine(c);
                long at = System.nanoTime() - startNanos;
                int before = consultations;
                String reply = handle(line, "livemig control");
                events.add(new Event(at, before, line, reply));
                c.write(ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("Control connection on {} failed: {}", path, e.getMessage());
            }
        }
    }

    private static String readLine(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
        while (buf.hasRemaining() && c.read(buf) >= 0) {
            byte[] seen = buf.array();
            for (int i = 0; i < buf.position(); i++) {
                if (seen[i] == '\n') {
                    return new String(seen, 0, i, StandardCharsets.UTF_8).trim();
                }
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
    }

    /** Null for a command a save knows, else what is wrong with it (also for the control command's own check). */
    static String checkCommand(String command) {
        String cmd = command.trim().toLowerCase(Locale.ROOT);
        if (cmd.equals("status") || cmd.equals("stop") || cmd.equals("abort")) {
            return null;
        }
        if (cmd.startsWith("throttle=")) {
            try {
                throttleRequest(cmd.substring("throttle=".length()));
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if (!cmd.startsWith("downtime=")) {
            return "unknown command '" + command + "' (known: " + COMMANDS + ")";
        }
        try {
            Durations.parse(cmd.substring("downtime=".length()));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** One command, one reply line; {@code via} says where it came from, for the log and the report. */
    String handle(String command, String via) {
        String cmd = command.trim().toLowerCase(Locale.ROOT);
        if (cmd.equals("status")) {
            return "ok: " + status();
        }
        String wrong = checkCommand(command);
        if (wrong != null) {
            return "error: " + wrong;
        }
        String over = ended;
        if (over != null) {
            return "error: precopy is over (" + over + "); nothing to change";
        }
        switch (cmd) {
            case "stop" -> {
                control.requestStopAndCopy(via + " stop");
                return "ok: stop-and-copy at the next policy consultation";
            }
            case "abort" -> {
                control.requestAbort(via + " abort");
                return "ok: abort at the next policy consultation";
            }
            case String t when t.startsWith("throttle=") -> {
                int request = throttleRequest(t.substring("throttle=".length()));
                if (request == PrecopyControl.THROTTLE_AUTO) {
                    control.throttleAuto();
                    return "ok: the throttle strategy decides from the next policy consultation"
                            + " (auto-converge with QEMU's defaults if the save was given none)";
                }
                control.setThrottle(request);
                return request == 0 ? "ok: throttle off from the next batch (until throttle=auto)"
                        : "ok: throttle " + request + "% from the next batch (until throttle=auto)";
            }
            default -> {
                Duration target;
                try {
                    target = Durations.parse(cmd.substring("downtime=".length()));
                } catch (IllegalArgumentException e) {
                    return "error: " + e.getMessage();
                }
                control.setDowntimeTarget(target);
                return "ok: downtime target " + Durations.format(target.toNanos()) + " from the next policy consultation";
            }
        }
    }

    /** "20%", "20" (0..99), "off" (0) or "auto" ({@link PrecopyControl#THROTTLE_AUTO}). */
    static int throttleRequest(String value) {
        String v = value.strip();
        if (v.equals("auto")) {
            return PrecopyControl.THROTTLE_AUTO;
        }
        if (v.equals("off")) {
            return 0;
        }
        String digits = v.endsWith("%") ? v.substring(0, v.length() - 1).strip() : v;
        int percent;
        try {
            percent = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            percent = -1;
        }
        if (percent < 0 || percent > ThrottleStrategy.MAX_PERCENT) {
            throw new IllegalArgumentException("throttle=" + value + ": not 0.." + ThrottleStrategy.MAX_PERCENT + "%, auto or off");
        }
        return percent;
    }

    /** One line: where the save is and what the last consultation saw. */
    String status() {
        StringBuilder s = new StringBuilder();
        PrecopyControl.Status last = control.status();
        String over = ended;
        if (over != null) {
            s.append("precopy over (").append(over).append(")");
        } else if (round > 0) {
            s.append(String.format(Locale.ROOT, "round %d%s sending %d/%d pages", round, roundLive ? "" : " (suspended)",
                    roundSent, roundPages));
        } else {
            s.append("starting");
        }
        if (last != null) {
            PrecopyMetrics m = last.metrics();
            PrecopyStats st = last.stats();
            s.append(String.format(Locale.ROOT, "; last consultation: iteration %d, dirty %s, %s%s; elapsed %s",
                    st.iteration(), st.dirtyCountKnown() ? Long.toString(st.dirtyCount()) : "unknown", last.decision(),
                    last.forced() ? " (operator)" : "", Durations.format(m.elapsedNanos())));
            if (m.bandwidth() > 0) {
                s.append(", bandwidth ").append(Sizes.format((long) m.bandwidth())).append("/s");
            }
            if (m.dirtyRate() >= 0) {
                s.append(String.format(Locale.ROOT, ", dirty rate %.0f pages/s", m.dirtyRate()));
            }
            s.append(", estimated downtime ").append(Durations.format(m.estimatedDowntimeNanos()));
        }
        long target = control.downtimeTargetNanos();
        if (target >= 0) {
            s.append("; operator downtime target ").append(Durations.format(target));
        }
        int requested = control.requestedThrottle();
        if (control.throttle() > 0 || requested != PrecopyControl.THROTTLE_AUTO) {
            s.append("; throttle ").append(control.throttle()).append('%')
                    .append(requested == PrecopyControl.THROTTLE_AUTO ? " (strategy)" : " (operator: " + requested + "%)");
        }
        Decision pending = control.pendingDecision();
        if (pending != null && over == null) {
            s.append("; pending ").append(pending);
        }
        return s.toString();
    }

    @Override
    public void consulted(PolicyConsultation consultation) {
        consultations++;
        if (consultation.decision() != Decision.CONTINUE_PRECOPY) {
            ended = consultation.decision() + " at iteration " + consultation.stats().iteration();
        }
    }

    @Override
    public void roundStarted(int iteration, boolean live, long dirtyPages) {
        roundSent = 0;
        roundPages = dirtyPages;
        roundLive = live;
        round = iteration;
    }

    @Override
    public void pagesSent(int iteration, long sentInRound, long dirtyPages) {
        roundSent = sentInRound;
    }

    /** Stops listening and removes the socket. */
    @Override
    public void close() throws IOException {
        if (server == null) {
            return;
        }
        server.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(path);
    }
}
