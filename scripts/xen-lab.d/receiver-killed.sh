#!/bin/bash
# Stands in for ssh in `livemig migrate -s receiver-killed.sh DOMAIN localhost` (step
# livemig-migrate-fail-pvh): runs the receiving command here, as xl-capture.sh does, but kills
# the receiver mid-stream. Once 32 MiB of the stream have reached xl migrate-receive, its stream
# reader (libxl-save-helper, which restores the pages) gets SIGKILL; xl migrate-receive sees its
# helper die, destroys the half-made domain and exits, and the sender's next write fails.
shift
fifo=$(mktemp -u /tmp/receiver-killed.XXXXXX)
mkfifo "$fifo"
"$@" < "$fifo" &
receiver=$!
exec 3> "$fifo"
rm -f "$fifo"
head -c 33554432 >&3
pkill -KILL -f libxl-save-helper || echo "receiver-killed.sh: no libxl-save-helper to kill" >&2
exec 3>&-
wait $receiver
