"""What the source stage takes and gives: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceSpec:
    """A repository to clone and the tag to check out."""

    url: str  # what git is given: a URL, local paths turned into file:// URLs
    shown_as: str  # what the user wrote, for messages
    tag: str
    expected_commit: str  # the upstream commit the tag should name


@dataclass(frozen=True)
class SourceTree:
    """A checked-out, verified work tree in the cache."""

    root: Path
    url: str
    tag: str
    commit: str  # what the tag actually names in this source
    expected_commit: str

    @property
    def matches_upstream(self) -> bool:
        return self.commit == self.expected_commit

    @property
    def short_commit(self) -> str:
        return self.commit[:12]
