"""kube-scheduler v1.9.9: main, its cobra command and its options, replicated."""

from __future__ import annotations

from collections.abc import Callable

from reader.facts.models import Facts
from reader.replicas.differences import CheckResult, flag_differences, step_differences


def checks(facts: Facts, read: Callable[[str], bytes | None]) -> list[CheckResult]:
    """This book's replicas against the facts of kube-scheduler's source: the flags cobra parses
    (the command's, with --help and pflag.CommandLine merged in, as Execute leaves them) and the
    statements of the functions the replicas mirror step by step."""
    from reader.replicas.component_flags import word_sep_normalize
    from reader.replicas.kube_scheduler import main, options
    from reader.replicas.steps import steps_by_function

    linked = main.package_level_flags()
    command = main.new_scheduler_command(linked)
    linked.command_line.set_normalize_func(word_sep_normalize)
    linked.command_line.add_go_flag_set(linked.go_flags)
    command.init_help_flag()
    command.merge_persistent_flags()
    stepped = {s.function for s in facts.steps}  # the book's step functions (the replicas mirror a few more)
    mirrored = {f: texts for f, texts in steps_by_function(main, options).items() if f in stepped}
    return [
        CheckResult("kube-scheduler/main", "flags: name, type, default, usage, deprecated, hidden, shorthand",
                    len(facts.flags), tuple(flag_differences(command.flags(), facts.flags))),
        CheckResult("kube-scheduler/main", "statements of the book's step functions the replicas mirror (main, NewSchedulerCommand, …), in order",
                    sum(map(len, mirrored.values())), tuple(step_differences(mirrored, facts.steps))),
    ]  # fmt: skip
