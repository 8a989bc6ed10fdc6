package io.livemig.cli;

import java.util.Locale;

/** Just enough JSON for the report: objects, arrays, strings, numbers, booleans, null; no dependency. */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(4096);
    /** Per nesting level: whether the next value needs a comma before it. */
    private final boolean[] comma = new boolean[32];
    private int depth;
    private boolean afterName;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter string(String name, String value) {
        name(name);
        if (value == null) {
            return raw("null");
        }
        separate();
        string(value);
        return this;
    }

    JsonWriter number(String name, long value) {
        return name(name).raw(Long.toString(value));
    }

    /** NaN and infinities, which JSON cannot hold, are written as null. */
    JsonWriter number(String name, double value) {
        name(name);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return raw("null");
        }
        return raw(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6g", value).replaceFirst("\\.?0+(e|$)", "$1"));
    }

    /** A measurement that is -1 when unknown: written as null then. */
    JsonWriter measured(String name, double value) {
        return value < 0 ? name(name).raw("null") : number(name, value);
    }

    JsonWriter bool(String name, boolean value) {
        return name(name).raw(Boolean.toString(value));
    }

    private JsonWriter raw(String token) {
        separate();
        out.append(token);
        return this;
    }

    private void push() {
        depth++;
        comma[depth] = false;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (comma[depth]) {
                out.append(',');
            }
            comma[depth] = true;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // "</script>" must not end the page's data block early
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
