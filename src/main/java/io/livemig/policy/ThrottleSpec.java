package io.livemig.policy;

import io.livemig.util.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * Throttle strategies written as text, for the command line's {@code --auto-converge[=SETTINGS]}:
 * <ul>
 *   <li>empty, or any of {@code initial=20%,step=10%,max=99%,trigger=50%}: QEMU's auto-converge
 *       ({@link AutoConverge}; what is not given is QEMU's default);</li>
 *   <li>{@code target=300ms[,max=99%]}: just enough throttle for the measured dirty rate to fit
 *       the downtime target at the measured bandwidth ({@link TargetThrottle}).</li>
 * </ul>
 * Strategies may keep state: parse once per save.
 */
public final class ThrottleSpec {
    private ThrottleSpec() {
    }

    /**
     * Parses a throttle spec.
     *
     * @param settings the text after {@code --auto-converge=}, empty for QEMU's defaults
     * @return a new strategy, for one save: an {@link AutoConverge} or a {@link TargetThrottle}
     * @throws IllegalArgumentException with a one-line message naming the part that is wrong
     */
    public static ThrottleStrategy parse(String settings) {
        String s = settings.strip();
        if (!s.toLowerCase(Locale.ROOT).matches("(.*,)?\\s*target\\s*=.*")) {
            return AutoConverge.parse(settings);
        }
        Duration target = null;
        int max = ThrottleStrategy.MAX_PERCENT;
        boolean maxSeen = false;
        for (String part : s.split(",", -1)) {
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            switch (name) {
                case "target" -> {
                    if (target != null) {
                        throw new IllegalArgumentException("auto-converge setting 'target' given twice");
                    }
                    target = Durations.parse(value);
                }
                case "max" -> {
                    if (maxSeen) {
                        throw new IllegalArgumentException("auto-converge setting 'max' given twice");
                    }
                    maxSeen = true;
                    max = AutoConverge.percent("max", value);
                }
                case "initial", "step", "trigger" -> throw new IllegalArgumentException("auto-converge " + name
                        + "=: the target form throttles in one step; initial, step and trigger belong to QEMU's staircase");
                default -> throw new IllegalArgumentException("auto-converge setting '" + part.strip()
                        + "': the target form takes target=DURATION and max=N%");
            }
        }
        return new TargetThrottle(target, max);
    }
}
