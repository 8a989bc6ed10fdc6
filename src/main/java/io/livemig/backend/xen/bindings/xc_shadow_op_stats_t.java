// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;

/**
 * {@snippet lang=c :
 * typedef struct xen_domctl_shadow_op_stats xc_shadow_op_stats_t
 * }
 */
public class xc_shadow_op_stats_t extends xen_domctl_shadow_op_stats {

    xc_shadow_op_stats_t() {
        // Should not be called directly
    }
}
