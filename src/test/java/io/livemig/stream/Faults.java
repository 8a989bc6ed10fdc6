package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Assertions on the reader's one-line faults, "WHERE: WHAT": where (the header, or the record's
 * index, type and offset) exactly, what by its stable parts (the facts it names), so that a
 * rewording is not a test change.
 */
public final class Faults {
    private Faults() {
    }

    /** "record N (TYPE) at offset X". */
    public static String record(long index, String type, long offset) {
        return "record " + index + " (" + type + ") at offset " + offset;
    }

    /** "NAME at offset X", for a header ("image header", "xl header", ...). */
    public static String header(String name, long offset) {
        return name + " at offset " + offset;
    }

    /** {@code message} is one line that says {@code where} first and contains every one of {@code parts}. */
    public static void assertFault(String where, String message, String... parts) {
        assertNotNull(message, "no message");
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        assertTrue(message.startsWith(where + ": "), () -> "expected a fault at " + where + ", got: " + message);
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }
}
