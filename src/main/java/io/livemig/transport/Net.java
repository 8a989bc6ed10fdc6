package io.livemig.transport;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;

/** Address resolution and the wording shared by the transport's error messages. */
final class Net {
    private Net() {
    }

    /** Resolves the endpoint's host (no lookup for address literals). */
    static InetSocketAddress resolve(Endpoint.Tcp endpoint) throws UnknownHostException {
        try {
            return new InetSocketAddress(InetAddress.getByName(endpoint.host()), endpoint.port());
        } catch (UnknownHostException e) {
            throw new UnknownHostException("cannot resolve host '" + endpoint.host() + "' of " + endpoint.text());
        }
    }

    /** {@code 127.0.0.1:4567} or {@code [::1]:4567}. */
    static String hostPort(InetSocketAddress address) {
        InetAddress a = address.getAddress();
        if (a == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        String host = a.getHostAddress();
        return (a instanceof Inet6Address ? "[" + compressIpv6(host) + "]" : host) + ":" + address.getPort();
    }

    /**
     * Shortens Java's "0:0:0:0:0:0:0:1" to "::1": the longest run of two or more zero groups
     * becomes "::" (RFC 5952). Java already drops leading zeros within groups.
     */
    static String compressIpv6(String address) {
        int percent = address.indexOf('%');
        String zone = percent < 0 ? "" : address.substring(percent);
        String[] groups = (percent < 0 ? address : address.substring(0, percent)).split(":", -1);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestStart < 0) {
            return address;
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail + zone;
    }

    /** "5 s", "0.3 s", "1.25 s". */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** The operating system's reason, without the path that java.nio repeats in its messages. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String message = e.getMessage();
        return message != null ? message : e.getClass().getSimpleName();
    }
}
