package io.livemig.stream;

/** The guest type of the domain header. */
public enum DomainType {
    X86_PV(StreamFormat.DHDR_TYPE_X86_PV),
    X86_HVM(StreamFormat.DHDR_TYPE_X86_HVM);

    private final int code;

    DomainType(int code) {
        this.code = code;
    }

    /** The domain header's {@code type} field. */
    public int code() {
        return code;
    }

    /** The type for a domain header code, or null when the code is none of Xen's. */
    public static DomainType ofCode(int code) {
        for (DomainType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
