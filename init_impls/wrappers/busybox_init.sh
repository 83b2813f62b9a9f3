#!/bin/sh
# busybox init as a container's PID 1, the workload an inittab "once" entry:
#
#   busybox_init.sh /usr/bin/busybox WORKLOAD...
#
# busybox init reads /etc/inittab: the wrapper lays a writable overlay over
# /etc in the run's private mount namespace (the machine's /etc is not
# touched) and writes an inittab of one line there. At stop (SIGTERM)
# busybox init runs its shutdown: SIGTERM to every process, a 1 s sleep,
# SIGKILL to every process, then reboot(2), which in a PID namespace ends
# PID 1 (by SIGHUP).
set -eu
busybox=$1
shift
. "${0%/*}/workload_script.sh"
private_run
mkdir /run/etc /run/etc.work
mount -t overlay overlay -o lowerdir=/etc,upperdir=/run/etc,workdir=/run/etc.work /etc
write_exec_script /run/workload '' "$@"
echo '::once:/run/workload' >/etc/inittab
exec "$busybox" init
