"""STATIC: the linkopts of the programs initcheck starts for every run."""

# Static, since each is started once a run (or once a process) and a dynamic
# start-up costs more CPU than the program's work; but AddressSanitizer
# refuses static linking (AsanDoesNotSupportStaticLinkage), so the
# --config=fuzz build links them dynamically.
STATIC = select({
    "//fuzz:fuzzing": [],
    "//conditions:default": ["-static"],
})
