package io.livemig.cli;

import io.livemig.backend.sim.InsufficientMemoryException;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.util.Sizes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** What a simulated source guest does (save --sim, migrate --sim), a picocli mixin. */
final class SimGuestOptions {
    @Option(names = "--workload", defaultValue = "uniform", paramLabel = "SPEC",
            description = "What the simulated guest's writers do (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the guest's initial content (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-prefill",
            description = "Start from zeroed memory instead of seeded content: a guest then costs only the pages its "
                    + "writers touch (for guests larger than this machine).")
    boolean noPrefill;

    @Option(names = "--populated", paramLabel = "SIZE",
            description = "Only the first SIZE of the guest is memory; the pfns above are unpopulated (sent as XTAB,"
                    + " without data), as in a guest whose p2m reaches far above its memory: a sparse guest larger than"
                    + " this machine (default: the whole size).")
    String populated;

    /** The workload, parsed (one line naming the part that is wrong). */
    Workload parsedWorkload() {
        return Workload.parse(workload);
    }

    /**
     * The guest's configuration, checked against this machine's memory before anything is allocated.
     *
     * @param size the --sim text
     * @throws IllegalArgumentException one line naming --sim and what is wrong
     */
    SimDomainConfig config(String size, String name) {
        Workload load = parsedWorkload();
        long populatedBytes = populated == null ? -1 : populatedBytes();
        try {
            long bytes = Sizes.parse(size);
            SimDomainConfig.Builder builder = SimDomainConfig.builder().name(name).size(bytes).seed(seed)
                    .prefill(!noPrefill).workload(load);
            if (populatedBytes >= 0) {
                builder.populated(populatedBytes);
            }
            SimDomainConfig config = builder.build();
            config.checkMemory();
            return config;
        } catch (InsufficientMemoryException e) {
            throw new IllegalArgumentException("--sim " + size + ": " + e.getMessage() + "; "
                    + (noPrefill ? "give a smaller size" : "add --no-prefill (pages then cost memory only when written)"
                    + " or give a size below " + Sizes.format(e.availableBytes())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sim " + size + ": " + e.getMessage());
        }
    }

    private long populatedBytes() {
        try {
            return Sizes.parse(populated);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--populated " + populated + ": " + e.getMessage(), e);
        }
    }

    /** Refuses these options for a real domain, which has its own memory and writers. */
    static void refuseFor(CommandSpec spec, String what) {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--workload") || parsed.hasMatchedOption("--no-prefill") || parsed.hasMatchedOption("--seed")
                || parsed.hasMatchedOption("--populated")) {
            throw new IllegalArgumentException("--workload, --seed, --no-prefill and --populated describe a simulated guest; they do not apply to "
                    + what);
        }
    }
}
