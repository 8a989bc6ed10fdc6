/* jextract input for xenstore_h: libxenstore, and free() for the strings it returns. */
#include <stdlib.h>
#include <xenstore.h>
