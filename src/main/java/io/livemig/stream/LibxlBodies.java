package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The body decoders of libxl records: each reads one record's body through the input, checks it
 * against its descriptor and returns its value. (END, LIBXC_CONTEXT and CHECKPOINT_END have no
 * body; what they do to the stream is the reader's part.)
 */
final class LibxlBodies {
    private final StreamInput input;
    private final ErrorLocation location;

    LibxlBodies(StreamInput input, ErrorLocation location) {
        this.input = input;
        this.location = location;
    }

    /** EMULATOR_XENSTORE_DATA: the pairs must be NUL-terminated, keys non-empty and relative. */
    StreamRecord.EmulatorXenstoreData xenstoreData(int length, LibxcHeader libxc) throws IOException {
        requireEmulatorHeader(length, libxc);
        ByteBuffer b = input.readBody(length, "body");
        input.readPadding(length);
        int at = EmulatorDescriptor.DATA_OFFSET;
        int pair = 0;
        while (at < length) {
            int keyEnd = indexOfNul(b, at, length);
            if (keyEnd == -1) {
                throw location.fail("xenstore key " + pair + " at body byte " + at + " is not NUL-terminated");
            }
            if (keyEnd == at) {
                throw location.fail("xenstore key " + pair + " at body byte " + at + " is empty");
            }
            if (b.get(at) == '/') {
                throw location.fail("xenstore key " + pair + " at body byte " + at + " is absolute (starts with '/')");
            }
            int valueStart = keyEnd + 1;
            int valueEnd = indexOfNul(b, valueStart, length);
            if (valueEnd == -1) {
                throw location.fail("xenstore value " + pair + " at body byte " + valueStart + " is missing or not NUL-terminated");
            }
            at = valueEnd + 1;
            pair++;
        }
        return new StreamRecord.EmulatorXenstoreData(EmulatorDescriptor.emulatorId(b, 0), EmulatorDescriptor.index(b, 0), pair);
    }

    /** EMULATOR_CONTEXT: the header is read, the state skipped. */
    StreamRecord.EmulatorContext emulatorContext(int length, LibxcHeader libxc) throws IOException {
        requireEmulatorHeader(length, libxc);
        ByteBuffer b = input.readHeader(0, EmulatorDescriptor.HEADER_LENGTH, "emulator header");
        int id = EmulatorDescriptor.emulatorId(b, 0);
        int index = EmulatorDescriptor.index(b, 0);
        int state = length - EmulatorDescriptor.HEADER_LENGTH;
        input.skip(state, "emulator context");
        input.readPadding(length);
        return new StreamRecord.EmulatorContext(id, index, state);
    }

    StreamRecord.CheckpointState checkpointState(int length) throws IOException {
        location.requireLength(length, CheckpointStateDescriptor.LENGTH);
        ByteBuffer b = input.readBody(length, "body");
        input.readPadding(length);
        return new StreamRecord.CheckpointState(CheckpointStateDescriptor.controlId(b, 0));
    }

    private void requireEmulatorHeader(int length, LibxcHeader libxc) throws StreamFormatException {
        location.requireAtLeast(length, EmulatorDescriptor.HEADER_LENGTH, "emulator header");
        if (libxc != null && libxc.domainType() != DomainType.X86_HVM) {
            throw location.fail("emulator record in an " + libxc.domainType().displayName()
                    + " stream (only x86 HVM domains have a device model)");
        }
    }

    private static int indexOfNul(ByteBuffer b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b.get(i) == 0) {
                return i;
            }
        }
        return -1;
    }
}
