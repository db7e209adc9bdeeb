"""The kube-controller-manager book's replicas: its options, its flags, and main up to where it needs a cluster."""

from __future__ import annotations

from collections.abc import Callable

from reader.facts.models import Facts
from reader.replicas.differences import CheckResult, default_differences, flag_differences, step_differences, value_differences


def checks(facts: Facts, read: Callable[[str], bytes | None]) -> list[CheckResult]:
    """This book's replicas against the facts of kube-controller-manager's source."""
    from reader.replicas.kube_apiserver.server_run_options import tree
    from reader.replicas.kube_controller_manager import add_flags, app, main
    from reader.replicas.steps import steps_by_function

    options, linked = add_flags.command_line()
    mirrored = steps_by_function(main, app)
    table = ", ".join(f"{name}{'' if name not in app.CONTROLLERS_DISABLED_BY_DEFAULT else ' (off)'}" for name in app.new_controller_initializers())
    facts_table = ", ".join(f"{c.name}{'' if c.enabled_by_default else ' (off)'}" for c in facts.controllers)
    return [
        CheckResult("kube-controller-manager/add_flags", "flags: name, type, default, usage, deprecated, hidden, shorthand",
                    len(facts.flags), tuple(flag_differences(linked.command_line, facts.flags))),
        CheckResult("kube-controller-manager/options", "fields of the options tree and their defaults (after AddFlags)",
                    len(facts.defaults), tuple(default_differences(tree(options), facts.defaults, {}))),
        CheckResult("kube-controller-manager/main", "statements of main and Run, in order",
                    sum(map(len, mirrored.values())), tuple(step_differences(mirrored, facts.steps))),
        CheckResult("kube-controller-manager/main", "the controller table: names, in order, and which are off by default",
                    len(facts.controllers), value_differences(table, facts_table)),
    ]  # fmt: skip
