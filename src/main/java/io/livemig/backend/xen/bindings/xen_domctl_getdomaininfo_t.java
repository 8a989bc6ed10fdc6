// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;

/**
 * {@snippet lang=c :
 * typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t
 * }
 */
public class xen_domctl_getdomaininfo_t extends xen_domctl_getdomaininfo {

    xen_domctl_getdomaininfo_t() {
        // Should not be called directly
    }
}
