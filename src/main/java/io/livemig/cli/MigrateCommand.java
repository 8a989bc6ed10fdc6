package io.livemig.cli;

import io.livemig.backend.SourceDomain;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.xen.LibxlDomainConfig;
import io.livemig.backend.xen.XenDomain;
import io.livemig.backend.xen.XenHost;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.migrate.ChannelLink;
import io.livemig.migrate.CommandLink;
import io.livemig.migrate.DomainConfig;
import io.livemig.migrate.MigrationException;
import io.livemig.migrate.MigrationLink;
import io.livemig.migrate.SenderStep;
import io.livemig.migrate.SimulatedToolstack;
import io.livemig.migrate.SourceToolstack;
import io.livemig.migrate.XlMigrateRune;
import io.livemig.migrate.XlMigrationSender;
import io.livemig.migrate.XlToolstack;
import io.livemig.transport.Endpoint;
import io.livemig.transport.TargetOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Live-migrates a domain to a receiver of xl's migration protocol, as {@code xl migrate} does. */
@Command(name = "migrate", header = "Live-migrates a domain to xl migrate-receive, as xl migrate does.",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Live-migrates DOMAIN (a name or domid of this Xen 4.17 host, root in dom0;",
                "with --sim, a simulated guest of that name) to HOST in xl's own migration",
                "protocol: it runs `exec SSHCOMMAND HOST xl migrate-receive` as xl migrate",
                "does, reads the receiver's banner, sends the xl header with the domain's",
                "config and the libxl stream of a live save (livemig's policies, limits and",
                "control), waits for \"ready\", renames the source to DOMAIN--migratedaway,",
                "gives the receiver its go and reads its report: on success the source is",
                "destroyed; when the receiver could not start its copy, the source is renamed",
                "back and resumed.",
                "Any failure before the go leaves the source running under its name with",
                "log-dirty off. A failure after the go leaves the domain's state undefined,",
                "as in xl: nothing is destroyed or resumed; check both ends. SIGINT or",
                "SIGTERM stops the migration at its next safe point, as a failure would.",
                ""},
        footer = {"",
                "Receivers: xl migrate-receive on HOST (through -s, ssh by default), a",
                "           `livemig relay` with --to tcp:HOST:PORT (mutual TLS with the",
                "           --tls-* options), or `livemig receive --protocol xl`.",
                "xl's options: -s, -C, -e, -p and -D mean what they mean for xl migrate;",
                "           --debug also asks the receiver for -d and sends every page once",
                "           more after the final pass for the receiver to compare (Xen's",
                "           debug mode). -C embeds the file in xl's syntax (xl converts it",
                "           to JSON first); xl's receiver parses either.",
                "Policies, sizes and workloads: as for `livemig save` (see its --help).",
                "Exit status: 0 migrated (the guest runs at the destination); 1 failed,",
                "           aborted or interrupted (the one line says where the guest runs);",
                "           2 bad usage."})
final class MigrateCommand implements Callable<Integer> {
    /** The toolstack command for a Xen source's identity. */
    private static final List<String> XL = List.of("xl");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain: a name or domid, or with --sim the simulated guest's name.")
    String domainArgument;

    @Parameters(index = "1", arity = "0..1", paramLabel = "HOST",
            description = "Where xl migrate-receive runs (through -s); not with --to.")
    String host;

    @Option(names = "--sim", paramLabel = "SIZE", description = "Migrate a simulated guest of this size named DOMAIN.")
    String sim;

    @Option(names = "--xen-lib", paramLabel = "DIR", description = "Load the Xen 4.17 libraries from this directory.")
    Path xenLib;

    @Option(names = "-s", paramLabel = "SSHCOMMAND", defaultValue = "ssh",
            description = "The command that reaches HOST (default: ${DEFAULT-VALUE}); an empty one makes HOST the whole"
                    + " command, as in xl.")
    String sshCommand;

    @Option(names = "-C", paramLabel = "CONFIG", description = "Send this xl config file as the domain's configuration.")
    Path configFile;

    @Option(names = "-e", description = "The receiver does not daemonize (xl migrate-receive -e).")
    boolean noDaemon;

    @Option(names = "--debug", description = "Xen's debug mode: the receiver's -d, and a verify pass of every page.")
    boolean debug;

    @Option(names = "-p", description = "Leave the domain paused at the destination (xl migrate-receive -p).")
    boolean pauseAfter;

    @Option(names = "-D", description = "Keep the domid: the receiver creates the domain with the same one.")
    boolean preserveDomid;

    @Option(names = "--to", paramLabel = "tcp:HOST:PORT",
            description = "Instead of HOST: connect to a `livemig relay` (or `livemig receive --protocol xl`) there.")
    String to;

    @Mixin
    ConnectOptions connect;

    @Mixin
    TlsOptions tls;

    @Mixin
    SimGuestOptions simGuest;

    @Mixin
    PrecopyOptions precopy;

    @Override
    public Integer call() throws Exception {
        Endpoint.Tcp relay = null;
        if (to != null) {
            if (!(Endpoint.parse(to) instanceof Endpoint.Tcp tcp)) {
                throw new IllegalArgumentException("--to " + to + ": a relay is reached at tcp:HOST:PORT");
            }
            relay = tcp;
            if (host != null) {
                throw new IllegalArgumentException("give HOST or --to, not both (HOST is where -s reaches xl migrate-receive)");
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("-s") || noDaemon || pauseAfter) {
                throw new IllegalArgumentException("-s, -e and -p shape the command run on HOST; with --to the relay's"
                        + " --exec command is what runs there");
            }
        } else if (host == null) {
            throw new IllegalArgumentException("give HOST (reached through -s) or --to tcp:HOST:PORT (a relay)");
        } else if (tls.given()) {
            throw new IllegalArgumentException("the --tls-* options secure --to tcp:HOST:PORT; the command -s runs secures"
                    + " its own path (ssh)");
        }
        TargetOptions targetOptions = TargetOptions.defaults().withRetryWindow(connect.retryWindow())
                .withTls(relay == null ? null : tls.config(relay));
        if (preserveDomid && configFile != null) {
            throw new IllegalArgumentException("-D keeps the domid in the config libxl keeps; with -C the config is the"
                    + " file's, whose domid the receiver chooses (xl ignores -D there)");
        }
        if (preserveDomid && sim != null) {
            throw new IllegalArgumentException("-D keeps a Xen domain's domid; a simulated guest has none");
        }
        byte[] configText = configFile == null ? null : SaveCommand.readXlConfig("-C", configFile);
        PrintWriter human = spec.commandLine().getOut();
        SaveRun run = new SaveRun("livemig migrate", precopy, true, human);
        SaveOptions.Builder options = run.engineOptions(true, true, 1).verify(debug);
        String where = relay != null ? relay.text() : host;
        String rune = relay != null ? null
                : new XlMigrateRune(sshCommand, host, SaveRun.isTerminal(2), noDaemon, debug, pauseAfter).command();
        Session session = new Session(run, options, human, where, rune, relay, targetOptions);
        if (sim != null) {
            SimDomainConfig config = simGuest.config(sim, domainArgument);
            DomainConfig domainConfig = configText != null ? DomainConfig.xlConfigFile(configText)
                    : DomainConfig.simulated(domainArgument, config.byteSize());
            if (!simGuest.noPrefill) {
                human.printf(Locale.ROOT, "filling a simulated guest of %s ...%n", io.livemig.util.Sizes.format(config.byteSize()));
                human.flush();
            }
            try (SimDomain guest = config.create()) {
                human.printf(Locale.ROOT, "migrating %s (simulated, %d pages, workload %s) to %s: policy %s, batch %d%n",
                        domainArgument, guest.pfnCount(), simGuest.parsedWorkload().spec(), where, precopy.policy, precopy.batch);
                return session.migrate(guest, new SimulatedToolstack(guest, domainArgument), domainConfig,
                        simGuest.parsedWorkload().spec(), "the simulated guest ends with the process", guest::sourceDigest);
            }
        }
        SimGuestOptions.refuseFor(spec, "a Xen domain");
        try (XenHost xen = XenHost.open(Optional.ofNullable(xenLib))) {
            // a domid or a name, as xl's find_domain reads it; libxl owns the name
            int domid = XlToolstack.domidOf(XL, domainArgument);
            String name = XlToolstack.nameOf(XL, domid);
            return migrateXenDomain(xen, domid, name, configText, session, where, human);
        }
    }

    /** A domain of this Xen host: its config as xl migrate sends it, its identity through xl. */
    private int migrateXenDomain(XenHost xen, int domid, String name, byte[] configText, Session session, String where,
                                 PrintWriter human) throws Exception {
        try (XenDomain guest = XenDomain.open(xen, domid)) {
            DomainConfig domainConfig;
            if (configText != null) {
                domainConfig = DomainConfig.xlConfigFile(configText);
            } else {
                byte[] json = LibxlDomainConfig.json(domid, LibxlDomainConfig.DEFAULT_DIRECTORY).orElseThrow(() ->
                        new IllegalArgumentException("no config is stored for domain " + name + " (domid " + domid
                                + ") and none was given with -C: xl cannot migrate it either"));
                try {
                    domainConfig = DomainConfig.libxlJson(json).withName(name).withDomid(preserveDomid ? domid : 0);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the config libxl keeps for domain " + name + " (domid " + domid + "): "
                            + e.getMessage());
                }
            }
            human.printf(Locale.ROOT, "migrating %s (domid %d, %d pfns, Xen %d.%d) to %s: policy %s, batch %d%n", name, domid,
                    guest.pfnCount(), guest.xenMajor(), guest.xenMinor(), where, precopy.policy, precopy.batch);
            return session.migrate(guest, new XlToolstack(XL, domid, name, guest), domainConfig, null,
                    "domain " + name + " (domid " + domid + ") may stay suspended with log-dirty on; check both ends with xl list",
                    null);
        }
    }

    /** One migration: the link, the sender, what a signal does, and how the end is told. */
    private final class Session {
        private final SaveRun run;
        private final SaveOptions.Builder options;
        private final PrintWriter human;
        private final String where;
        private final String rune;
        private final Endpoint.Tcp relay;
        private final TargetOptions targetOptions;

        Session(SaveRun run, SaveOptions.Builder options, PrintWriter human, String where, String rune, Endpoint.Tcp relay,
                TargetOptions targetOptions) {
            this.run = run;
            this.options = options;
            this.human = human;
            this.where = where;
            this.rune = rune;
            this.relay = relay;
            this.targetOptions = targetOptions;
        }

        /**
         * @param digest the simulated source's digest at suspend, or null for a Xen domain
         */
        int migrate(SourceDomain source, SourceToolstack toolstack, DomainConfig config, String workload, String atOnceNote,
                    java.util.function.Supplier<String> digest) throws Exception {
            String name = toolstack.name();
            AtomicReference<XlMigrationSender> sender = new AtomicReference<>();
            try (SignalStop signals = run.installSignals(atOnceNote, signal -> {
                XlMigrationSender s = sender.get();
                if (s != null) {
                    s.cancel(signal);
                }
            })) {
                MigrationLink link;
                try {
                    link = run.open(where, () -> rune != null ? CommandLink.start(rune) : ChannelLink.connect(relay, targetOptions));
                } catch (java.io.IOException e) {
                    // nothing was done to the source
                    throw new SaveCommand.SaveFailure((rune != null ? "" : "connecting to " + where + ": ") + Main.message(e)
                            + "; the source domain " + name + " runs on");
                }
                human.println("receiver: " + link.description());
                human.flush();
                XlMigrationSender migration = new XlMigrationSender(link, toolstack, source, config, new XlMigrationSender.Listener() {
                    @Override
                    public void note(String line) {
                        human.println("migration: " + line);
                        human.flush();
                    }
                });
                sender.set(migration);
                if (run.interruption() != null) {
                    migration.cancel(run.interruption());
                }
                XlMigrationSender.Outcome outcome;
                try {
                    outcome = migration.migrate((channel, suspendWatch) -> {
                        try {
                            return run.runEngine(source, channel, options.listener(suspendWatch));
                        } catch (java.io.IOException e) {
                            // the control socket could not be opened: the engine has not run
                            throw new SaveException(Main.message(e), e, null);
                        }
                    });
                } catch (MigrationException e) {
                    throw failure(e, source, name, workload, rune);
                } finally {
                    link.close();
                }
                SaveResult saved = outcome.saved();
                human.println(SaveRun.savedLine(saved));
                ResultFile result = new ResultFile().put("command", "migrate").put("result", "completed").put("state", "migrated")
                        .putSave(saved);
                if (digest != null) {
                    String d = digest.get();
                    result.put("digest", d);
                    human.println("source digest at suspend: " + d);
                }
                run.writeReport(name, workload, "completed", null, null, saved);
                run.writeResult(result);
                if (outcome.destroyFailure().isPresent()) {
                    spec.commandLine().getErr().println("livemig migrate: warning: the guest runs at " + where
                            + ", but destroying the source failed: " + outcome.destroyFailure().get() + "; destroy "
                            + toolstack.name() + " here yourself");
                    spec.commandLine().getErr().flush();
                }
                human.println("migrated: " + name + " runs at " + where + (outcome.sourceDestroyed()
                        ? "; the source domain was destroyed" : "; the source " + toolstack.name() + " is still here, suspended"));
                human.flush();
                return 0;
            }
        }

        /** The one line of a migration that did not complete, with the result file and the report. */
        private SaveCommand.SaveFailure failure(MigrationException e, SourceDomain source, String name, String workload,
                                                String rune) throws java.io.IOException {
            String outcome;
            String decidedBy = null;
            String what = e.reason();
            if (e.saveFailure().isPresent()) {
                SaveRun.Ending ending = run.ending(e.saveFailure().get(), e.step() == SenderStep.STREAM ? where : null);
                outcome = ending.outcome();
                decidedBy = ending.decidedBy();
                what = ending.what();
            } else {
                outcome = run.interruption() != null ? "interrupted" : "failed";
                decidedBy = run.interruption() != null ? "operator" : null;
            }
            StringBuilder line = new StringBuilder(e.step().text()).append(": ").append(what);
            e.peer().ifPresent(p -> line.append(" (").append(p).append(')'));
            if (rune != null && (e.step() == SenderStep.BANNER || e.step() == SenderStep.READY)) {
                line.append(" (command run was: ").append(rune).append(')');
            }
            line.append("; ").append(switch (e.state()) {
                case RUNS_ON -> "the source domain " + name + " runs on, log-dirty " + (source.logDirtyEnabled() ? "ON" : "off");
                case SUSPENDED -> "the source domain " + e.sourceName() + " is SUSPENDED here";
                case UNDEFINED -> "** migration failed during the final handshake ** the domain's state is now undefined:"
                        + " CHECK AT BOTH ENDS for running instances before renaming and resuming at most one (the source here"
                        + " is " + e.sourceName() + ", suspended; nothing was destroyed); two instances at once would probably"
                        + " cause SEVERE DATA LOSS";
            });
            String text = line.toString();
            ResultFile result = new ResultFile().put("command", "migrate").put("result", outcome).put("decidedBy", decidedBy)
                    .put("step", e.step().name().toLowerCase(Locale.ROOT))
                    .put("state", e.state().name().toLowerCase(Locale.ROOT).replace('_', '-')).put("error", text);
            if (e.receiverStatus() >= 0) {
                result.put("receiverStatus", e.receiverStatus());
            }
            Optional<SaveResult> saved = e.saved();
            if (saved.isPresent()) {
                result.putSave(saved.get());
                run.writeReport(name, workload, outcome, decidedBy, text, saved.get());
            }
            run.writeResult(result);
            return new SaveCommand.SaveFailure(text);
        }
    }
}
