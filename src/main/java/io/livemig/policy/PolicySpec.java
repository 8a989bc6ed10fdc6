package io.livemig.policy;

import io.livemig.util.Durations;
import io.livemig.util.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Policies written as text, for the command line. A spec is one term, or several separated by
 * commas, combined so that the first term (in the order written) that ends precopy decides
 * ({@link FirstDecisionPolicy}):
 * <ul>
 *   <li>{@code xen} Xen's default (5 iterations, 50 dirty pages);</li>
 *   <li>{@code xen:iterations=N,dirty=N} the same rule with other limits;</li>
 *   <li>{@code stop-now} stop and copy at the first consultation: one live pass, then suspend;</li>
 *   <li>{@code abort:iteration=N} answer ABORT at the first consultation of iteration N (to rehearse
 *       the failure path: the guest must keep running, log-dirty must end off);</li>
 *   <li>{@code downtime=300ms[:bandwidth=1G]} stop once the estimated downtime fits, at the measured
 *       bandwidth or at the given switchover bandwidth in bytes per second ({@link DowntimePolicy});</li>
 *   <li>{@code downtime=150ms..1s[:steps=10][:every=30s][:bandwidth=1G]} the same with a target that
 *       rises over time ({@link DowntimeSteppingPolicy}; defaults: 10 steps, every 30 s);</li>
 *   <li>{@code deadline=10m[:stop|:abort]} at expiry stop and copy (the default) or abort
 *       ({@link DeadlinePolicy});</li>
 *   <li>{@code stall=3[:stop|:abort][:tolerance=10%][:progress=5%]} the dirty count has not fallen
 *       by 5% below the lowest for 3 rounds: switch over near the lowest seen (the default) or
 *       abort ({@link StallPolicy});</li>
 *   <li>{@code growth=10%[:stop|:abort]} a round grew by more than 10%: stop (the default) or
 *       abort ({@link GrowthGuardPolicy}).</li>
 * </ul>
 * Example: {@code downtime=300ms,stall=4,deadline=10m:abort}. Stateful policies are created anew
 * by every {@link #parse}: parse once per save.
 */
public final class PolicySpec {
    /** What an error message lists. */
    public static final String FORMS = "xen, xen:iterations=N,dirty=N, stop-now, abort:iteration=N, downtime=300ms[:bandwidth=1G], "
            + "downtime=150ms..1s[:steps=N][:every=30s], deadline=10m[:stop|:abort], stall=K[:stop|:abort][:tolerance=10%][:progress=5%], "
            + "growth=10%[:stop|:abort]; combine with commas";
    private static final Set<String> TERMS = Set.of("xen", "stop-now", "abort", "downtime", "deadline", "stall", "growth");
    /** Terms whose parameters follow as further comma-separated name=value parts: xen:iterations=N,dirty=N, abort:iteration=N. */
    private static final Set<String> COMMA_PARAMETERS = Set.of("xen", "abort");

    private PolicySpec() {
    }

    /**
     * Parses a policy spec.
     *
     * @param spec one term, or several separated by commas (see the class comment)
     * @return a new policy: the term's, or a {@link FirstDecisionPolicy} of several
     * @throws IllegalArgumentException with a one-line message naming the part that is wrong
     */
    public static PrecopyPolicy parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty policy spec (known: " + FORMS + ")");
        }
        List<PrecopyPolicy> policies = new ArrayList<>();
        for (Term term : split(spec)) {
            policies.add(term.build(spec));
        }
        return policies.size() == 1 ? policies.getFirst() : new FirstDecisionPolicy(policies);
    }

    /** One term: its name, the value after '=' (or null), its options (name -> value, or bare words -> ""). */
    private record Term(String text, String name, String value, Map<String, String> options) {

        PrecopyPolicy build(String spec) {
            return switch (name) {
                case "xen" -> {
                    noValue(spec);
                    int iterations = (int) count(spec, "iterations", SimplePrecopyPolicy.XEN_DEFAULT.maxIterations());
                    long dirty = count(spec, "dirty", SimplePrecopyPolicy.XEN_DEFAULT.dirtyTarget());
                    rejectUnknown(spec);
                    yield new SimplePrecopyPolicy(iterations, dirty);
                }
                case "stop-now" -> {
                    noValue(spec);
                    rejectUnknown(spec);
                    yield stats -> Decision.STOP_AND_COPY;
                }
                case "abort" -> {
                    noValue(spec);
                    long iteration = count(spec, "iteration", 0);
                    rejectUnknown(spec);
                    yield stats -> stats.iteration() >= iteration ? Decision.ABORT : Decision.CONTINUE_PRECOPY;
                }
                case "downtime" -> downtime(spec);
                case "deadline" -> {
                    Duration budget = duration(spec, required(spec, "a duration, e.g. deadline=10m"));
                    Decision atExpiry = ending(spec);
                    rejectUnknown(spec);
                    yield new DeadlinePolicy(budget, atExpiry);
                }
                case "stall" -> {
                    long rounds = countValue(spec, required(spec, "a number of rounds, e.g. stall=3"));
                    if (rounds < 1) {
                        throw bad(spec, "stall needs at least 1 round");
                    }
                    Decision onStall = ending(spec);
                    String tolerance = options.remove("tolerance");
                    double t = tolerance == null ? 0.10 : percent(spec, "tolerance", tolerance) / 100;
                    String progress = options.remove("progress");
                    double p = progress == null ? StallPolicy.DEFAULT_MIN_PROGRESS : percent(spec, "progress", progress) / 100;
                    if (p >= 1) {
                        throw bad(spec, "progress=" + progress + " must be below 100%");
                    }
                    rejectUnknown(spec);
                    yield new StallPolicy((int) rounds, t, p, onStall);
                }
                case "growth" -> {
                    double percent = percent(spec, "growth", required(spec, "a percentage, e.g. growth=10%"));
                    Decision onGrowth = ending(spec);
                    rejectUnknown(spec);
                    yield new GrowthGuardPolicy(percent, onGrowth);
                }
                default -> throw new IllegalArgumentException("unknown policy '" + name + "' in '" + spec + "' (known: " + FORMS + ")");
            };
        }

        private PrecopyPolicy downtime(String spec) {
            String v = required(spec, "a duration, e.g. downtime=300ms");
            String bandwidth = options.remove("bandwidth");
            long switchover = 0;
            if (bandwidth != null) {
                try {
                    switchover = Sizes.parse(bandwidth);
                } catch (IllegalArgumentException e) {
                    throw bad(spec, "bandwidth=" + bandwidth + " is not bytes per second (examples: 100M, 1G)");
                }
                if (switchover == 0) {
                    throw bad(spec, "bandwidth=" + bandwidth + " must be more than 0");
                }
            }
            int range = v.indexOf("..");
            if (range < 0) {
                Duration target = duration(spec, v);
                rejectUnknown(spec);
                return new DowntimePolicy(target, switchover);
            }
            Duration from = duration(spec, v.substring(0, range));
            Duration to = duration(spec, v.substring(range + 2));
            if (to.compareTo(from) < 0) {
                throw bad(spec, "the downtime target must rise: " + v);
            }
            long steps = count(spec, "steps", 10);
            if (steps < 1) {
                throw bad(spec, "steps=" + steps + " must be at least 1");
            }
            String everyText = options.remove("every");
            Duration every = everyText == null ? Duration.ofSeconds(30) : duration(spec, everyText);
            if (every.isZero()) {
                throw bad(spec, "every=" + everyText + " must be more than 0");
            }
            rejectUnknown(spec);
            return new DowntimeSteppingPolicy(from, to, (int) steps, every, switchover);
        }

        private void noValue(String spec) {
            if (value != null) {
                throw bad(spec, "'" + name + "' takes no value; write " + name + ":NAME=VALUE");
            }
        }

        private String required(String spec, String what) {
            if (value == null || value.isEmpty()) {
                throw bad(spec, "'" + name + "' needs " + what);
            }
            return value;
        }

        /** A bare word :stop or :abort (default stop). */
        private Decision ending(String spec) {
            boolean stop = options.containsKey("stop");
            boolean abort = options.containsKey("abort");
            for (String word : new String[] {"stop", "abort"}) {
                String v = options.get(word);
                if (v != null && !v.isEmpty()) {
                    throw bad(spec, "'" + word + "' takes no value");
                }
            }
            options.remove("stop");
            options.remove("abort");
            if (stop && abort) {
                throw bad(spec, "choose one of :stop and :abort");
            }
            return abort ? Decision.ABORT : Decision.STOP_AND_COPY;
        }

        private long count(String spec, String key, long fallback) {
            String v = options.remove(key);
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

        private long countValue(String spec, String v) {
            try {
                long n = Long.parseLong(v);
                if (n < 0 || n > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw bad(spec, name + "=" + v + " is not a count");
            }
        }

        private Duration duration(String spec, String v) {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                throw bad(spec, e.getMessage());
            }
        }

        private double percent(String spec, String key, String v) {
            String digits = v.endsWith("%") ? v.substring(0, v.length() - 1) : v;
            try {
                double p = Double.parseDouble(digits);
                if (!(p >= 0) || Double.isInfinite(p)) {
                    throw new NumberFormatException();
                }
                return p;
            } catch (NumberFormatException e) {
                throw bad(spec, key + "=" + v + " is not a percentage (example: 10%)");
            }
        }

        private void rejectUnknown(String spec) {
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("unknown policy parameter '" + options.keySet().iterator().next() + "' of '"
                        + name + "' in '" + spec + "'");
            }
        }

        private IllegalArgumentException bad(String spec, String what) {
            return new IllegalArgumentException("policy '" + text + "' in '" + spec + "': " + what);
        }
    }

    private static List<Term> split(String spec) {
        List<Term> terms = new ArrayList<>();
        Term current = null;
        for (String raw : spec.trim().split(",", -1)) {
            String part = raw.trim();
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty term in policy '" + spec + "'");
            }
            String head = part.split("[:=]", 2)[0].toLowerCase(Locale.ROOT);
            if (!TERMS.contains(head) && current != null && COMMA_PARAMETERS.contains(current.name())) {
                // xen:iterations=8,dirty=100: a further parameter of the term before
                addOption(spec, current, part);
                continue;
            }
            if (!TERMS.contains(head)) {
                throw new IllegalArgumentException("unknown policy '" + head + "' in '" + spec + "' (known: " + FORMS + ")");
            }
            String[] colon = part.split(":", -1);
            String first = colon[0];
            int eq = first.indexOf('=');
            String value = eq < 0 ? null : first.substring(eq + 1).trim();
            current = new Term(part, head, value, new LinkedHashMap<>());
            for (int i = 1; i < colon.length; i++) {
                addOption(spec, current, colon[i]);
            }
            terms.add(current);
        }
        return terms;
    }

    private static void addOption(String spec, Term term, String text) {
        String option = text.trim();
        int eq = option.indexOf('=');
        if (eq == 0 || option.isEmpty()) {
            throw new IllegalArgumentException("policy parameter '" + text + "' in '" + spec + "' is not name=value");
        }
        String key = (eq < 0 ? option : option.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        // xen and abort take name=value parameters only; the other terms also words such as :abort
        if (eq < 0 && COMMA_PARAMETERS.contains(term.name())) {
            throw new IllegalArgumentException("policy parameter '" + text + "' in '" + spec + "' is not name=value");
        }
        if (term.options().containsKey(key)) {
            throw new IllegalArgumentException("policy parameter '" + key + "' given twice in '" + spec + "'");
        }
        term.options().put(key, eq < 0 ? "" : option.substring(eq + 1).trim());
    }
}
