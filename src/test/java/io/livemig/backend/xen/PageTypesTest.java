package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.stream.PageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** XEN_DOMCTL_PFINFO_* values, as xc_get_pfn_type_batch returns them, to the stream's page types. */
class PageTypesTest {

    @ParameterizedTest(name = "PFINFO {0} -> stream type {1}, data {2}")
    @CsvSource({
            "0x00000000, 0x0, true",   // NOTAB: an ordinary page
            "0x10000000, 0x1, true",   // L1TAB
            "0x40000000, 0x4, true",   // L4TAB
            "0x90000000, 0x9, true",   // L1TAB | LPINTAB
            "0xC0000000, 0xC, true",   // L4TAB | LPINTAB
            "0xD0000000, 0xD, false",  // BROKEN
            "0xE0000000, 0xE, false",  // XALLOC
            "0xF0000000, 0xF, false",  // XTAB: no page there
    })
    void knownTypesTranslate(String pfinfo, String type, boolean data) {
        long value = Long.decode(pfinfo);
        int expected = Integer.decode(type);
        assertTrue(PageTypes.isKnown(value));
        assertEquals(expected, PageTypes.streamType(value));
        assertEquals(data, PageType.carriesData(PageTypes.streamType(value)));
    }

    @ParameterizedTest(name = "PFINFO {0} is refused")
    @CsvSource({"0x50000000", "0x60000000", "0x70000000", "0x80000000", "0x00000001", "0x10000fff", "0xF0000001"})
    void unknownTypesAreRefusedAsXenDoes(String pfinfo) {
        assertFalse(PageTypes.isKnown(Long.decode(pfinfo)));
    }

    @Test
    void onlyTheLow32BitsCountAsInXen() {
        // is_known_page_type takes a uint32_t: bits above 31 of the xen_pfn_t are not looked at
        assertTrue(PageTypes.isKnown(0x1_F000_0000L));
        assertEquals(PageType.XTAB, PageTypes.streamType(0x1_F000_0000L));
    }
}
