/* jextract input for xenctrl_h: libxenctrl 4.17 and the hypervisor interface headers it includes. */
#include <xenctrl.h>
#include <xen/hvm/params.h>
#include "xc_get_pfn_type_batch.h"
