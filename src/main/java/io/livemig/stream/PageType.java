package io.livemig.stream;

/**
 * Page types of a PAGE_DATA entry ({@link PageDataDescriptor}; XEN_DOMCTL_PFINFO_* shifted right by 28).
 */
public final class PageType {
    private PageType() {
    }

    public static final int NOTAB = 0x0;
    public static final int L1TAB = 0x1;
    public static final int L2TAB = 0x2;
    public static final int L3TAB = 0x3;
    public static final int L4TAB = 0x4;
    /** Bit 3 set on L1..L4: the table is pinned. */
    public static final int LPINTAB = 0x8;
    public static final int L1TAB_PINNED = LPINTAB | L1TAB;
    public static final int L4TAB_PINNED = LPINTAB | L4TAB;
    public static final int BROKEN = 0xD;
    public static final int XALLOC = 0xE;
    public static final int XTAB = 0xF;

    /** False for 5..8 (between L4TAB and the pinned tables: invalid in a stream) and outside the 4-bit field. */
    public static boolean isValid(int type) {
        return type >= NOTAB && type <= XTAB && !(type > L4TAB && type <= LPINTAB);
    }

    /** True when a page of data follows in the record for an entry of this type. */
    public static boolean carriesData(int type) {
        return type != BROKEN && type != XALLOC && type != XTAB;
    }

    /** True for L1TAB..L4TAB with the pinned bit. */
    public static boolean isPinnedTable(int type) {
        return type > LPINTAB && type <= (LPINTAB | L4TAB);
    }

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
