package io.livemig.stream;

/** The guest type of the domain header ({@link DomainHeaderDescriptor}). */
public enum DomainType {
    /** An x86 paravirtualised guest, code 1. */
    X86_PV(1, "x86 PV"),
    /** An x86 hardware-virtualised guest, code 2. */
    X86_HVM(2, "x86 HVM");

    /**
     * Codes the first revision of the specification named and Xen's commit 279521aed9 ("Drop
     * unimplemented domain types") took back; no Xen tool writes them.
     */
    private static final int DROPPED_X86_PVH = 3;
    private static final int DROPPED_ARM = 4;

    private final int code;
    private final String displayName;

    DomainType(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    /**
     * The domain header's {@code type} field.
     *
     * @return the type's code
     */
    public int code() {
        return code;
    }

    /**
     * "x86 PV", "x86 HVM".
     *
     * @return the type's name for messages
     */
    public String displayName() {
        return displayName;
    }

    /**
     * The type for a domain header code, or null when the code is none of Xen's.
     *
     * @param code the domain header's {@code type} field
     * @return the type, or null for any code other than 1 and 2
     */
    public static DomainType ofCode(int code) {
        for (DomainType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /**
     * A name for any code: the type's, one the specification once gave it, or "reserved".
     *
     * @param code the domain header's {@code type} field
     * @return the name, never null
     */
    public static String nameOf(int code) {
        DomainType t = ofCode(code);
        if (t != null) {
            return t.displayName;
        }
        return switch (code) {
            case DROPPED_X86_PVH -> "x86 PVH";
            case DROPPED_ARM -> "ARM";
            default -> "reserved";
        };
    }
}
