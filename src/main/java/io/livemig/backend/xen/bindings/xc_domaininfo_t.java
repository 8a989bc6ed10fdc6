// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;

/**
 * {@snippet lang=c :
 * typedef xen_domctl_getdomaininfo_t xc_domaininfo_t
 * }
 */
public class xc_domaininfo_t extends xen_domctl_getdomaininfo_t {

    xc_domaininfo_t() {
        // Should not be called directly
    }
}
