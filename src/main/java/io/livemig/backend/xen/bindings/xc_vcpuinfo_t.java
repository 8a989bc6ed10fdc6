// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;

import java.lang.invoke.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

import static java.lang.foreign.ValueLayout.*;
import static java.lang.foreign.MemoryLayout.PathElement.*;

/**
 * {@snippet lang=c :
 * typedef struct xen_domctl_getvcpuinfo xc_vcpuinfo_t
 * }
 */
public class xc_vcpuinfo_t extends xen_domctl_getvcpuinfo {

    xc_vcpuinfo_t() {
        // Should not be called directly
    }
}
