// Where private temporary directories go.
#pragma once

#include <string>

namespace initcheck {

// A mkdtemp(3) template "<base>/<prefix>XXXXXX". base is $TMPDIR when it is
// set and short enough for the unix socket paths placed inside (sun_path
// holds 108 bytes); otherwise /tmp when it is a tmpfs, else /dev/shm when that
// is a tmpfs this process may create in with 32 MB free, else /tmp.
//
// Why a tmpfs first: a run directory lives about a second and holds six
// inodes (directory, scenario, FIFO, socket, start time, init log), so `check`
// creates and deletes some hundreds a second. On a disk file system each costs
// an inode allocation and, on ext4 without a journal (this project's CI
// machines), a scan past every inode deleted in the last five seconds
// (ext4's recently_deleted): 14% of a run's CPU in check_bench's profile,
// growing with the rate. Debian and Ubuntu keep /tmp on disk by default.
std::string TempDirTemplate(const std::string& prefix);

// The base TempDirTemplate uses, given $TMPDIR (null when unset): exposed for
// tests.
std::string TempDirBase(const char* tmpdir_env);

}  // namespace initcheck
