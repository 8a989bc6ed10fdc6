#!/bin/busybox sh
# /init of the lab's domU initramfs (busybox-static + guest-writer), the same for PVH and PV.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
echo "livemig guest: kernel $(uname -r), $(grep MemTotal /proc/meminfo)"
# The writer is a child, not PID 1: a crash of it is reported instead of panicking the guest.
/bin/guest-writer 16
echo "LIVEMIG GUEST writer exited rc=$?"
while true; do sleep 3600; done
