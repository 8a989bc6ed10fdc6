package io.livemig.backend.xen;

import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.stream.PageType;

/**
 * The hypervisor's page types (XEN_DOMCTL_PFINFO_*, what xc_get_pfn_type_batch returns) and the
 * stream's 4-bit page types: the stream type is the PFINFO value shifted right by 28.
 */
final class PageTypes {
    private static final int SHIFT = xenctrl_h.XEN_DOMCTL_PFINFO_LTAB_SHIFT();
    private static final int TYPE_MASK = xenctrl_h.XEN_DOMCTL_PFINFO_LTAB_MASK();

    private PageTypes() {
    }

    /**
     * True for the values Xen's save accepts (is_known_page_type in xg_sr_common.h, which looks at
     * the low 32 bits): NOTAB, L1..L4 with or without LPINTAB, XTAB, XALLOC, BROKEN.
     */
    static boolean isKnown(long pfinfo) {
        int value = (int) pfinfo;
        return (value & ~TYPE_MASK) == 0 && PageType.isValid(value >>> SHIFT);
    }

    /** The stream page type of a known PFINFO value. */
    static int streamType(long pfinfo) {
        return ((int) pfinfo >>> SHIFT) & 0xF;
    }
}
