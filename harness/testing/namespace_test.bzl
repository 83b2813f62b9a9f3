"""namespace_test: a cc_test that runs inits in real PID namespaces."""

load("//third_party/pch:cc.bzl", "cc_test")

def namespace_test(name, tags = [], **kwargs):
    """A cc_test judged by the kernel's process events connector.

    Subscribing to the connector needs CAP_NET_ADMIN in the initial PID and
    user namespace. Inside Bazel's linux-sandbox (its own PID namespace) the
    subscription succeeds and then delivers nothing, so the test is tagged
    "no-sandbox"; it also needs root (CI runs as root). Every such test
    asserts that the connector judged (harness/testing/namespace_run.h), so a
    lost tag fails instead of silently falling back to ptrace.

    Makes one target, `name`: the cc_test with every other argument as given.
    """
    cc_test(
        name = name,
        tags = tags + ["no-sandbox"],
        **kwargs
    )
