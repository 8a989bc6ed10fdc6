package io.livemig.cli;

import io.livemig.stream.InspectionReport;
import io.livemig.stream.StreamInspector;
import io.livemig.stream.StreamReader;
import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists and validates the records of a stream (libxc, libxl or an xl save file) without restoring it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Lists the records of a migration stream and validates every field.",
                "Exits 0 for a valid stream, 1 for a bad one (the last line names the record, type and offset)."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The stream: a file, or - for standard input.")
    String file;

    @Option(names = "--quiet", description = "Print only the verdict.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Endpoint endpoint = Endpoint.parse(file);
        if (endpoint instanceof Endpoint.Tcp) {
            throw new IllegalArgumentException("inspect reads a file or standard input, not " + file);
        }
        InspectionReport report;
        try (StreamSource source = StreamSource.open(endpoint, SourceOptions.defaults())) {
            report = StreamInspector.inspect(source.channel(), StreamReader.NO_PFN_LIMIT, true);
        }
        var lines = report.lines();
        if (quiet) {
            out.println(lines.getLast());
        } else {
            lines.forEach(out::println);
        }
        out.flush();
        if (!report.valid()) {
            spec.commandLine().getErr().println("livemig inspect: " + report.error());
            return Main.EXIT_FAILURE;
        }
        return 0;
    }
}
