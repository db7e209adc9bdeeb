"""Facts as tables for the command line: TSV, JSON, Markdown."""

from __future__ import annotations

import json
from dataclasses import asdict

from reader.facts.models import Facts

FLAG_COLUMNS = ("flag", "type", "default", "usage", "deprecated", "hidden", "source")


def _cell(value: object) -> str:
    return str(value).replace("\t", " ").replace("\n", "\\n")


def flags(facts: Facts, fmt: str) -> str:
    rows = []
    for f in facts.flags:
        rows.append({
            "flag": f"--{f.name}", "type": f.type, "default": "unevaluated" if f.default is None else f.default,
            "usage": "unevaluated" if f.usage is None else f.usage, "deprecated": f.deprecated, "hidden": f.hidden,
            "source": f.source, "shorthand": f.shorthand, "default_written": f.default_written,
            "options_field": f.options_field, "global": f.global_, "no_opt_default": f.no_opt_default, "unevaluated": f.unevaluated,
        })  # fmt: skip
    missed = [{"flag": "unevaluated", "source": r.source, "callee": r.callee, "reason": r.reason} for r in facts.unevaluated]
    if fmt == "json":
        return json.dumps({"commit": facts.commit, "flags": rows, "unevaluated_registrations": missed}, indent=1, ensure_ascii=False)
    if fmt == "md":
        lines = ["| " + " | ".join(FLAG_COLUMNS) + " |", "|" + " --- |" * len(FLAG_COLUMNS)]
        for r in rows:
            lines.append("| " + " | ".join(_cell(r[c]).replace("|", "\\|") for c in FLAG_COLUMNS) + " |")
        lines.extend(f"| unevaluated | | | | | | {m['source']} |" for m in missed)
        return "\n".join(lines)
    lines = ["\t".join(FLAG_COLUMNS)]
    lines.extend("\t".join(_cell(r[c]) for c in FLAG_COLUMNS) for r in rows)
    lines.extend(f"unevaluated\t\t\t\t\t\t{m['source']}" for m in missed)
    return "\n".join(lines)


def _rows(items: tuple, fmt: str, header: str, row) -> str:
    """JSON of the dataclasses, or a TSV table with `header` and one `row(item)` line each."""
    if fmt == "json":
        return json.dumps([asdict(item) for item in items], indent=1, ensure_ascii=False)
    return "\n".join([header, *(row(item) for item in items)])


def defaults(facts: Facts, fmt: str) -> str:
    return _rows(facts.defaults, fmt, "path\ttype\tdefault\tset_at", lambda d: f"{d.path}\t{d.type}\t{_cell(d.value)}\t{d.set_at}")


def steps(facts: Facts, fmt: str) -> str:
    return _rows(
        facts.steps, fmt, "function\tline\tkind\tstatement\tcalls",
        lambda s: f"{s.function}\t{s.line}-{s.end_line}\t{s.kind}\t{_cell(s.text)}\t{', '.join(s.calls)}",
    )  # fmt: skip
