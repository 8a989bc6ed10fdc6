package io.livemig.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link StreamInspector} found in a stream.
 *
 * @param framing   the detected framing, null when not even that could be read
 * @param headers   the headers read, in stream order
 * @param records   the records read and validated, in stream order (up to the error, if any)
 * @param bytesRead bytes consumed from the channel
 * @param error     null for a valid stream, else the one-line message of the first fault
 */
public record InspectionReport(StreamFraming framing, List<HeaderInfo> headers, List<RecordInfo> records, long bytesRead, String error) {

    /** Copies {@code headers} and {@code records}. */
    public InspectionReport {
        headers = List.copyOf(headers);
        records = List.copyOf(records);
    }

    /**
     * Whether the stream was found valid.
     *
     * @return true when {@code error} is null
     */
    public boolean valid() {
        return error == null;
    }

    /**
     * The report as text lines: framing, headers, one line per record, then the verdict.
     *
     * @return the lines, without line terminators
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>(records.size() + headers.size() + 4);
        out.add("framing: " + (framing == null ? "unknown" : framing.name().toLowerCase(Locale.ROOT)));
        for (HeaderInfo h : headers) {
            out.add(String.format("%-13s @%-10d %6d bytes  %s", h.name(), h.offset(), h.length(), h.detail()));
        }
        out.add(String.format("%6s %12s %-5s %-26s %10s  %s", "index", "offset", "layer", "type", "length", "detail"));
        for (RecordInfo r : records) {
            out.add(String.format("%6d %12d %-5s %-26s %10d  %s", r.index(), r.offset(),
                    r.layer().name().toLowerCase(Locale.ROOT), r.name(), r.bodyLength(), r.detail()));
        }
        out.add(valid()
                ? "valid: " + records.size() + " records, " + bytesRead + " bytes"
                : "INVALID: " + error);
        return out;
    }
}
