package io.livemig.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a sender connects to a TCP receiver (save, migrate), a picocli mixin. */
final class ConnectOptions {
    @Option(names = "--connect-retry", defaultValue = "10s", paramLabel = "DURATION",
            description = "tcp: retry a refused or unanswered connection for this long, since the receiver may start a"
                    + " moment later; 0 tries once (default: ${DEFAULT-VALUE}).")
    String connectRetry;

    Duration retryWindow() {
        return Main.duration("--connect-retry", connectRetry);
    }
}
