/**
 * livemig: a live-migration core for Xen. It saves a running domain as Xen's own migration stream
 * (libxc format v3) with a pluggable precopy policy, and restores such streams.
 *
 * <p>What a host uses is exported; everything else (the command line, the {@code xl migrate}
 * protocol, the generated libxenctrl bindings, the libc bindings) is internal and may change in
 * any release. {@code API.md} at the top of the source tree says what is stable.
 *
 * <p>The module makes native calls (Panama FFM): the application grants that to it alone with
 * {@code --enable-native-access=io.livemig}.
 */
module io.livemig {
    requires org.apache.logging.log4j;
    // QMP, the QEMU device model's JSON protocol (Xen HVM guests)
    requires com.google.gson;
    // the command line only: a host that embeds the core does not need it, and the CLI's java
    // command adds it (--add-modules info.picocli)
    requires static info.picocli;
    // sun.misc.Signal: the CLI's SIGINT/SIGTERM handling
    requires jdk.unsupported;

    exports io.livemig.policy;
    exports io.livemig.engine;
    exports io.livemig.backend;
    exports io.livemig.backend.sim;
    exports io.livemig.backend.xen;
    exports io.livemig.stream;
    exports io.livemig.transport;

    // picocli sets the commands' annotated fields reflectively
    opens io.livemig.cli to info.picocli;
}
