package io.livemig.transport;

import java.net.Inet6Address;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a migration stream goes to or comes from, as written on the command line.
 *
 * <pre>
 *   -                      standard output when writing, standard input when reading
 *   tcp:HOST:PORT          HOST is a host name or an IPv4 address
 *   tcp:[IPv6]:PORT        an IPv6 address goes in brackets, e.g. tcp:[::1]:4567
 *   tcp::PORT, tcp:PORT    loopback (127.0.0.1)
 *   file:PATH, PATH        a file; "file:" is needed only when PATH is "-" or starts with "tcp:"/"file:"
 * </pre>
 * PORT is 0..65535; port 0 is for a listener only and means "pick a free port". The "tcp:" and
 * "file:" prefixes are case-insensitive.
 */
public sealed interface Endpoint permits Endpoint.Stdio, Endpoint.File, Endpoint.Tcp {

    /** The host a TCP endpoint without a host means. */
    String LOOPBACK_HOST = "127.0.0.1";

    /** The forms accepted, for error messages. */
    String TCP_FORMS = "tcp:HOST:PORT, tcp:[IPv6]:PORT, tcp::PORT or tcp:PORT";

    /**
     * The text that {@link #parse} turns back into an equal endpoint.
     *
     * @return the endpoint as written on the command line
     */
    String text();

    /**
     * Parses command-line text.
     *
     * @param text an endpoint in one of the forms above
     * @return the endpoint it names
     * @throws IllegalArgumentException one line naming the text and what is wrong with it
     */
    static Endpoint parse(String text) {
        if (text.isEmpty()) {
            throw invalid(text, "empty (use -, a file path, or " + TCP_FORMS + ")");
        }
        if (text.equals("-")) {
            return new Stdio();
        }
        if (text.regionMatches(true, 0, "file:", 0, 5)) {
            String path = text.substring(5);
            if (path.isEmpty()) {
                throw invalid(text, "no path after 'file:'");
            }
            return file(text, path);
        }
        if (text.regionMatches(true, 0, "tcp:", 0, 4)) {
            return parseTcp(text, text.substring(4));
        }
        return file(text, text);
    }

    private static File file(String text, String path) {
        try {
            return new File(Path.of(path));
        } catch (InvalidPathException e) {
            throw invalid(text, "not a usable file path: " + e.getReason());
        }
    }

    private static Tcp parseTcp(String text, String rest) {
        if (rest.isEmpty()) {
            throw invalid(text, "no port after 'tcp:' (forms: " + TCP_FORMS + ")");
        }
        if (rest.startsWith("//")) {
            throw invalid(text, "no '//' after 'tcp:' (forms: " + TCP_FORMS + ")");
        }
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(text, "no ']' closing the IPv6 address");
            }
            host = rest.substring(1, close);
            if (host.isEmpty()) {
                throw invalid(text, "empty IPv6 address in brackets");
            }
            String after = rest.substring(close + 1);
            if (!after.startsWith(":")) {
                throw invalid(text, after.isEmpty()
                        ? "no ':PORT' after [" + host + "]"
                        : "expected ':PORT' after [" + host + "], found '" + after + "'");
            }
            String problem = ipv6Problem(host);
            if (problem != null) {
                throw invalid(text, problem);
            }
            port = after.substring(1);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                if (!isDigits(rest)) {
                    throw invalid(text, "no port (write tcp:" + rest + ":PORT)");
                }
                host = "";
                port = rest;
            } else {
                host = rest.substring(0, colon);
                port = rest.substring(colon + 1);
                if (host.indexOf(':') >= 0) {
                    throw invalid(text, "an IPv6 address needs brackets: tcp:[" + host + "]:" + port);
                }
            }
            if (!host.isEmpty()) {
                String problem = hostProblem(host);
                if (problem != null) {
                    throw invalid(text, problem);
                }
            }
        }
        int portNumber = parsePort(text, port);
        return new Tcp(host.isEmpty() ? LOOPBACK_HOST : host, portNumber);
    }

    private static int parsePort(String text, String port) {
        if (port.isEmpty()) {
            throw invalid(text, "no port after ':' (forms: " + TCP_FORMS + ")");
        }
        if (!isDigits(port)) {
            throw invalid(text, "port '" + port + "' is not a number");
        }
        if (port.length() > 5 || Integer.parseInt(port) > 65535) {
            throw invalid(text, "port " + port + " is outside 0..65535");
        }
        return Integer.parseInt(port);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Why {@code host} is neither a host name nor a dotted-quad IPv4 address, or null when it is one. */
    private static String hostProblem(String host) {
        boolean numeric = true;
        for (int i = 0; i < host.length() && numeric; i++) {
            char c = host.charAt(i);
            numeric = (c >= '0' && c <= '9') || c == '.';
        }
        if (numeric) {
            return ipv4Problem(host);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > 253) {
            return "'" + host + "' is not a host name";
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return "'" + host + "' is not a host name or IPv4 address";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    return "'" + host + "' is not a host name or IPv4 address (character '" + c + "')";
                }
            }
        }
        return null;
    }

    /** Strict dotted quad: four parts 0..255 without leading zeros (which some tools read as octal). */
    private static String ipv4Problem(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return "'" + host + "' is not an IPv4 address (need four numbers a.b.c.d)";
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                return "'" + host + "' is not an IPv4 address (each part is 0..255)";
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                return "'" + host + "' is not an IPv4 address (leading zero in '" + p + "' is ambiguous)";
            }
        }
        return null;
    }

    /** Why {@code host} is not an IPv6 literal (optionally with a %zone), or null when it is one. */
    private static String ipv6Problem(String host) {
        int percent = host.indexOf('%');
        String address = percent < 0 ? host : host.substring(0, percent);
        if (percent >= 0) {
            String zone = host.substring(percent + 1);
            if (zone.isEmpty() || !zone.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return "'" + host + "' has an invalid zone after '%'";
            }
        }
        if (address.indexOf(':') < 0) {
            return "'" + host + "' is not an IPv6 address (brackets are for IPv6 only)";
        }
        try {
            Inet6Address.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            return "'" + host + "' is not an IPv6 address";
        }
        return null;
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException("invalid endpoint '" + text + "': " + problem);
    }

    /** Standard output (writing) or standard input (reading). */
    record Stdio() implements Endpoint {
        @Override
        public String text() {
            return "-";
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * A file: created or truncated when writing.
     *
     * @param path the file's path, as given
     */
    record File(Path path) implements Endpoint {
        /**
         * Checks the path.
         *
         * @throws IllegalArgumentException when the path is empty
         */
        public File {
            if (path.toString().isEmpty()) {
                throw new IllegalArgumentException("a file endpoint needs a non-empty path");
            }
        }

        @Override
        public String text() {
            String p = path.toString();
            String lower = p.toLowerCase(Locale.ROOT);
            boolean ambiguous = p.equals("-") || lower.startsWith("tcp:") || lower.startsWith("file:");
            return ambiguous ? "file:" + p : p;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * A TCP address: the sender connects to it, the receiver listens on it.
     *
     * @param host a host name, an IPv4 address, or an IPv6 address without brackets
     * @param port 0..65535; 0 (listener only) picks a free port
     */
    record Tcp(String host, int port) implements Endpoint {
        /**
         * Checks the components.
         *
         * @throws IllegalArgumentException when the port is outside 0..65535, or the host is empty or
         *                                  not a host name, a dotted-quad IPv4 address or an IPv6 address
         */
        public Tcp {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("TCP port " + port + " is outside 0..65535");
            }
            String problem = host.indexOf(':') >= 0 ? ipv6Problem(host) : host.isEmpty() ? "empty host" : hostProblem(host);
            if (problem != null) {
                throw new IllegalArgumentException("invalid TCP host: " + problem);
            }
        }

        /**
         * {@code tcp:127.0.0.1:PORT}.
         *
         * @param port 0..65535; 0 (listener only) picks a free port
         * @return the loopback endpoint on {@code port}
         */
        public static Tcp loopback(int port) {
            return new Tcp(LOOPBACK_HOST, port);
        }

        /**
         * The same host with another port (the port a listener on port 0 was given).
         *
         * @param newPort the port, 0..65535
         * @return an endpoint of this host and {@code newPort}
         */
        public Tcp withPort(int newPort) {
            return new Tcp(host, newPort);
        }

        /**
         * {@code host:port}, with brackets around an IPv6 address.
         *
         * @return the address as text, without the {@code tcp:} prefix
         */
        public String hostPort() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String text() {
            return "tcp:" + hostPort();
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
