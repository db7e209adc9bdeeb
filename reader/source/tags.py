"""Suggesting tags when the requested one does not exist."""

from __future__ import annotations

import difflib
import re

_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)")


def nearest_tags(wanted: str, tags: list[str], limit: int = 5) -> list[str]:
    """Tags closest to `wanted`: by version number where both parse, else by spelling."""
    target = _VERSION.match(wanted)
    versioned = [(t, _VERSION.match(t)) for t in tags]
    if target and any(m for _, m in versioned):
        want = tuple(int(x) for x in target.groups())

        def distance(item: tuple[str, re.Match[str] | None]) -> tuple[int, ...]:
            tag, match = item
            have = tuple(int(x) for x in match.groups())  # type: ignore[union-attr]
            return (abs(have[0] - want[0]), abs(have[1] - want[1]), abs(have[2] - want[2]), len(tag))

        ranked = sorted((item for item in versioned if item[1]), key=distance)
        return [tag for tag, _ in ranked[:limit]]
    return difflib.get_close_matches(wanted, tags, n=limit, cutoff=0.0)
