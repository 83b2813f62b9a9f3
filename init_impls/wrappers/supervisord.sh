#!/bin/sh
# supervisord as a container's PID 1 (nodaemon), the workload its one
# program:
#
#   supervisord.sh /usr/bin/supervisord STOPWAITSECS WORKLOAD...
#
# The configuration is on the run's private tmpfs. The program starts at
# once and is not restarted (autorestart=false, startsecs=0). At stop
# supervisord sends the program SIGTERM (its stopsignal), waits up to
# stopwaitsecs, then SIGKILLs it, and exits; stopasgroup and killasgroup
# stay at their default (false): only the program's own process is signalled.
set -eu
supervisord=$1 stopwaitsecs=$2
shift 2
. "${0%/*}/workload_script.sh"
private_run
write_exec_script /run/workload '' "$@"
cat >/run/supervisord.conf <<CONF
[supervisord]
nodaemon=true
logfile=/dev/null
logfile_maxbytes=0
pidfile=/run/supervisord.pid
user=root

[program:workload]
command=/run/workload
autorestart=false
startsecs=0
stopwaitsecs=$stopwaitsecs
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
stderr_logfile=/dev/stderr
stderr_logfile_maxbytes=0
CONF
exec "$supervisord" -c /run/supervisord.conf
