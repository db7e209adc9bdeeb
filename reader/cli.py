"""The `k8s-reader` command: one subcommand per pipeline stage, and `build` that runs them all.

Errors the user can act on (`ReaderError`) print as one line and exit non-zero; `--debug`
shows the traceback instead.  SIGTERM is handled like Ctrl-C so stages can clean up.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path


from reader import __version__, settings
from reader.errors import ReaderError, UsageError
from reader.index import Index, build_index, query
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

    parser = argparse.ArgumentParser(prog="k8s-reader", description="Read the startup of Kubernetes v1.9.9's control plane, source-annotated.")
    parser.add_argument("--version", action="version", version=f"k8s-reader {__version__} (Kubernetes {settings.UPSTREAM_TAG})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    indexed = argparse.ArgumentParser(add_help=False, parents=[common])
    indexed.add_argument("--jobs", type=int, metavar="N", help="worker processes for indexing (default: all cores)")
    commands.add_parser("fetch", parents=[common], help="clone the pinned Kubernetes tag into the cache")
    commands.add_parser("index", parents=[indexed], help="build (or load) the index of every Go package")
    define = commands.add_parser("def", parents=[indexed], help="where a symbol is defined")
    define.add_argument("symbol", help="full id or a dotted suffix, e.g. options.NewServerRunOptions")
    callers = commands.add_parser("callers", parents=[indexed], help="call sites that call a symbol")
    callers.add_argument("symbol")
    callees = commands.add_parser("callees", parents=[indexed], help="what a symbol calls, as a tree")
    callees.add_argument("symbol")
    callees.add_argument("--depth", type=int, default=1, metavar="N", help="levels to expand (default: %(default)s)")
    calls = commands.add_parser("calls", parents=[indexed], help="every call site of a package, one row each")
    calls.add_argument("--package", required=True, metavar="IMPORTPATH")
    calls.add_argument("--format", choices=("tsv", "json"), default="tsv")
    booked = argparse.ArgumentParser(add_help=False, parents=[indexed])
    booked.add_argument("--book", choices=_book_names(), default=_default_book(), help="which component (default: %(default)s)")
    commands.add_parser("books", parents=[common], help="the components the site reads (one book each)")
    flags = commands.add_parser("flags", parents=[booked], help="every flag of a book's binary, read from the source")
    flags.add_argument("--format", choices=("tsv", "json", "md"), default="tsv")
    defaults = commands.add_parser("defaults", parents=[booked], help="the value tree of a book's options, as main leaves it at the hand-over")
    defaults.add_argument("--format", choices=("tsv", "json"), default="tsv")
    steps = commands.add_parser("steps", parents=[booked], help="the statements of a book's startup functions (main, Run, …)")
    steps.add_argument("--format", choices=("tsv", "json"), default="tsv")
    tracer = commands.add_parser("trace", parents=[booked], help="a book's startup call tree")
    tracer.add_argument("--from", dest="root", metavar="SYMBOL", help="start here instead of main")
    tracer.add_argument("--depth", type=int, metavar="N", help="levels to expand (default: the book's trace depth)")
    tracer.add_argument("--format", choices=("tree", "json", "dot"), default="tree")
    replica = commands.add_parser("replica", help="run a replica: a Python re-implementation of a traced step")
    replica.add_argument("step", help="which replica (<book>/<step> or a shared one): " + ", ".join(_replicas()))
    replica.add_argument("args", nargs=argparse.REMAINDER, help="passed to the replica")
    replica.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    lab = commands.add_parser("lab", help="build and run the real v1.9.9 binaries (needs Go and etcd)")
    lab_commands = lab.add_subparsers(dest="lab_command", metavar="LAB_COMMAND", required=True)
    lab_build = lab_commands.add_parser("build", parents=[common], help="compile the real binaries from the v1.9.9 tree (cached)")
    lab_build.add_argument("--components", metavar="LIST", help="comma-separated (default: " + ",".join(_lab_components()) + ")")
    lab_up = lab_commands.add_parser("up", parents=[common], help="run etcd and the real kube-apiserver on loopback until Ctrl-C")
    lab_up.add_argument("--with", dest="with_", metavar="LIST", default="", help="also run: scheduler, controller-manager (comma-separated)")
    lab_up.add_argument("--port", type=int, default=8080, help="kube-apiserver's insecure port on 127.0.0.1 (default: %(default)s)")
    lab_up.add_argument("--keep", action="store_true", help="keep etcd's data when the lab stops")
    lab_compare = lab_commands.add_parser("compare", parents=[indexed], help="give the replicas and the real binaries the same inputs; print each case")
    lab_compare.add_argument("--only", choices=("commands", "http", "requests", "scheduling", "rollouts", "slow-start", "nodes"),
                             help="one kind of case only (requests: the objects of reader/lab/requests/; rollouts: the Deployments of reader/lab/scenarios/rollouts/;"
                                  " slow-start: the ReplicaSet controller's batches, reader/lab/scenarios/slow-start/; nodes: the node lifecycle scenarios)")
    lab_compare.add_argument("--all", action="store_true", help="print equal cases too (default: differences and totals)")
    serve = commands.add_parser("serve", parents=[indexed], help="preview the site; chapters re-render as you edit them")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve (default: %(default)s)")
    build = commands.add_parser("build", parents=[indexed], help="run every stage and build the site")
    build.add_argument("--site-dir", type=Path, metavar="DIR", help="where the site goes (default: site/ in the checkout)")
    build.add_argument("--force", action="store_true", help="build even when nothing changed since the last build")
    return parser


def _source_tree(args: argparse.Namespace, reporter: RichReporter) -> SourceTree:
    spec = resolve_source(args.source, tag=args.tag)
    cache_dir = args.cache_dir or settings.default_cache_dir()
    return fetch_source(spec, cache_dir, reporter)


def _cmd_fetch(args: argparse.Namespace, reporter: RichReporter) -> int:
    tree = _source_tree(args, reporter)
    print(f"{tree.root}\t{tree.tag}\t{tree.commit}")
    return 0


def _index(args: argparse.Namespace, reporter: RichReporter) -> Index:
    tree = _source_tree(args, reporter)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: give a number of processes of 1 or more")
    return build_index(tree.root, tree.commit, args.cache_dir or settings.default_cache_dir(), reporter, args.jobs)


def _cmd_index(args: argparse.Namespace, reporter: RichReporter) -> int:
    index = _index(args, reporter)
    statuses = index.calls.statuses()
    excluded = sum(1 for r in index.reports if r.excluded)
    odd = sum(1 for r in index.reports if r.problems)
    print(
        f"{len(index.packages)} packages, {len(index.symbols)} symbols, {len(index.calls)} call sites "
        f"({statuses['resolved']} resolved, {statuses['dynamic']} dynamic, {statuses['unresolved']} unresolved); "
        f"{excluded} files left out by build constraints, {odd} with parse problems"
    )
    return 0


def _cmd_def(args: argparse.Namespace, reporter: RichReporter) -> int:
    print(query.describe(query.find_symbol(_index(args, reporter), args.symbol)))
    return 0


def _cmd_callers(args: argparse.Namespace, reporter: RichReporter) -> int:
    index = _index(args, reporter)
    symbol = query.find_symbol(index, args.symbol)
    for edge in index.calls_to(symbol.id):
        print(query.format_edge(index, edge, from_caller=False))
    return 0


def _cmd_callees(args: argparse.Namespace, reporter: RichReporter) -> int:
    index = _index(args, reporter)
    symbol = query.find_symbol(index, args.symbol)
    for line in query.callee_tree(index, symbol.id, max(1, args.depth)):
        print(line)
    return 0


def _cmd_calls(args: argparse.Namespace, reporter: RichReporter) -> int:
    index = _index(args, reporter)
    print(query.render_rows(query.call_rows(index, args.package), args.format))
    return 0


# The later stages are imported where they are used: `index`, `def` and friends stay quick.


def _pipeline(args: argparse.Namespace, reporter: RichReporter):
    from reader.pipeline import Pipeline

    index = _index(args, reporter)
    return Pipeline(_source_tree(args, reporter).root, index)


def _facts(args: argparse.Namespace, reporter: RichReporter):
    return _pipeline(args, reporter).facts(args.book)


def _book_names() -> tuple[str, ...]:
    from reader.books import book_names

    return book_names()


def _default_book() -> str:
    from reader.books import DEFAULT_BOOK

    return DEFAULT_BOOK


def _cmd_books(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.books import all_books
    from reader.render.strings import DEFAULT_LANGUAGE

    for book in all_books():
        print(f"{book.name}\t{book.main}\t{book.hand_over}\t{book.chapters}\t{book.summary[DEFAULT_LANGUAGE]}")
    return 0


def _cmd_flags(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.facts import report

    print(report.flags(_facts(args, reporter), args.format))
    return 0


def _cmd_defaults(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.facts import report

    print(report.defaults(_facts(args, reporter), args.format))
    return 0


def _cmd_steps(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.facts import report

    print(report.steps(_facts(args, reporter), args.format))
    return 0


def _cmd_trace(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.books import load_book
    from reader.trace import render_dot, render_tree, to_json, trace

    index = _index(args, reporter)
    root = query.find_symbol(index, args.root).id if args.root else None
    node = trace(index, load_book(args.book).trace, root, args.depth)
    if args.format == "tree":
        print("\n".join(render_tree(node)))
    elif args.format == "dot":
        print(render_dot(node))
    else:
        print(json.dumps(to_json(node), indent=1))
    return 0


def _cmd_build(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.lab import lab_dir_for
    from reader.render.pages import project_dir
    from reader.site import build_site
    from reader.site.stamp import build_stamp, is_current

    project = project_dir()
    out = (args.site_dir or project / "site").resolve()
    tree = _source_tree(args, reporter)
    stamp = build_stamp(tree.commit, project, lab_dir_for(args.cache_dir or settings.default_cache_dir()))
    if is_current(out, stamp) and not args.force:
        reporter.info(f"{out} is up to date: built from these very inputs (tree {tree.commit[:12]}, code, chapters, lab); --force rebuilds")
        return 0
    src, tree, work = _site_inputs(args, reporter)
    # again: the lab comparison may just have cached a new report, and the next build must match it
    stamp = build_stamp(tree.commit, project, lab_dir_for(args.cache_dir or settings.default_cache_dir()))
    reporter.progress("site: rendering and building", 0, 1)
    pages = build_site(src, out, work, stamp=stamp)
    reporter.progress("site: rendering and building", 1, 1)
    books = "; ".join(f"{name}: {len(r.facts.flags)} flags ({len(r.facts.unevaluated)} registrations unevaluated)" for name, r in src.books.items())
    reporter.info(
        f"built from {tree.tag} at {tree.commit[:12]}: {len(src.index.packages)} packages, {len(src.index.calls)} call sites; "
        f"{books}; {len(pages)} pages in {out}"
    )
    return 0


def _site_inputs(args: argparse.Namespace, reporter: RichReporter):
    """Everything the render and site stages read, and the checkout they build in."""
    from reader.index.build import load_universe
    from reader.index.identifiers import NameResolver
    from reader.facts.resources import api_resources
    from reader.lab import lab_dir_for
    from reader.lab.differential import SERVER_VARIANTS, enabled_by
    from reader.lab.oracle import oracle_report
    from reader.lab.rollouts import replica_names
    from reader.pipeline import Pipeline
    from reader.render.pages import SiteSource, project_dir

    project = project_dir()
    tree = _source_tree(args, reporter)
    index = _index(args, reporter)
    reporter.progress("facts: running each book's startup code", 0, None)
    books = Pipeline(tree.root, index).all()  # the index loaded once, above
    names = NameResolver(load_universe(tree.root, tree.commit, args.cache_dir or settings.default_cache_dir()))
    reporter.progress("lab: comparing the replicas with the real binaries", 0, None)
    served = lambda: api_resources(index, tree.root, enable=enabled_by(SERVER_VARIANTS))  # noqa: E731
    oracle = oracle_report(tree, lab_dir_for(args.cache_dir or settings.default_cache_dir()), served, replica_names(tree.root, index))
    reporter.progress("lab: comparing the replicas with the real binaries", 1, 1)
    if not oracle.ran:
        reporter.info(f"the comparison with the real v1.9.9 binaries did not run: {oracle.why_not}")
    work = project / "build"
    work.mkdir(exist_ok=True)
    return SiteSource(tree.root, index, books, project, names, oracle), tree, work


def _cmd_serve(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.site.serve import serve_site

    src, _, work = _site_inputs(args, reporter)
    serve_site(src, work, args.dev_addr, reporter)
    return 0


def _lab_components() -> tuple[str, ...]:
    from reader.lab import load_recipe

    return tuple(load_recipe().components)


def _lab_build(args: argparse.Namespace, reporter: RichReporter, components: tuple[str, ...] | None):
    from reader.lab import build_lab, lab_dir_for

    tree = _source_tree(args, reporter)
    return build_lab(tree, lab_dir_for(args.cache_dir or settings.default_cache_dir()), components, reporter)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _cmd_lab(args: argparse.Namespace, reporter: RichReporter) -> int:
    return {"build": _cmd_lab_build, "up": _cmd_lab_up, "compare": _cmd_lab_compare}[args.lab_command](args, reporter)


def _cmd_lab_compare(args: argparse.Namespace, reporter: RichReporter) -> int:
    """Every case: `=` equal, `≠` with the first difference; exit 1 when any differs."""
    from reader.facts.resources import api_resources
    from reader.lab import lab_dir_for
    from reader.lab.differential import ALLOWED, COMMAND_SUITES, SERVER_VARIANTS, compare_commands, compare_http, enabled_by

    from reader.lab.requests import IGNORED, compare_requests

    build = _lab_build(args, reporter, None)
    results = []
    if args.only in (None, "commands"):
        reporter.progress("lab: comparing command lines (every binary)", 0, None)
        results += [r for suite in COMMAND_SUITES for r in compare_commands(build, suite)]
    if args.only in (None, "http"):
        tree = _source_tree(args, reporter)
        served = api_resources(_index(args, reporter), tree.root, enable=enabled_by(SERVER_VARIANTS))
        reporter.progress("lab: comparing HTTP (4 flag sets, a real server and a replica each)", 0, None)
        results += compare_http(build, lab_dir_for(args.cache_dir or settings.default_cache_dir()), served.bodies())
    if args.only in (None, "requests"):
        reporter.progress("lab: comparing the request corpus (one real server and one replica)", 0, None)
        results += compare_requests(build, lab_dir_for(args.cache_dir or settings.default_cache_dir()))
    for r in results:
        if args.all or not r.equal:
            flags = f" [{' '.join(r.case.args)}]" if r.case.args else ""
            print(f"{'=' if r.equal else '≠'} {r.case.component} {r.case.kind.value}: {r.case.name}{flags}" + ("" if r.equal else f"\n    {r.difference}"))
    equal, total = sum(r.equal for r in results), len(results)
    if args.only in (None, "scheduling"):
        from reader.lab.scheduling import load_scenarios, run_scenarios

        reporter.progress("lab: scheduling scenarios on the real kube-scheduler (a fresh one each)", 0, None)
        for s in run_scenarios(build, lab_dir_for(args.cache_dir or settings.default_cache_dir()), load_scenarios()):
            if args.all or not s.equal:
                details = [s.problem] if s.problem else [f"{p.pod}: {d}" for p in s.pods for d in p.differences]
                print(f"{'=' if s.equal else '≠'} kube-scheduler scheduling: {s.name} ({len(s.pods)} pods)" + "".join(f"\n    {d}" for d in details))
            equal, total = equal + s.equal, total + 1
    if args.only == "rollouts" or (args.only is None and build.has("kube-controller-manager")):
        from reader.lab.rollouts import SCENARIO_DIR, load_scenarios as load_rollouts, replica_names, run_scenarios as run_rollouts

        tree = _source_tree(args, reporter)
        name_for = replica_names(tree.root, _index(args, reporter))
        reporter.progress("lab: rollout scenarios on the real kube-controller-manager (one for all, a namespace each)", 0, None)
        for r in run_rollouts(build, lab_dir_for(args.cache_dir or settings.default_cache_dir()), load_rollouts(SCENARIO_DIR), name_for):
            if args.all or not r.equal:
                changes = f"{len(r.real['changes'])} changes" + ("" if len(r.replica["changes"]) == len(r.real["changes"]) else f", the replica's {len(r.replica['changes'])}")
                print(f"{'=' if r.equal else '≠'} kube-controller-manager rollout: {r.name} ({'exact' if r.exact else 'bounds'}, {changes})" + ("" if r.equal else f"\n    {r.difference}"))
            equal, total = equal + r.equal, total + 1
    if args.only == "slow-start" or (args.only is None and build.has("kube-controller-manager")):
        from reader.lab.slow_start import load_scenarios as load_slow_start, run_scenarios as run_slow_start, steps_text

        reporter.progress("lab: slow-start scenarios on the real ReplicaSet controller (every pod held until its batch is complete)", 0, None)
        for r in run_slow_start(build, lab_dir_for(args.cache_dir or settings.default_cache_dir()), load_slow_start()):
            if args.all or not r.equal:
                print(f"{'=' if r.equal else '≠'} kube-controller-manager slow start: {r.name} (batches per step: {steps_text(r.real)})" + ("" if r.equal else f"\n    {r.difference()}"))
            equal, total = equal + r.equal, total + 1
    if args.only == "nodes" or (args.only is None and build.has("kube-controller-manager")):
        from reader.lab import node_lifecycle

        reporter.progress("lab: node lifecycle scenarios on the real kube-controller-manager (a fresh one each, about a minute)", 0, None)
        for s in node_lifecycle.run_scenarios(build, lab_dir_for(args.cache_dir or settings.default_cache_dir()), node_lifecycle.load_scenarios()):
            if args.all or not s.equal:
                print(f"{'=' if s.equal else '≠'} kube-controller-manager nodes: {s.name} ({len(s.nodes)} nodes)" + "".join(f"\n    {d}" for d in s.differences))
            equal, total = equal + s.equal, total + 1
    after = ", after: " + "; ".join(a.name for a in ALLOWED) if args.only not in ("scheduling", "rollouts", "slow-start", "nodes") else ""
    after += "; requests as parsed JSON without " + ", ".join(IGNORED) if args.only in (None, "requests") else ""
    print(f"{equal}/{total} equal to the real binaries ({build.go_version} build){after}")
    return 0 if equal == total else 1


def _cmd_lab_build(args: argparse.Namespace, reporter: RichReporter) -> int:
    wanted = _split(args.components) if args.components else None
    build = _lab_build(args, reporter, wanted)
    for component in wanted or _lab_components():
        print(f"{component}\t{build.binary(component)}")
    return 0


def _cmd_lab_up(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.lab import lab_dir_for, start_lab
    from reader.lab.up import check_port_free, components_for

    with_ = _split(args.with_)
    check_port_free(args.port, "--port")  # before a build that may take minutes
    build = _lab_build(args, reporter, components_for(with_))
    reporter.progress("lab: starting etcd and kube-apiserver", 0, None)
    with start_lab(build, lab_dir_for(args.cache_dir or settings.default_cache_dir()), args.port, with_, args.keep) as lab:
        reporter.progress("lab: starting etcd and kube-apiserver", 1, 1)
        print(f"{'etcd':<24}{lab.etcd_url}")
        for component, health in lab.components.items():
            print(f"{component:<24}{health}")
        print(f"{'logs':<24}{lab.run_dir / 'logs'}")
        print("try:")
        for path in ("/healthz?verbose", "/version", "/api/v1", "/apis", "/api/v1/namespaces"):
            print(f"  curl {lab.url}{path}")
        print("Ctrl-C stops everything" + ("" if args.keep else " and removes etcd's data"))
        try:
            lab.watch()
        except KeyboardInterrupt:
            pass
    print(f"lab stopped; logs kept in {lab.run_dir / 'logs'}")
    return 0


def _replicas() -> tuple[str, ...]:
    from reader.replicas import runnable

    return runnable()


def _cmd_replica(args: argparse.Namespace, reporter: RichReporter) -> int:
    from reader.replicas import load

    available = _replicas()
    step = args.step if args.step in available else f"{_default_book()}/{args.step}"  # kube-apiserver's by their step alone
    if step not in available:
        raise UsageError(f"no replica {args.step!r}; available: {', '.join(available)}")
    return load(step).main(args.args)


_COMMANDS = {
    "fetch": _cmd_fetch, "index": _cmd_index, "def": _cmd_def, "callers": _cmd_callers,
    "callees": _cmd_callees, "calls": _cmd_calls, "flags": _cmd_flags, "defaults": _cmd_defaults,
    "steps": _cmd_steps, "trace": _cmd_trace, "books": _cmd_books, "build": _cmd_build, "serve": _cmd_serve, "replica": _cmd_replica, "lab": _cmd_lab,
}  # fmt: skip


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    # Ctrl-C stops whatever runs (lab up's children included) even when started from a script
    # that left SIGINT ignored, as shells do for background jobs
    signal.signal(signal.SIGINT, signal.default_int_handler)
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
    except BrokenPipeError:  # output piped into head and the like
        sys.stderr.close()
        return 0
