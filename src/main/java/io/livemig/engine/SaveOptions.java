package io.livemig.engine;

import io.livemig.policy.PrecopyPolicy;
import io.livemig.stream.StreamFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to save: live or not, the precopy policy, the batch size, the stream framing, listeners.
 * Immutable; build with {@link #builder()}.
 */
public final class SaveOptions {
    private final boolean live;
    private final PrecopyPolicy policy;
    private final int batchSize;
    private final boolean libxlFraming;
    private final List<SaveListener> listeners;

    private SaveOptions(Builder b) {
        this.live = b.live;
        this.policy = b.policy;
        this.batchSize = b.batchSize;
        this.libxlFraming = b.libxlFraming;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Live, Xen's default policy, batches of 1024, a raw libxc stream, no listener. */
    public static SaveOptions defaults() {
        return builder().build();
    }

    public boolean live() {
        return live;
    }

    public PrecopyPolicy policy() {
        return policy;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean libxlFraming() {
        return libxlFraming;
    }

    public List<SaveListener> listeners() {
        return listeners;
    }

    public static final class Builder {
        private boolean live = true;
        private PrecopyPolicy policy = PrecopyPolicy.xenDefault();
        private int batchSize = StreamFormat.MAX_BATCH_SIZE;
        private boolean libxlFraming;
        private final List<SaveListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** False: suspend first and send every page once, without consulting the policy. */
        public Builder live(boolean live) {
            this.live = live;
            return this;
        }

        public Builder policy(PrecopyPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Pfns per PAGE_DATA record, 1..1024 (Xen always uses 1024). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > StreamFormat.MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batch size must be 1.." + StreamFormat.MAX_BATCH_SIZE + ", not " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Wrap the libxc stream in the libxl format, as `xl migrate` sends it. */
        public Builder libxlFraming(boolean libxlFraming) {
            this.libxlFraming = libxlFraming;
            return this;
        }

        public Builder listener(SaveListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public SaveOptions build() {
            return new SaveOptions(this);
        }
    }
}
