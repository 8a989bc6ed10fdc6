package io.livemig.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of a command that runs the save engine (save, migrate), a picocli mixin: the
 * precopy policy and batch, the bandwidth limits, live control, the report, the progress and the
 * result file. {@link SaveRun} checks and applies them.
 */
final class PrecopyOptions {
    @Option(names = "--policy", defaultValue = "xen", paramLabel = "SPEC",
            description = "Precopy policy (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--auto-converge", arity = "0..1", fallbackValue = "", paramLabel = "SETTINGS",
            description = "Throttle the guest's vCPUs while it dirties memory faster than the link carries it, as"
                    + " QEMU's auto-converge does: when a second period (at least 1 s, between fetches of the dirty"
                    + " bitmap) dirties more than trigger percent of what it sent, the throttle starts at initial"
                    + " percent or rises by step percent, up to max percent. SETTINGS, comma-separated, any subset:"
                    + " initial=20 step=10 max=99 trigger=50 (QEMU's defaults; a percent sign may follow each). The"
                    + " domain's own CPU setting is put back when the save ends. Xen: the cap of the credit or credit2"
                    + " scheduler. The target form, target=300ms with an optional max=N, throttles just enough for the"
                    + " measured dirty rate to fit that downtime at the measured bandwidth.")
    String autoConverge;

    @Option(names = "--batch", defaultValue = "1024", paramLabel = "N",
            description = "Pfns per PAGE_DATA record, 1..1024 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--max-bandwidth", paramLabel = "RATE",
            description = "Send the live rounds at most this fast, bytes per second (100M, 1G; binary units), to spare"
                    + " the link and its neighbours. Policies see the limit. The rounds sent while the guest is"
                    + " suspended are not limited by it: that time is the guest's downtime.")
    String maxBandwidth;

    @Option(names = "--max-bandwidth-downtime", paramLabel = "RATE",
            description = "Also limit the rounds sent while the guest is suspended (the final round; the only one of"
                    + " a --non-live save) to this rate. Off by default.")
    String maxBandwidthDowntime;

    @Option(names = "--control", paramLabel = "PATH",
            description = "Listen on this Unix socket for `livemig control PATH COMMAND` (stop, abort, downtime=DURATION, throttle=N|auto|off, status).")
    Path control;

    @Option(names = "--control-stdin",
            description = "Read the same commands (stop, abort, downtime=DURATION, throttle=N|auto|off, status), one per line, from standard"
                    + " input (the stream never comes from there).")
    boolean controlStdin;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the migration report (JSON): every round, every policy consultation, downtime,"
                    + " totals.")
    Path report;

    @Option(names = "--report-html", paramLabel = "FILE",
            description = "Write the report as a self-contained HTML page with charts (no network needed).")
    Path reportHtml;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a progress bar when the output is a terminal, else lines), bar, lines or none"
                    + " (default: ${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--result-file", paramLabel = "FILE", description = "Also write the outcome as a properties file.")
    Path resultFile;
}
