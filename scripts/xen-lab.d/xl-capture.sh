#!/bin/sh
# Stands in for ssh in `xl migrate -s xl-capture.sh DOMAIN localhost`: xl runs
# "xl-capture.sh localhost xl migrate-receive ..." and talks to it over its stdin and stdout.
# The receiver runs here, and what the sender sends (xl header, libxl stream, then xl's
# "cleared to unpause" message) is kept on the way in $XL_CAPTURE_TO (default /tmp/captured.xl).
shift
tee "${XL_CAPTURE_TO:-/tmp/captured.xl}" | "$@"
