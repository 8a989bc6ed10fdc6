// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;

/**
 * {@snippet lang=c :
 * typedef struct xc_hypercall_buffer xc_hypercall_buffer_t
 * }
 */
public class xc_hypercall_buffer_t extends xc_hypercall_buffer {

    xc_hypercall_buffer_t() {
        // Should not be called directly
    }
}
