"""The source stage itself, with the git commands it amounts to.

Mirrors reader/source (there is no Go here: the step is getting the v1.9.9 tree).  In plain
git, the stage is:

    git clone --depth 1 --branch v1.9.9 --single-branch <source> <cache>/.partial-…/repo
    git -C <repo> rev-parse HEAD 'refs/tags/v1.9.9^{commit}'     # must be equal
    mv <cache>/.partial-…/repo <cache>/source/kubernetes-v1.9.9-<hash of the URL>

Run it:  python -m reader.replicas.clone [--source URL|PATH] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader import settings
from reader.errors import ReaderError
from reader.source import fetch_source, resolve_source
from reader.source.clone import cache_name


# ---------------------------------------------------------------- the commands the stage amounts to


def git_commands(source: str | None, cache_dir: Path, tag: str = settings.UPSTREAM_TAG) -> list[str]:
    spec = resolve_source(source, tag=tag)
    final = cache_dir / "source" / cache_name(spec)
    partial = cache_dir / "source" / ".partial-PID-XXXX" / "repo"
    return [
        f"git clone --depth 1 --branch {spec.tag} --single-branch {spec.url} {partial}",
        f"git -C {partial} rev-parse HEAD 'refs/tags/{spec.tag}^{{commit}}'",
        f"mv {partial} {final}",
    ]


# ---------------------------------------------------------------- run it


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="clone", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", metavar="URL|PATH")
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    cache_dir = args.cache_dir or settings.default_cache_dir()
    try:
        for command in git_commands(args.source, cache_dir):
            print(f"$ {command}")
        tree = fetch_source(resolve_source(args.source), cache_dir)
    except ReaderError as exc:
        print(f"clone: error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"{tree.root}  ({tree.tag} at {tree.commit})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
