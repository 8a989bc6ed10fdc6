// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;

/**
 * {@snippet lang=c :
 * typedef struct xc_cpupoolinfo xc_cpupoolinfo_t
 * }
 */
public class xc_cpupoolinfo_t extends xc_cpupoolinfo {

    xc_cpupoolinfo_t() {
        // Should not be called directly
    }
}
