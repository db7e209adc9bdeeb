"""kube-scheduler v1.9.9: main, its cobra command, its options, and the scheduling of pods, replicated."""

from __future__ import annotations

from collections.abc import Callable

from reader.facts.models import Facts
from reader.replicas.differences import CheckResult, flag_differences, step_differences


def checks(facts: Facts, read: Callable[[str], bytes | None]) -> list[CheckResult]:
    """This book's replicas against the facts of kube-scheduler's source: the flags cobra parses
    (the command's, with --help and pflag.CommandLine merged in, as Execute leaves them) and the
    statements of the functions the replicas mirror step by step (scheduleOne, Schedule,
    selectHost… among them); and the schedule replica's predicates and priorities against the
    DefaultProvider package initialisation registers."""
    from reader.replicas.component_flags import word_sep_normalize
    from reader.replicas.kube_scheduler import main, options, schedule
    from reader.replicas.steps import steps_by_function

    linked = main.package_level_flags()
    command = main.new_scheduler_command(linked)
    linked.command_line.set_normalize_func(word_sep_normalize)
    linked.command_line.add_go_flag_set(linked.go_flags)
    command.init_help_flag()
    command.merge_persistent_flags()
    stepped = {s.function for s in facts.steps}  # the book's step functions (the replicas mirror a few more)
    mirrored = {f: texts for f, texts in steps_by_function(main, options).items() if f in stepped}
    scheduling = {f: texts for f, texts in steps_by_function(schedule).items() if f in stepped}
    return [
        CheckResult("kube-scheduler/main", "flags: name, type, default, usage, deprecated, hidden, shorthand",
                    len(facts.flags), tuple(flag_differences(command.flags(), facts.flags))),
        CheckResult("kube-scheduler/main", "statements of the book's step functions the replicas mirror (main, NewSchedulerCommand, …), in order",
                    sum(map(len, mirrored.values())), tuple(step_differences(mirrored, facts.steps))),
        CheckResult("kube-scheduler/schedule", "statements of scheduleOne, schedule, Schedule, findNodesThatFit, PrioritizeNodes, selectHost, assume, bind, in order",
                    sum(map(len, scheduling.values())), tuple(step_differences(scheduling, facts.steps))),
        CheckResult("kube-scheduler/schedule", "the DefaultProvider's predicates and priorities: names, weights, which are mandatory",
                    len(facts.algorithm), tuple(algorithm_differences(schedule, facts))),
    ]  # fmt: skip


def algorithm_differences(schedule, facts: Facts) -> list[str]:
    """The replica's predicate table and priority configs against the provider the facts read."""
    mine = {("predicate", name, None, name in schedule.MANDATORY_PREDICATES) for name in schedule.default_predicates()}
    mine |= {("priority", c.name, c.weight, False) for c in schedule.default_priorities()}
    theirs = {(a.kind, a.name, a.weight, a.mandatory) for a in facts.algorithm}
    describe = lambda row: f"{row[0]} {row[1]}" + (f" weight {row[2]}" if row[2] is not None else "") + (" (mandatory)" if row[3] else "")  # noqa: E731
    return [f"in the replica, not in the Go source: {describe(r)}" for r in sorted(mine - theirs, key=str)] + [
        f"in the Go source, not in the replica: {describe(r)}" for r in sorted(theirs - mine, key=str)]
