package io.livemig.engine;

import io.livemig.stream.DomainType;
import io.livemig.stream.StreamFraming;
import io.livemig.stream.XlSaveHeader;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a successful restore read and applied.
 *
 * @param framing       how the stream was framed
 * @param version       libxc format version (2 or 3)
 * @param domainType    the domain header's guest type
 * @param xenMajor      Xen major version of the saving host (0: converted from the legacy format)
 * @param xenMinor      Xen minor version of the saving host
 * @param recordCounts  records read per type name (libxc and libxl names), in order of first appearance
 * @param pfnEntries    PAGE_DATA entries read (all page types)
 * @param pagesWritten  pages of data written into the destination
 * @param pagesVerified pages of data compared with the destination after a VERIFY record
 * @param bytesRead     bytes read from the channel
 * @param elapsed       time from the start of the restore to the end of the stream
 * @param notApplied    what the stream carried that was not applied, and why, one line each
 * @param endReadAt     wall-clock time at which the stream's final END record was read
 * @param xlHeader      the xl save-file header (with the domain config it carries) of a stream that had one, else null
 */
public record RestoreResult(
        StreamFraming framing,
        int version,
        DomainType domainType,
        int xenMajor,
        int xenMinor,
        Map<String, Long> recordCounts,
        long pfnEntries,
        long pagesWritten,
        long pagesVerified,
        long bytesRead,
        Duration elapsed,
        List<String> notApplied,
        Instant endReadAt,
        XlSaveHeader xlHeader) {

    /** Copies the map, in its order, and the list. */
    public RestoreResult {
        recordCounts = Collections.unmodifiableMap(new LinkedHashMap<>(recordCounts));
        notApplied = List.copyOf(notApplied);
    }

    /**
     * Records read of the given type name ({@code io.livemig.stream.RecordType#name}), 0 when none.
     *
     * @param typeName a record type's name, as a key of {@link #recordCounts()}
     * @return the number of records of that type
     */
    public long count(String typeName) {
        return recordCounts.getOrDefault(typeName, 0L);
    }

    /**
     * Total records read, both layers.
     *
     * @return the sum of {@link #recordCounts()}
     */
    public long records() {
        long n = 0;
        for (long c : recordCounts.values()) {
            n += c;
        }
        return n;
    }
}
