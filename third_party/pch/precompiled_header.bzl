"""precompiled_header: one header compiled once, for many files to load instead of parsing it.

A fresh clone's `bazel test //...` is bound by its compile (README "The two
commands"), and most files spent a second or more parsing the same headers:
the standard library, fmt, GoogleTest, nlohmann-json. This rule compiles them
once, with the command line Bazel gives a file of a cc_library or cc_test in
the same configuration (toolchain, --copt, --cxxopt, -c mode, -fPIC, plus the
`copts` given here), since a compiler loads a precompiled header only into a
compile with the options it was built with. cc.bzl makes targets load it.

Outputs, both in the bin directory: NAME.h, the header, and beside it
NAME.h.pch, which clang's driver loads (as -include-pch) when -include names
NAME.h. clang only, outside -c opt (cc.bzl says why); elsewhere nothing.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")

def _precompiled_header_impl(ctx):
    cc_toolchain = find_cpp_toolchain(ctx)
    if cc_toolchain.compiler != "clang" or ctx.var["COMPILATION_MODE"] == "opt":
        return [CcInfo()]  # nothing loads it there (cc.bzl)
    features = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )
    header = ctx.actions.declare_file(ctx.label.name + ".h")
    ctx.actions.run_shell(
        command = 'cat "$@" > "%s"' % header.path,
        arguments = [h.path for h in ctx.files.hdrs],
        inputs = ctx.files.hdrs,
        outputs = [header],
        mnemonic = "ConcatenateHeaders",
    )
    compiled = ctx.actions.declare_file(header.basename + ".pch")
    variables = cc_common.create_compile_variables(
        cc_toolchain = cc_toolchain,
        feature_configuration = features,
        # From stdin (see below).
        source_file = "-",
        output_file = compiled.path,
        user_compile_flags = ctx.fragments.cpp.copts + ctx.fragments.cpp.cxxopts + ctx.attr.copts + [
            "-x",
            "c++-header",
            # The header's pending templates (gtest's printers, json's
            # parser) instantiated once here rather than in every file.
            "-fpch-instantiate-templates",
            # No modification time, which clang would otherwise compare with
            # the header's each compile sees (a checkout's time, not its
            # content).
            "-Xclang",
            "-fno-pch-timestamp",
        ],
        # Files are compiled position-independent outside -c opt (tests link
        # dynamically, and the binaries reuse those objects), and the two
        # must agree on it.
        use_pic = True,
    )
    action = ACTION_NAMES.cpp_compile

    # clang reads the header from stdin: it records the file it compiles by
    # absolute path, here this action's sandbox, which is gone when another
    # compile (in another sandbox) loads the result and would then fail to
    # find it, or list a path outside its own in its dependency file.
    ctx.actions.run_shell(
        command = 'exec "$@" < "%s"' % header.path,
        arguments = [cc_common.get_tool_for_action(feature_configuration = features, action_name = action)] +
                    cc_common.get_memory_inefficient_command_line(
                        feature_configuration = features,
                        action_name = action,
                        variables = variables,
                    ),
        env = cc_common.get_environment_variables(
            feature_configuration = features,
            action_name = action,
            variables = variables,
        ),
        inputs = depset([header], transitive = [cc_toolchain.all_files]),
        outputs = [compiled],
        mnemonic = "CppPrecompileHeader",
        progress_message = "Precompiling %s" % header.short_path,
    )
    return [
        DefaultInfo(files = depset([header, compiled])),
        CcInfo(compilation_context = cc_common.create_compilation_context(
            headers = depset([header, compiled]),
        )),
    ]

precompiled_header = rule(
    implementation = _precompiled_header_impl,
    attrs = {
        # Concatenated, in this order. Only headers found on the system's
        # include path: a project header, found relative to this action's
        # sandbox, would be recorded by that absolute path too (see above).
        "hdrs": attr.label_list(allow_files = [".h"], mandatory = True),
        # The copts of the targets that load it (cc.bzl), which the
        # compilers require to match.
        "copts": attr.string_list(),
        "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
    },
    fragments = ["cpp"],
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    incompatible_use_toolchain_transition = True,
)
