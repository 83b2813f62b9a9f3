"""initcheck_dependencies(): what a repository that uses initcheck declares.

initcheck's own WORKSPACE declares these for itself, but a WORKSPACE is not
read for an external repository, so a user's WORKSPACE calls this instead,
right after it declares initcheck:

    local_repository(name = "initcheck", path = "../initcheck")   # or http_archive
    load("@initcheck//ci:repositories.bzl", "initcheck_dependencies")
    initcheck_dependencies()

It declares the three repositories Bazel 4.2.3 would otherwise download
(DESIGN.md "Bazel offline": rules_cc, rules_java, remote_coverage_tools,
served from initcheck's small shims) and @system, the Debian libraries under
/usr that ci/setup installs. A repository already declared is left alone, so
a user with their own rules_cc keeps it.
"""

def _shim_impl(ctx):
    # The shim's files, wherever initcheck was put (a local checkout or an
    # unpacked archive): linked, not copied, so they stay initcheck's.
    shim = ctx.path(Label("//third_party/%s:WORKSPACE" % ctx.attr.shim)).dirname
    for child in shim.readdir():
        ctx.symlink(child, child.basename)

_shim = repository_rule(
    implementation = _shim_impl,
    attrs = {"shim": attr.string(mandatory = True)},
    local = True,
)

def initcheck_dependencies():
    """Declares rules_cc, rules_java, remote_coverage_tools and system, unless declared."""
    for name in ["rules_cc", "rules_java", "remote_coverage_tools"]:
        if not native.existing_rule(name):
            _shim(name = name, shim = name)
    if not native.existing_rule("system"):
        native.new_local_repository(
            name = "system",
            build_file = str(Label("//third_party/system:BUILD.system")),
            path = "/usr",
        )
