"""kube-apiserver's replicas: main, the options, AddFlags, the server chain."""

from __future__ import annotations

from collections.abc import Callable

from reader.facts.models import Facts
from reader.replicas.differences import CheckResult, default_differences, flag_differences, step_differences, value_differences


def checks(facts: Facts, read: Callable[[str], bytes | None]) -> list[CheckResult]:
    """Each replica of this book against the facts of kube-apiserver's source."""
    from reader.replicas import version
    from reader.replicas.kube_apiserver import main as apiserver_main, server_chain, server_run_options
    from reader.replicas.kube_apiserver.add_flags import command_line
    from reader.replicas.steps import steps_by_function

    options, globals_ = command_line()
    main_steps = steps_by_function(apiserver_main)
    chain_steps = steps_by_function(server_chain)
    cross = read("build/build-image/cross/VERSION")
    go_version = "go" + cross.decode().strip().removeprefix("v").split("-")[0] if cross else None
    served = tuple(server_chain.DEFAULT_ENABLED_VERSIONS)
    registered = tuple(server_chain.REGISTERED_VERSIONS)
    rows = server_run_options.tree(options)  # after AddFlags, which writes flag defaults into the fields (as the facts read them)
    return [
        CheckResult("kube-apiserver/add_flags", "flags: name, type, default, usage, deprecated, hidden, shorthand",
                    len(facts.flags), tuple(flag_differences(globals_.command_line, facts.flags))),
        CheckResult("kube-apiserver/server_run_options", "fields of the options tree and their defaults",
                    len(facts.defaults), tuple(default_differences(rows, facts.defaults, server_run_options.NOT_REPLICATED))),
        CheckResult("kube-apiserver/main", "statements of main, in order", sum(map(len, main_steps.values())),
                    tuple(step_differences(main_steps, facts.steps))),
        CheckResult("kube-apiserver/server_chain", "statements of Run and CreateServerChain, in order", sum(map(len, chain_steps.values())),
                    tuple(step_differences(chain_steps, facts.steps))),
        CheckResult("kube-apiserver/server_chain", "API group versions served by default", len(facts.api_versions),
                    value_differences(", ".join(served), ", ".join(facts.api_versions))),
        CheckResult("kube-apiserver/server_chain", "API group versions registered (what --runtime-config may name)", len(facts.registered_versions),
                    value_differences(", ".join(registered), ", ".join(facts.registered_versions))),
        CheckResult("version", "the release build's Go version (build/build-image/cross/VERSION)", 1,
                    value_differences(version.GO_VERSION, go_version or "no VERSION file")),
    ]  # fmt: skip
