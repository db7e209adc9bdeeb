"""Which files `go build` would compile: linux/amd64, cgo off, no tests (Go 1.9 rules).

File-name suffixes (_GOOS, _GOARCH, _GOOS_GOARCH) and `// +build` lines are read from the
text before parsing; files importing "C" are dropped after parsing (cgo is off).
"""

from __future__ import annotations

from dataclasses import dataclass

GOOS = "linux"
GOARCH = "amd64"
# Go 1.9's known lists (go/build/syslist.go); only names on these lists constrain a file name.
KNOWN_OS = frozenset("android darwin dragonfly freebsd linux nacl netbsd openbsd plan9 solaris windows zos".split())
KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le mips mipsle mips64 mips64le "
    "mips64p32 mips64p32le ppc s390 s390x sparc sparc64".split()
)
SATISFIED_TAGS = frozenset({GOOS, GOARCH, "gc"} | {f"go1.{minor}" for minor in range(1, 10)})


@dataclass(frozen=True)
class Selection:
    included: bool
    reason: str = ""  # why a file is left out


def select_file(name: str, source: bytes) -> Selection:
    """Would `go build` for linux/amd64 with CGO_ENABLED=0 compile this file?"""
    if not name.endswith(".go") or name.startswith(("_", ".")):
        return Selection(False, "not a Go source file name")
    stem = name[:-3]
    if stem.endswith("_test"):
        return Selection(False, "test file")
    if not _good_os_arch(stem):
        return Selection(False, "file name selects another GOOS/GOARCH")
    for line in _build_lines(source):
        if not _line_satisfied(line):
            return Selection(False, f"// +build {line}")
    return Selection(True)


def _good_os_arch(stem: str) -> bool:
    underscore = stem.find("_")
    if underscore < 0:
        return True
    parts = stem[underscore:].split("_")
    if len(parts) >= 2 and parts[-2] in KNOWN_OS and parts[-1] in KNOWN_ARCH:
        return parts[-2] == GOOS and parts[-1] == GOARCH
    if parts[-1] in KNOWN_OS:
        return parts[-1] == GOOS
    if parts[-1] in KNOWN_ARCH:
        return parts[-1] == GOARCH
    return True


def _build_lines(source: bytes) -> list[str]:
    """`// +build` expressions from the leading comments, if a blank line follows them (go/build rules)."""
    lines: list[str] = []
    candidate: list[str] = []
    for raw in source[:8192].decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if not line:
            lines.extend(candidate)  # only comment blocks followed by a blank line count
            candidate = []
            continue
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        if body.startswith("+build"):
            candidate.append(body[len("+build"):].strip())
    return lines


def _line_satisfied(expression: str) -> bool:
    """Space-separated options are ORed; comma-separated terms ANDed; '!' negates."""
    return any(all(_term(t) for t in option.split(",")) for option in expression.split())


def _term(term: str) -> bool:
    if term.startswith("!"):
        return not _term(term[1:]) if term[1:] and not term[1:].startswith("!") else False
    return term in SATISFIED_TAGS
