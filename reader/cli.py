"""The `k8s-reader` command: one subcommand per pipeline stage, and `build` that runs them all.

Errors the user can act on (`ReaderError`) print as one line and exit non-zero; `--debug`
shows the traceback instead.  SIGTERM is handled like Ctrl-C so stages can clean up.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from reader import __version__, settings
from reader.errors import ReaderError
from reader.source import fetch_source, resolve_source
from reader.source.models import SourceTree
from reader.ui import RichReporter


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--source", metavar="URL|PATH",
        help=f"Kubernetes git repository to read (default: ${settings.SOURCE_ENV}, else {settings.UPSTREAM_URL})",
    )  # fmt: skip
    common.add_argument("--tag", default=settings.UPSTREAM_TAG, help="tag to check out (default: %(default)s)")
    common.add_argument(
        "--cache-dir", metavar="DIR", type=Path,
        help=f"where clones and the index are kept (default: ${settings.CACHE_ENV}, else $XDG_CACHE_HOME/k8s-reader)",
    )  # fmt: skip
    common.add_argument("--debug", action="store_true", help="show tracebacks")

    parser = argparse.ArgumentParser(prog="k8s-reader", description="Read Kubernetes v1.9.9 kube-apiserver startup, source-annotated.")
    parser.add_argument("--version", action="version", version=f"k8s-reader {__version__} (Kubernetes {settings.UPSTREAM_TAG})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands.add_parser("fetch", parents=[common], help="clone the pinned Kubernetes tag into the cache")
    commands.add_parser("build", parents=[common], help="run every stage: fetch, and the stages after it")
    return parser


def _source_tree(args: argparse.Namespace, reporter: RichReporter) -> SourceTree:
    spec = resolve_source(args.source, tag=args.tag)
    cache_dir = args.cache_dir or settings.default_cache_dir()
    return fetch_source(spec, cache_dir, reporter)


def _cmd_fetch(args: argparse.Namespace, reporter: RichReporter) -> int:
    tree = _source_tree(args, reporter)
    print(f"{tree.root}\t{tree.tag}\t{tree.commit}")
    return 0


def _cmd_build(args: argparse.Namespace, reporter: RichReporter) -> int:
    tree = _source_tree(args, reporter)
    reporter.info(f"source: {tree.root} ({tree.tag} at {tree.short_commit})")
    return 0


_COMMANDS = {"fetch": _cmd_fetch, "build": _cmd_build}


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        with RichReporter() as reporter:
            return _COMMANDS[args.command](args, reporter)
    except ReaderError as exc:
        if args.debug:
            raise
        print(f"k8s-reader: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("k8s-reader: interrupted; nothing half-made was kept", file=sys.stderr)
        return 130
