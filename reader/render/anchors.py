"""Line anchors: the `id` of each excerpt line, unique on its page, and the links to them.

An anchor is `<file id>-L<line>`.  The file id is the file's base name (`etcd-L110`), lengthened
by its directories (`options-serving-L110`) when the page already shows another
file of that base name, so two excerpts of different files never share an id.  A line the page
has already anchored — the same lines shown again, as a chapter's excerpt of a function comes
back in the Go tab of that function's replica — is rendered without an id: every link to it
lands on its first appearance.
"""

from __future__ import annotations

import itertools
from pathlib import PurePosixPath


class PageAnchors:
    """The line anchors of one page: each file's id on it, and the lines already anchored."""

    def __init__(self) -> None:
        self._file_ids: dict[str, str] = {}  # path -> file id
        self._anchored: set[str] = set()

    def file_id(self, path: str) -> str:
        """The short id of a file on this page: the first file of a base name gets the base name."""
        if path not in self._file_ids:
            parts = PurePosixPath(path).with_suffix("").parts
            suffixes = ("-".join(parts[-n:]) for n in range(1, len(parts) + 1))
            numbered = (f"{'-'.join(parts)}-{n}" for n in itertools.count(2))  # paths that join alike (a-b/c, a/b-c)
            taken = set(self._file_ids.values())
            self._file_ids[path] = next(name for name in itertools.chain(suffixes, numbered) if name not in taken)
        return self._file_ids[path]

    def claim(self, path: str, line: int) -> str | None:
        """The id for a line being rendered now; None when the page already anchors that line."""
        anchor = f"{self.file_id(path)}-L{line}"
        if anchor in self._anchored:
            return None
        self._anchored.add(anchor)
        return anchor

    def target(self, path: str, line: int) -> str | None:
        """The id a link to a line of this page uses; None when the page does not show that line."""
        anchor = f"{self._file_ids[path]}-L{line}" if path in self._file_ids else None
        return anchor if anchor in self._anchored else None
