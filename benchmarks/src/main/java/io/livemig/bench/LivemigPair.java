package io.livemig.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One migration between livemig's two processes over loopback, as the --link and --scale runs
 * make it: {@code livemig receive} listening on a port it names in a file, then {@code livemig
 * save --sim} of an idle guest to it; both write a result file, and the run counts only when
 * both completed with the same digest.
 *
 * @param sender   the save's result file
 * @param receiver the receive's result file
 * @param senderPeakBytes   the save process's peak resident memory
 * @param receiverPeakBytes the receive process's
 */
record LivemigPair(Properties sender, Properties receiver, long senderPeakBytes, long receiverPeakBytes) {

    /**
     * Runs the pair in {@code dir} (logs and result files there).
     *
     * @param receiveOptions options after {@code receive --from tcp:127.0.0.1:0} (capacity, preallocation)
     * @param saveOptions    options after {@code save --sim SIZE --workload idle} (batch, sparse guest)
     * @param sendSeconds    how long the save may take
     */
    static LivemigPair run(Path livemig, Path dir, String size, List<String> receiveOptions, List<String> saveOptions,
                           int sendSeconds) throws Exception {
        Files.createDirectories(dir);
        Path port = dir.resolve("port");
        Path recvResult = dir.resolve("receiver.properties");
        Path sendResult = dir.resolve("sender.properties");
        Files.deleteIfExists(port);
        List<String> receive = new ArrayList<>(List.of(livemig.toString(), "receive", "--from", "tcp:127.0.0.1:0", "--capacity", size));
        receive.addAll(receiveOptions);
        receive.addAll(List.of("--port-file", port.toString(), "--result-file", recvResult.toString()));
        Child recv = Child.start("livemig receive", receive, dir.resolve("recv.log"));
        Child send = null;
        try {
            int p = recv.awaitPort(port, 300);
            List<String> save = new ArrayList<>(List.of(livemig.toString(), "save", "--sim", size, "--workload", "idle"));
            save.addAll(saveOptions);
            save.addAll(List.of("--progress", "none", "--to", "tcp:127.0.0.1:" + p, "--result-file", sendResult.toString()));
            send = Child.start("livemig save", save, dir.resolve("send.log"));
            send.awaitSuccess(sendSeconds);
            recv.awaitSuccess(Math.max(60, sendSeconds / 6));
        } finally {
            recv.kill();
            if (send != null) {
                send.kill();
            }
        }
        Properties s = Child.properties(sendResult);
        Properties r = Child.properties(recvResult);
        if (!"completed".equals(s.getProperty("result")) || !"completed".equals(r.getProperty("result"))
                || !s.getProperty("digest").equals(r.getProperty("digest"))) {
            throw new IllegalStateException(size + ": the migration did not complete with matching digests (logs in " + dir + ")");
        }
        return new LivemigPair(s, r, send.peakResidentBytes(), recv.peakResidentBytes());
    }

    /** The save's start until the receiver had read END. */
    long nanos() {
        return Duration.between(Instant.parse(sender.getProperty("started")), Instant.parse(receiver.getProperty("endReadAt"))).toNanos();
    }

    /** The first round's rate, bytes per second. */
    double firstRoundRate() {
        return Long.parseLong(sender.getProperty("round.0.bytes")) * 1e9 / Long.parseLong(sender.getProperty("round.0.nanos"));
    }

    long senderLong(String key) {
        return Long.parseLong(sender.getProperty(key));
    }
}
