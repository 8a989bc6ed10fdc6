package io.livemig.policy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Policies written as text, for the command line:
 * <ul>
 *   <li>{@code xen} Xen's default (5 iterations, 50 dirty pages);</li>
 *   <li>{@code xen:iterations=N,dirty=N} the same rule with other limits;</li>
 *   <li>{@code stop-now} stop and copy at the first consultation: one live pass, then suspend;</li>
 *   <li>{@code abort:iteration=N} answer ABORT at the first consultation of iteration N (to rehearse
 *       the failure path: the guest must keep running, log-dirty must end off).</li>
 * </ul>
 */
public final class PolicySpec {
    private PolicySpec() {
    }

    /**
     * Parses a policy spec.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static PrecopyPolicy parse(String spec) {
        String text = spec.trim();
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).toLowerCase(Locale.ROOT);
        Map<String, String> params = params(spec, colon < 0 ? "" : text.substring(colon + 1));
        return switch (name) {
            case "xen" -> {
                int iterations = (int) number(spec, params, "iterations", SimplePrecopyPolicy.XEN_DEFAULT.maxIterations());
                long dirty = number(spec, params, "dirty", SimplePrecopyPolicy.XEN_DEFAULT.dirtyTarget());
                rejectUnknown(spec, params);
                yield new SimplePrecopyPolicy(iterations, dirty);
            }
            case "stop-now" -> {
                rejectUnknown(spec, params);
                yield stats -> Decision.STOP_AND_COPY;
            }
            case "abort" -> {
                long iteration = number(spec, params, "iteration", 0);
                rejectUnknown(spec, params);
                yield stats -> stats.iteration() >= iteration ? Decision.ABORT : Decision.CONTINUE_PRECOPY;
            }
            default -> throw new IllegalArgumentException("unknown policy '" + name + "' in '" + spec
                    + "' (known: xen, xen:iterations=N,dirty=N, stop-now, abort:iteration=N)");
        };
    }

    private static Map<String, String> params(String spec, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("policy parameter '" + part + "' in '" + spec + "' is not name=value");
            }
            out.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        return out;
    }

    private static long number(String spec, Map<String, String> params, String key, long fallback) {
        String v = params.remove(key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy parameter " + key + "=" + v + " in '" + spec + "' is not a count");
        }
    }

    private static void rejectUnknown(String spec, Map<String, String> params) {
        if (!params.isEmpty()) {
            throw new IllegalArgumentException("unknown policy parameter '" + params.keySet().iterator().next() + "' in '" + spec + "'");
        }
    }
}
