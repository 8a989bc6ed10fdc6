package io.livemig.engine;

import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.ThrottleStrategy;
import io.livemig.stream.StreamFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to save: live or not, the precopy policy and the throttle strategy beside it, the batch
 * size, the stream framing, listeners, a bandwidth limit, live control and the clock. Immutable; build with {@link #builder()}.
 */
public final class SaveOptions {
    private final boolean live;
    private final boolean verify;
    private final PrecopyPolicy policy;
    private final ThrottleStrategy throttle;
    private final int batchSize;
    private final boolean libxlFraming;
    private final List<SaveListener> listeners;
    private final long maxBandwidth;
    private final long maxBandwidthSuspended;
    private final PrecopyControl control;
    private final NanoClock clock;
    private final Duration bandwidthWindow;

    private SaveOptions(Builder b) {
        this.live = b.live;
        this.verify = b.verify;
        this.policy = b.policy;
        this.throttle = b.throttle;
        this.batchSize = b.batchSize;
        this.libxlFraming = b.libxlFraming;
        this.listeners = List.copyOf(b.listeners);
        this.maxBandwidth = b.maxBandwidth;
        this.maxBandwidthSuspended = b.maxBandwidthSuspended;
        this.control = b.control;
        this.clock = b.clock;
        this.bandwidthWindow = b.bandwidthWindow;
    }

    /**
     * A builder with the defaults of {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Live, Xen's default policy, batches of 1024, a raw libxc stream, no listener, no limit, no control.
     *
     * @return the default options
     */
    public static SaveOptions defaults() {
        return builder().build();
    }

    /**
     * Whether precopy rounds run while the guest runs; a non-live save suspends it first.
     *
     * @return true for a live save
     */
    public boolean live() {
        return live;
    }

    /**
     * Xen's debug mode: a verify pass after the final pass (see {@link Builder#verify(boolean)}).
     *
     * @return true when the save ends with a verify pass
     */
    public boolean verify() {
        return verify;
    }

    /**
     * The precopy policy.
     *
     * @return the policy, never null
     */
    public PrecopyPolicy policy() {
        return policy;
    }

    /**
     * The convergence aid beside the policy, or null for none (the guest runs unthrottled unless the operator asks).
     *
     * @return the strategy, or null
     */
    public ThrottleStrategy throttle() {
        return throttle;
    }

    /**
     * Pfns per PAGE_DATA record.
     *
     * @return 1..1024
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Whether the libxc stream is wrapped in the libxl format, as {@code xl migrate} sends it.
     *
     * @return true for the libxl format, false for a raw libxc stream
     */
    public boolean libxlFraming() {
        return libxlFraming;
    }

    /**
     * The listeners, called in this order.
     *
     * @return an unmodifiable list, possibly empty
     */
    public List<SaveListener> listeners() {
        return listeners;
    }

    /**
     * The send loop's maximum while the guest runs (precopy), bytes per second; 0 for none.
     *
     * @return bytes per second, 0 for none
     */
    public long maxBandwidth() {
        return maxBandwidth;
    }

    /**
     * The send loop's maximum while the guest is suspended (its downtime), bytes per second; 0 for none.
     *
     * @return bytes per second, 0 for none
     */
    public long maxBandwidthSuspended() {
        return maxBandwidthSuspended;
    }

    /**
     * The live control of this save, or null.
     *
     * @return the control, or null
     */
    public PrecopyControl control() {
        return control;
    }

    /**
     * The time source for measurements, the policy's elapsed time and the rate limiter.
     *
     * @return {@link NanoClock#SYSTEM} unless another was set
     */
    public NanoClock clock() {
        return clock;
    }

    /**
     * How much recent sending time the window bandwidth covers.
     *
     * @return more than 0; 1 s by default
     */
    public Duration bandwidthWindow() {
        return bandwidthWindow;
    }

    /** Builds {@link SaveOptions}; what is not set keeps the value of {@link SaveOptions#defaults()}. */
    public static final class Builder {
        private boolean live = true;
        private boolean verify;
        private PrecopyPolicy policy = PrecopyPolicy.xenDefault();
        private ThrottleStrategy throttle;
        private int batchSize = StreamFormat.MAX_BATCH_SIZE;
        private boolean libxlFraming;
        private final List<SaveListener> listeners = new ArrayList<>();
        private long maxBandwidth;
        private long maxBandwidthSuspended;
        private PrecopyControl control;
        private NanoClock clock = NanoClock.SYSTEM;
        private Duration bandwidthWindow = Duration.ofSeconds(1);

        private Builder() {
        }

        /**
         * False: suspend first and send every page once, without consulting the policy.
         *
         * @param live whether precopy rounds run while the guest runs (default true)
         * @return this builder
         */
        public Builder live(boolean live) {
            this.live = live;
            return this;
        }

        /**
         * Xen's debug mode (XCFLAGS_DEBUG, what {@code xl migrate --debug} asks libxl for): after
         * the final pass of a live save, a VERIFY record and every page once more, still
         * suspended, which the receiver compares with what it restored instead of writing it. It
         * checks the whole migration at the price of sending the guest's memory twice during the
         * downtime. Xen does it after a live save only; a non-live save with it is refused by
         * {@link #build()}.
         *
         * @param verify true for the verify pass (default false)
         * @return this builder
         */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /**
         * The precopy policy; Xen's default ({@link PrecopyPolicy#xenDefault()}) unless set.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(PrecopyPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Throttles the guest's vCPUs while precopy runs as {@code strategy} says (for example
         * {@link io.livemig.policy.AutoConverge}), through the backend's
         * {@link io.livemig.backend.SourceDomain#openCpuThrottle()}; the domain's own setting is
         * put back however the save ends. A live save only: {@link #build()} refuses it otherwise.
         *
         * @param strategy the throttle strategy, for this save only
         * @return this builder
         */
        public Builder throttle(ThrottleStrategy strategy) {
            this.throttle = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Pfns per PAGE_DATA record, 1..1024 (Xen always uses 1024).
         *
         * @param batchSize pfns per record (default 1024)
         * @return this builder
         * @throws IllegalArgumentException outside 1..1024
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > StreamFormat.MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batch size must be 1.." + StreamFormat.MAX_BATCH_SIZE + ", not " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Wrap the libxc stream in the libxl format, as `xl migrate` sends it.
         *
         * @param libxlFraming true for the libxl format (default false: a raw libxc stream)
         * @return this builder
         */
        public Builder libxlFraming(boolean libxlFraming) {
            this.libxlFraming = libxlFraming;
            return this;
        }

        /**
         * Adds a listener; listeners are called in the order added.
         *
         * @param listener the listener to add
         * @return this builder
         */
        public Builder listener(SaveListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Caps the send loop at {@code bytesPerSecond} (a token bucket of a twentieth of a second)
         * while the guest runs: the precopy rounds, which share the link with the neighbours; 0
         * removes the cap. The rounds sent while the guest is suspended are not capped by it (see
         * {@link #maxBandwidthSuspended}). Policies see the limit in {@code PrecopyMetrics.bandwidthLimit()}.
         *
         * @param bytesPerSecond the cap, bytes per second; 0 for none (the default)
         * @return this builder
         * @throws IllegalArgumentException when {@code bytesPerSecond} is negative
         */
        public Builder maxBandwidth(long bytesPerSecond) {
            this.maxBandwidth = checkBandwidth(bytesPerSecond);
            return this;
        }

        /**
         * Caps the rounds sent while the guest is suspended (the final round of a live save, every
         * round of a non-live one) at {@code bytesPerSecond}; 0, the default, sends them as
         * fast as the link allows, since every millisecond there is the guest's downtime.
         *
         * @param bytesPerSecond the cap, bytes per second; 0 for none
         * @return this builder
         * @throws IllegalArgumentException when {@code bytesPerSecond} is negative
         */
        public Builder maxBandwidthSuspended(long bytesPerSecond) {
            this.maxBandwidthSuspended = checkBandwidth(bytesPerSecond);
            return this;
        }

        private static long checkBandwidth(long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("maximum bandwidth must be >= 0 bytes/s (0: none), not " + bytesPerSecond);
            }
            return bytesPerSecond;
        }

        /**
         * Lets another thread force a decision or change the downtime target at the next consultation.
         *
         * @param control the live control, for this save only
         * @return this builder
         */
        public Builder control(PrecopyControl control) {
            this.control = Objects.requireNonNull(control, "control");
            return this;
        }

        /**
         * The time source for measurements, the policy's elapsed time and the rate limiter (tests inject one).
         *
         * @param clock the time source (default {@link NanoClock#SYSTEM})
         * @return this builder
         */
        public Builder clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sending time the window bandwidth covers (default 1 s).
         *
         * @param window the window, more than 0
         * @return this builder
         * @throws IllegalArgumentException when {@code window} is not more than 0
         */
        public Builder bandwidthWindow(Duration window) {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("bandwidth window must be more than 0, not " + window);
            }
            this.bandwidthWindow = window;
            return this;
        }

        /**
         * The options as set.
         *
         * @return immutable options
         * @throws IllegalArgumentException when verify or a throttle strategy is set for a non-live save
         */
        public SaveOptions build() {
            if (verify && !live) {
                throw new IllegalArgumentException("verify applies to a live save: Xen verifies after the final pass of one");
            }
            if (throttle != null && !live) {
                throw new IllegalArgumentException("a throttle strategy applies to a live save: a non-live one suspends the guest first");
            }
            return new SaveOptions(this);
        }
    }
}
