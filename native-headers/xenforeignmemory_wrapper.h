/* jextract input for xenforeignmemory_h: libxenforeignmemory, and PROT_READ from sys/mman.h. */
#include <sys/mman.h>
#include <xenforeignmemory.h>
