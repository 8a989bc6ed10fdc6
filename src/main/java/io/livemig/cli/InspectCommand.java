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
@Command(name = "inspect", header = "Lists and validates the records of a migration stream.",
        mixinStandardHelpOptions = true,
        description = {"Lists the records of a migration stream (libxc, libxl or an xl save file) and validates every"
                + " field. A bad stream ends with one line on standard error naming the record, its type and byte offset."},
        footer = {"", "Exit status: 0 the stream is valid; 1 it is not, or it cannot be read; 2 bad usage."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The stream: a file, or - for standard input.")
    String file;

    @Option(names = "--quiet", description = "Print only the verdict: the valid line, or the error line.")
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
        if (report.valid()) {
            (quiet ? lines.subList(lines.size() - 1, lines.size()) : lines).forEach(out::println);
            out.flush();
            return 0;
        }
        // the listing up to the fault on standard output; the verdict once, on standard error
        if (!quiet) {
            lines.subList(0, lines.size() - 1).forEach(out::println);
            out.flush();
        }
        spec.commandLine().getErr().println("livemig inspect: INVALID: " + report.error());
        spec.commandLine().getErr().flush();
        return Main.EXIT_FAILURE;
    }
}
