package io.livemig.stream;

/**
 * Page types of a PAGE_DATA entry ({@link PageDataDescriptor}; XEN_DOMCTL_PFINFO_* shifted right by 28).
 */
public final class PageType {
    private PageType() {
    }

    /** Not a page table. */
    public static final int NOTAB = 0x0;
    /** An L1 page table. */
    public static final int L1TAB = 0x1;
    /** An L2 page table. */
    public static final int L2TAB = 0x2;
    /** An L3 page table. */
    public static final int L3TAB = 0x3;
    /** An L4 page table. */
    public static final int L4TAB = 0x4;
    /** Bit 3 set on L1..L4: the table is pinned. */
    public static final int LPINTAB = 0x8;
    /** A pinned L1 page table. */
    public static final int L1TAB_PINNED = LPINTAB | L1TAB;
    /** A pinned L4 page table. */
    public static final int L4TAB_PINNED = LPINTAB | L4TAB;
    /** A broken page (XEN_DOMCTL_PFINFO_BROKEN); no data follows. */
    public static final int BROKEN = 0xD;
    /** An allocate-only page (XEN_DOMCTL_PFINFO_XALLOC); no data follows. */
    public static final int XALLOC = 0xE;
    /** An invalid page (XEN_DOMCTL_PFINFO_XTAB); no data follows. */
    public static final int XTAB = 0xF;

    /**
     * False for 5..8 (between L4TAB and the pinned tables: invalid in a stream) and outside the 4-bit field.
     *
     * @param type the page type
     * @return whether the type may appear in a PAGE_DATA entry
     */
    public static boolean isValid(int type) {
        return type >= NOTAB && type <= XTAB && !(type > L4TAB && type <= LPINTAB);
    }

    /**
     * True when a page of data follows in the record for an entry of this type.
     *
     * @param type the page type
     * @return false for BROKEN, XALLOC and XTAB, true for every other value
     */
    public static boolean carriesData(int type) {
        return type != BROKEN && type != XALLOC && type != XTAB;
    }

    /**
     * True for L1TAB..L4TAB with the pinned bit.
     *
     * @param type the page type
     * @return whether the type is 9..12
     */
    public static boolean isPinnedTable(int type) {
        return type > LPINTAB && type <= (LPINTAB | L4TAB);
    }

    /**
     * The name of a page type, for messages.
     *
     * @param type the page type
     * @return the constant's name, {@code L1TAB|PIN} and so on for a pinned table, or
     *         {@code INVALID(n)} for any other value
     */
    public static String name(int type) {
        if (isPinnedTable(type)) {
            return name(type & ~LPINTAB) + "|PIN";
        }
        return switch (type) {
            case NOTAB -> "NOTAB";
            case L1TAB -> "L1TAB";
            case L2TAB -> "L2TAB";
            case L3TAB -> "L3TAB";
            case L4TAB -> "L4TAB";
            case BROKEN -> "BROKEN";
            case XALLOC -> "XALLOC";
            case XTAB -> "XTAB";
            default -> "INVALID(" + type + ")";
        };
    }
}
