#!/bin/sh
# s6-svscan as a container's PID 1, the workload its one supervised service
# (what s6-overlay sets up, without the overlay's own stage scripts):
#
#   s6_svscan.sh /usr/bin/s6-svscan WORKLOAD...
#
# The scan directory is /run/service on the run's private tmpfs. The service
# runs once: its run script tells its s6-supervise "once at most" (s6-svc
# -O) before it execs the workload, so a workload that exits is not
# restarted. At stop s6-svscan has its default SIGTERM action (no
# .s6-svscan/SIGTERM script): SIGTERM and SIGCONT to every service through
# its s6-supervise, then it exits once they are gone.
set -eu
svscan=$1
shift
. "${0%/*}/workload_script.sh"
private_run
write_service 's6-svc -O .' "$@"
exec "$svscan" /run/service
