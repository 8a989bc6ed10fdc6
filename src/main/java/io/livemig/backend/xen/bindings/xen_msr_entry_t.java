// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;

/**
 * {@snippet lang=c :
 * typedef struct xen_msr_entry xen_msr_entry_t
 * }
 */
public class xen_msr_entry_t extends xen_msr_entry {

    xen_msr_entry_t() {
        // Should not be called directly
    }
}
