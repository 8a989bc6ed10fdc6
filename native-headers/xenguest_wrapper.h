/* jextract input for xenguest_h: libxenguest 4.17 (CPU policy, resume). */
#include <xenctrl.h>
#include <xenguest.h>
