/*
 * xc_get_pfn_type_batch: exported by libxenctrl.so.4.17 but declared only in Xen's private
 * tools/libs/ctrl/xc_private.h, which libxen-dev does not install. The prototype below is copied
 * from Xen 4.17's xc_private.h (implementation in tools/libs/ctrl/xc_private.c: a
 * XEN_DOMCTL_getpageframeinfo3 domctl; at most 1024 frames; frame numbers in, XEN_DOMCTL_PFINFO_*
 * types out, in place).
 */
#ifndef LIVEMIG_XC_GET_PFN_TYPE_BATCH_H
#define LIVEMIG_XC_GET_PFN_TYPE_BATCH_H

#include <xenctrl.h>

int xc_get_pfn_type_batch(xc_interface *xch, uint32_t dom,
                          unsigned int num, xen_pfn_t *arr);

#endif
