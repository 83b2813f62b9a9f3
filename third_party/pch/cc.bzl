"""cc_library, cc_binary, cc_test: Bazel's, each file compiled against a precompiled header.

Loaded in place of the native rules (`load("//third_party/pch:cc.bzl",
"cc_library")`), so a BUILD file reads as it would without them. Each takes
one more argument, `pch`: the precompiled_header its files are compiled
against, by default LIBRARY_HEADERS (TEST_HEADERS for a cc_test), or None for
none. A precompiled header is only loaded by a compile with the options it was
built with, so a target that sets copts passes the precompiled_header built
with the same copts (TIMED_PATH_PCH for TIMED_PATH_COPTS), or None: clang
refuses the mismatch.

Only under clang, and not in an optimised build (-c opt). gcc's precompiled
headers would do (a copy of the header beside its .gch), but gcc names no
precompiled header in the dependency file it writes, which is all Bazel then
knows a compile read: a changed precompiled header would not recompile the
files built against it. clang names it when told to (-module-file-deps). And
in -c opt a binary's files are compiled without -fPIC and a test's library
with it, where one precompiled header can serve only one of the two; -c opt
builds are the benchmarks and releases, not the suite.
"""

LIBRARY_HEADERS = Label("//third_party/pch:library_headers")
TEST_HEADERS = Label("//third_party/pch:test_headers")
CLI_HEADERS = Label("//third_party/pch:cli_headers")

def _with_pch(pch, deps, copts):
    """deps and copts that make the compiler load pch."""
    if pch == None:
        return deps, copts
    if type(pch) != "Label":
        fail("pch: a Label, such as cc.bzl's LIBRARY_HEADERS, not %r" % (pch,))

    # From the execution root: clang's driver loads NAME.h.pch, beside it,
    # when -include names NAME.h. workspace_root is "external/initcheck" when
    # initcheck is another workspace's dependency.
    header = "/".join([p for p in ["$(BINDIR)", pch.workspace_root, pch.package, pch.name + ".h"] if p])
    loads = [str(Label("//third_party/pch:clang_" + mode)) for mode in ["fastbuild", "dbg"]]
    return (
        deps + select(dict([(c, [str(pch)]) for c in loads] + [("//conditions:default", [])])),
        copts + select(dict(
            [(c, ["-include", header, "-Xclang", "-module-file-deps"]) for c in loads] +
            [("//conditions:default", [])],
        )),
    )

def cc_library(name, pch = LIBRARY_HEADERS, deps = [], copts = [], **kwargs):
    deps, copts = _with_pch(pch, deps, copts)
    native.cc_library(name = name, deps = deps, copts = copts, **kwargs)

def cc_binary(name, pch = LIBRARY_HEADERS, deps = [], copts = [], **kwargs):
    deps, copts = _with_pch(pch, deps, copts)
    native.cc_binary(name = name, deps = deps, copts = copts, **kwargs)

def cc_test(name, pch = TEST_HEADERS, deps = [], copts = [], **kwargs):
    deps, copts = _with_pch(pch, deps, copts)
    native.cc_test(name = name, deps = deps, copts = copts, **kwargs)
