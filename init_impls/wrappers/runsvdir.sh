#!/bin/sh
# runit's runsvdir as a container's PID 1 (the phusion/baseimage shape,
# without its Python my_init), the workload its one service:
#
#   runsvdir.sh /usr/bin/runsvdir WORKLOAD...
#
# The service directory is /run/service on the run's private tmpfs; -P puts
# each runsv in a session of its own, as images do. The service runs once:
# its run script tells its runsv "once" (sv once) before it execs the
# workload. At stop runsvdir sends SIGTERM to every runsv, which passes
# SIGTERM and SIGCONT to its service, and runsvdir exits.
set -eu
runsvdir=$1
shift
. "${0%/*}/workload_script.sh"
private_run
write_service 'sv once "$PWD" >/dev/null' "$@"
exec "$runsvdir" -P /run/service
