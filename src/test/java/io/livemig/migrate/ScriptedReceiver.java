package io.livemig.migrate;

import io.livemig.backend.sim.SimDestination;
import io.livemig.engine.RestoreEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fake receiver of xl's migration protocol for tests: a thread that plays a script of steps on
 * its ends of a link (sending the messages, reading the stream into a destination, or failing as
 * told), then closes them, and records what it saw.
 */
public final class ScriptedReceiver {
    /** One step of the script. */
    @FunctionalInterface
    public interface Step {
        void run(ScriptedReceiver r) throws IOException;
    }

    private final ReadableByteChannel in;
    private final GatheringByteChannel out;
    private final AutoCloseable ends;
    private final List<String> seen = new ArrayList<>();
    private final CompletableFuture<Void> done;

    private ScriptedReceiver(ReadableByteChannel in, GatheringByteChannel out, AutoCloseable ends, List<Step> script) {
        this.in = in;
        this.out = out;
        this.ends = ends;
        this.done = CompletableFuture.runAsync(() -> {
            try (ends) {
                for (Step s : script) {
                    s.run(this);
                }
            } catch (Exception e) {
                synchronized (seen) {
                    seen.add("failed: " + e.getMessage());
                }
            }
        }, r -> Thread.ofPlatform().daemon().name("scripted-receiver").start(r));
    }

    /** Runs the script on the receiver's ends: reading {@code in}, writing {@code out}; {@code ends} closes both. */
    public static ScriptedReceiver start(ReadableByteChannel in, GatheringByteChannel out, AutoCloseable ends, Step... script) {
        return new ScriptedReceiver(in, out, ends, List.of(script));
    }

    /** Waits for the script's end; returns what the receiver saw. */
    public List<String> await() throws Exception {
        done.get(30, TimeUnit.SECONDS);
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private void saw(String what) {
        synchronized (seen) {
            seen.add(what);
        }
    }

    // ---- steps

    public static Step send(XlMessage m) {
        return r -> {
            m.write(r.out);
            r.saw("sent " + m.name());
        };
    }

    public static Step sendBytes(byte[] bytes) {
        return r -> {
            r.out.write(ByteBuffer.wrap(bytes));
            r.saw("sent " + bytes.length + " bytes");
        };
    }

    public static Step status(int status) {
        return r -> {
            XlMessage.writeStatus(r.out, status);
            r.saw("sent status " + status);
        };
    }

    public static Step read(XlMessage m) {
        return r -> {
            m.read(r.in);
            r.saw("read " + m.name());
        };
    }

    /** Reads the xl header and the libxl stream into {@code destination}. */
    public static Step stream(SimDestination destination) {
        return r -> {
            new RestoreEngine(destination, false).restore(r.in);
            r.saw("read the stream");
        };
    }

    /** Reads {@code bytes} of the stream, then goes on (a receiver about to die). */
    public static Step streamBytes(long bytes) {
        return r -> {
            ByteBuffer b = ByteBuffer.allocate(64 << 10);
            long left = bytes;
            while (left > 0) {
                b.clear().limit((int) Math.min(b.capacity(), left));
                int n = r.in.read(b);
                if (n < 0) {
                    throw new IOException("the stream ended after " + (bytes - left) + " bytes");
                }
                left -= n;
            }
            r.saw("read " + bytes + " bytes of the stream");
        };
    }

    /** Reads to the end of the connection, saying how it ended. */
    public static Step toTheEnd() {
        return r -> {
            ByteBuffer b = ByteBuffer.allocate(64 << 10);
            try {
                while (r.in.read(b.clear()) >= 0) {
                    // drain
                }
                r.saw("end of the connection");
            } catch (IOException e) {
                r.saw("connection failed: " + e.getMessage());
            }
        };
    }

    /** Blocks until the test says (a receiver that hangs). */
    public static Step waitFor(CompletableFuture<?> release) {
        return r -> {
            try {
                release.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("never released", e);
            }
        };
    }
}
