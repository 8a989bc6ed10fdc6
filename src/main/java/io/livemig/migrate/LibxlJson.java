package io.livemig.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for libxl's domain configuration (libxl_domain_config_to_json): parsed into
 * maps (member order kept), lists, strings, {@link Number numbers} (their text, unchanged),
 * booleans and {@link #NULL}, and written back in libxl's layout (four-space indents). What the
 * sender edits is one member ({@code c_info.domid}); what the receiver reads is another
 * ({@code c_info.name}).
 */
final class LibxlJson {
    /** JSON's null. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A number, kept as written (libxl writes 64-bit integers that a double would round). */
    record Number(String text) {
    }

    /** Deeper nesting is refused (libxl's configs nest a few levels). */
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int at;

    private LibxlJson(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value (trailing white space and NULs allowed: xl stores the text NUL-terminated).
     *
     * @throws IllegalArgumentException naming the offset and what was expected
     */
    static Object parse(String text) {
        LibxlJson p = new LibxlJson(text);
        Object v = p.value(0);
        p.skipSpace();
        while (p.at < text.length() && text.charAt(p.at) == 0) {
            p.at++;
        }
        if (p.at != text.length()) {
            throw p.fail("end of the text");
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("at most " + MAX_DEPTH + " levels of nesting");
        }
        skipSpace();
        if (at >= text.length()) {
            throw fail("a value");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw fail("a value");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> members = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek('}')) {
            at++;
            return members;
        }
        while (true) {
            skipSpace();
            if (!peek('"')) {
                throw fail("a member name in quotes");
            }
            String name = string();
            skipSpace();
            expect(':');
            if (members.put(name, value(depth + 1)) != null) {
                throw fail("no second member named \"" + name + "\"");
            }
            skipSpace();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> items = new ArrayList<>();
        at++;
        skipSpace();
        if (peek(']')) {
            at++;
            return items;
        }
        while (true) {
            items.add(value(depth + 1));
            skipSpace();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return items;
            }
        }
    }

    private String string() {
        at++;
        StringBuilder s = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw fail("a closing quote");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                throw fail("no control character inside a string");
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw fail("an escape");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw fail("four hex digits");
                    }
                    try {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException x) {
                        throw fail("four hex digits");
                    }
                    at += 4;
                }
                default -> {
                    at--;
                    throw fail("a valid escape");
                }
            }
        }
    }

    private Number number() {
        int start = at;
        if (peek('-')) {
            at++;
        }
        int digits = at;
        while (at < text.length() && "0123456789+-.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String n = text.substring(start, at);
        if (at == digits || !n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            at = start;
            throw fail("a number");
        }
        return new Number(n);
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw fail("a value");
        }
        at += word.length();
        return value;
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw fail("'" + c + "'");
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private IllegalArgumentException fail(String expected) {
        return new IllegalArgumentException("not JSON: expected " + expected + " at offset " + at);
    }

    // ---- writing, in libxl's layout

    static String write(Object value) {
        StringBuilder s = new StringBuilder();
        write(s, value, 0);
        return s.append('\n').toString();
    }

    private static void write(StringBuilder s, Object value, int indent) {
        switch (value) {
            case Map<?, ?> m -> {
                s.append("{\n");
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    pad(s, indent + 1);
                    quote(s, (String) e.getKey());
                    s.append(": ");
                    write(s, e.getValue(), indent + 1);
                    s.append(++i < m.size() ? ",\n" : "\n");
                }
                pad(s, indent);
                s.append('}');
            }
            case List<?> l -> {
                s.append("[\n");
                for (int i = 0; i < l.size(); i++) {
                    pad(s, indent + 1);
                    write(s, l.get(i), indent + 1);
                    s.append(i + 1 < l.size() ? ",\n" : "\n");
                }
                pad(s, indent);
                s.append(']');
            }
            case String str -> quote(s, str);
            case Number n -> s.append(n.text());
            case Boolean b -> s.append(b);
            default -> {
                if (value != NULL) {
                    throw new IllegalArgumentException("not a JSON value: " + value);
                }
                s.append("null");
            }
        }
    }

    private static void pad(StringBuilder s, int indent) {
        s.repeat("    ", indent);
    }

    private static void quote(StringBuilder s, String str) {
        s.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
