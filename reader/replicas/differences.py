"""Where a replica and the facts extracted from the Go source disagree: the differential checks
the tests run (on the real tree and on fixture trees) and the replica pages report.

Each check returns one line per difference; an empty list means the replica matches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from reader.facts.models import DefaultFact, Facts, FlagFact, Step
from reader.index.models import Symbol
from reader.replicas import module_name
from reader.replicas.pflag import FlagSet

# Flags whose Go default is printed from a map, in Go's random iteration order: compared as sets.
UNORDERED_DEFAULTS = frozenset({"cloud-provider-gce-lb-src-cidrs"})


def flag_differences(fs: FlagSet, facts: Iterable[FlagFact]) -> list[str]:
    """Every flag: same name, type, default as printed, usage, deprecation, hidden, shorthand,
    no-option default; none missing on either side."""
    out = []
    known = {f.name: f for f in facts}
    for name in sorted(set(known) - set(fs.formal)):
        out.append(f"--{name}: registered by the Go source, missing from the replica")
    for name in sorted(set(fs.formal) - set(known)):
        out.append(f"--{name}: registered by the replica, not by the Go source")
    for name in sorted(set(known) & set(fs.formal)):
        fact, flag = known[name], fs.formal[name]
        mine = {
            "type": flag.value.type_name, "default": flag.default, "usage": flag.usage,
            "deprecated": flag.deprecated, "hidden": flag.hidden or bool(flag.deprecated),
            "shorthand": flag.shorthand, "no-option default": flag.no_opt_default,
        }  # fmt: skip
        theirs = {
            "type": fact.type, "default": fact.default, "usage": fact.usage, "deprecated": fact.deprecated,
            "hidden": fact.hidden, "shorthand": fact.shorthand, "no-option default": fact.no_opt_default,
        }  # fmt: skip
        if name in UNORDERED_DEFAULTS and fact.default is not None:
            mine["default"], theirs["default"] = sorted(flag.default.split(",")), sorted(fact.default.split(","))
        for key in mine:
            if mine[key] != theirs[key]:
                out.append(f"--{name}: {key} is {mine[key]!r} in the replica, {theirs[key]!r} in the Go source")
    return out


def default_differences(rows: Iterable[tuple[str, str]], facts: Iterable[DefaultFact], not_replicated: dict[str, str]) -> list[str]:
    """Every field of the options tree: same value; fields the replica leaves out must be listed
    (with why) in `not_replicated`, and nothing listed there may be replicated after all."""
    mine = dict(rows)
    out = []
    for fact in facts:
        if fact.path in not_replicated:
            if fact.path in mine:
                out.append(f"{fact.path}: listed as not replicated, but the replica has it")
        elif fact.path not in mine:
            out.append(f"{fact.path}: in the Go source ({fact.value}), missing from the replica")
        elif mine[fact.path] != fact.value:
            out.append(f"{fact.path}: {mine[fact.path]} in the replica, {fact.value} in the Go source")
    known = {f.path for f in facts}
    out.extend(f"{path}: in the replica, not a field in the Go source" for path in mine if path not in known)
    return out


def step_differences(mirrored: dict[str, list[str]], steps: Iterable[Step]) -> list[str]:
    """For each Go function a replica mirrors step by step: the same statements, in the same order."""
    out = []
    by_function: dict[str, list[str]] = {}
    for step in steps:
        by_function.setdefault(step.function, []).append(step.text)
    for function, texts in mirrored.items():
        expected = by_function.get(function, [])
        if texts != expected:
            missing = [t for t in expected if t not in texts]
            extra = [t for t in texts if t not in expected]
            detail = "; ".join([*(f"missing {t!r}" for t in missing), *(f"not in the Go source: {t!r}" for t in extra)]) or "order differs"
            out.append(f"{function}: {detail}")
    return out


def value_differences(mine: str, theirs: str) -> tuple[str, ...]:
    """One value the replica transcribes against the one the facts extract."""
    return () if mine == theirs else (f"{mine} in the replica, {theirs} in the Go source",)


# ---------------------------------------------------------------- every check, for the replica pages


@dataclass(frozen=True)
class CheckResult:
    replica: str  # module name under reader/replicas
    what: str  # what was compared
    compared: int  # how many items
    differences: tuple[str, ...]


def check_all(book: str, facts: Facts, read: Callable[[str], bytes | None]) -> list[CheckResult]:
    """Run each of a book's replicas' differential checks against the book's `facts` (its
    replica package's `checks(facts, read)`); `read` gives a file of the Go tree (None when it
    is missing)."""
    import importlib
    import importlib.util

    if importlib.util.find_spec(module_name(book)) is None:
        return []  # a book without replicas yet
    package = importlib.import_module(module_name(book))
    checks = getattr(package, "checks", None)
    return list(checks(facts, read)) if checks is not None else []


def marker_check(replica: str, symbols: Mapping[str, Symbol], read: Callable[[str], bytes | None]) -> CheckResult | None:
    """The replica's `# go:` markers against the lines of the Go functions they mirror (the index's
    `symbols` locate them; `read` gives their files): each marker must quote one, in the Go order.
    None for a replica without markers."""
    from reader.replicas import load
    from reader.replicas.steps import go_function_lines, marker_differences, mirrored_steps

    steps = mirrored_steps(load(replica))
    if not steps:
        return None
    what = "its `# go:` markers: each quotes a line of the Go function it mirrors, in the Go order"
    return CheckResult(replica, what, len(steps), tuple(marker_differences(steps, go_function_lines(symbols, read))))
