package io.livemig.policy;

/** What the precopy policy tells the engine to do next; the codes are Xen's {@code XGS_POLICY_*}. */
public enum Decision {
    /** Abandon the migration: resume the source domain, tidy up, the save fails. */
    ABORT(-1),
    /** Stay in the live precopy phase. */
    CONTINUE_PRECOPY(0),
    /** Suspend the domain and send what is left (the current round is still sent live first). */
    STOP_AND_COPY(1);

    private final int xenCode;

    Decision(int xenCode) {
        this.xenCode = xenCode;
    }

    /**
     * The value of the matching {@code XGS_POLICY_*} constant in xenguest.h.
     *
     * @return -1, 0 or 1
     */
    public int xenCode() {
        return xenCode;
    }

    /**
     * The decision for a Xen {@code XGS_POLICY_*} code.
     *
     * @param code an {@code XGS_POLICY_*} value: -1, 0 or 1
     * @return the matching decision
     * @throws IllegalArgumentException for any other code
     */
    public static Decision ofXenCode(int code) {
        return switch (code) {
            case -1 -> ABORT;
            case 0 -> CONTINUE_PRECOPY;
            case 1 -> STOP_AND_COPY;
            default -> throw new IllegalArgumentException("not an XGS_POLICY_* code: " + code);
        };
    }
}
