# Sourced by the wrappers: the run's private scratch space, and the
# workload's command line as a script a supervisor can start.
#
# initcheck gives every run its own mount namespace (harness/runner
# namespace_init.cc), so a tmpfs mounted over /run here is the run's alone
# and vanishes with it: nothing is written on the machine, nothing is left.

# private_run: a fresh tmpfs over /run.
private_run() {
  mount -t tmpfs -o mode=0755,size=1m initcheck /run
}

# write_service PRELUDE ARGS...: the supervisor's one service,
# /run/service/workload, whose run script runs PRELUDE (what makes it run
# once) and execs ARGS.
write_service() {
  prelude=$1
  shift
  mkdir -p /run/service/workload
  write_exec_script /run/service/workload/run "$prelude" "$@"
}

# write_exec_script FILE PRELUDE ARGS...: FILE, executable, that runs PRELUDE
# (a line of shell, may be empty) and then execs ARGS, each quoted.
write_exec_script() {
  file=$1 prelude=$2
  shift 2
  {
    echo '#!/bin/sh'
    [ -n "$prelude" ] && echo "$prelude"
    printf 'exec'
    for arg; do
      case $arg in
        *\'*) printf " '%s'" "$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")" ;;
        *) printf " '%s'" "$arg" ;;  # no quote inside: no sed, one process less a word
      esac
    done
    echo
  } >"$file"
  chmod +x "$file"
}
