package io.livemig.migrate;

import io.livemig.stream.StreamFraming;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.StreamReader;
import io.livemig.stream.XlSaveHeader;
import io.livemig.transport.StreamTarget;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.Locale;

/**
 * An incoming domain kept as an xl save file (what {@code xl restore} reads): the bytes are
 * written to the file as they arrive while the reader checks every record, and the file takes
 * its name only when the domain "starts" ({@link StreamTarget#commit()}); a copy that is
 * discarded leaves the name as it was.
 */
public final class SaveFileIncoming implements IncomingDomain {
    private final StreamTarget file;
    private long records;
    private long bytes;

    /** @param file a file target, opened (written beside its name until committed) */
    public SaveFileIncoming(StreamTarget file) {
        this.file = file;
    }

    @Override
    public XlSaveHeader receive(ReadableByteChannel in) throws IOException {
        StreamReader reader = new StreamReader(new TeeChannel(in, file.channel()), StreamReader.NO_PFN_LIMIT, false);
        if (reader.open() != StreamFraming.XL) {
            throw new StreamFormatException("a " + reader.framing().name().toLowerCase(Locale.ROOT)
                    + " stream without an xl header: xl's migration protocol sends an xl save file");
        }
        while (reader.next() != null) {
            records++;
        }
        bytes = reader.position();
        return reader.xlHeader();
    }

    @Override
    public void start(String name) throws IOException {
        file.commit();
    }

    @Override
    public void discard() {
        try {
            file.close();
        } catch (IOException e) {
            // the copy is gone either way; the receiver reports its own outcome
        }
    }

    @Override
    public String describe() {
        return records + " records, " + bytes + " bytes into " + file.description();
    }
}
