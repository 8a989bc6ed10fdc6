/* jextract input for xentoollog_h: libxentoollog, and the C library's stderr. */
#include <stdio.h>
#include <xentoollog.h>
