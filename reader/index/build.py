"""Building the index: find and select files, parse them and resolve their call sites on
every core, assemble packages and symbols, and cache the result.

The cache is sealed (see store.py) and keyed by the index version, the commit and every
selected file's path and content hash: an unchanged tree loads in one read; any change, a
corrupted file or another version rebuilds.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import multiprocessing
import os
import pickle
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from reader.errors import ReaderError
from reader.index import store
from reader.index.layout import REPO_IMPORT_PATH, ImportResolver, discover, import_names, import_path
from reader.index.models import CallEdge, CallTable, FileReport, Index, Package, Symbol, SymbolTable
from reader.index.resolve import Resolver
from reader.index.types import PackageDecls, Universe, func_id
from reader.parse import parse_file, select_file
from reader.parse.models import GoFile
from reader.report import Reporter

INDEX_VERSION = 3  # bump whenever parse or index output changes shape or meaning


# Modules of the index package that only read an index (queries, name resolution at render
# time): changing them does not change what is stored, so they stay out of the fingerprint.
_READERS_OF_THE_INDEX = ("identifiers.py", "query.py")


def _code_fingerprint() -> str:
    """A hash of the parse and index code: a cache made by other code is never trusted."""
    digest = hashlib.sha256()
    package_root = Path(__file__).resolve().parents[1]
    for path in sorted([*package_root.glob("parse/**/*"), *package_root.glob("index/**/*")]):
        if path.suffix in (".py", ".scm") and not (path.parent.name == "index" and path.name in _READERS_OF_THE_INDEX):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


CODE_FINGERPRINT = _code_fingerprint()


@dataclass(frozen=True)
class _Candidate:
    path: str
    dir: str
    digest: str
    size: int


def build_index(root: Path, commit: str, cache_dir: Path | None = None, reporter: Reporter | None = None, workers: int | None = None) -> Index:
    """The index of the Go tree at `root` (a checkout of `commit`)."""
    reporter = reporter or Reporter()
    candidates, reports, tree_key = _select_and_key(root, commit, cache_dir)
    index_file = cache_dir / "index" / f"index-{tree_key}.pickle" if cache_dir else None
    if index_file is not None:
        cached, why = store.load(index_file, "index", INDEX_VERSION)
        if cached is not None:
            return cached
        if why != "missing":
            reporter.warn(f"index cache {index_file} ignored: {why}; rebuilding")
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of small immutable objects: collection passes would only cost time
    try:
        blobs, results = _parse_and_resolve(root, candidates, reporter, workers or os.cpu_count() or 1)
        index = _assemble(commit, results, reports)
    finally:
        if gc_was_enabled:
            gc.enable()
    if index_file is not None:
        for stale in [*index_file.parent.glob("index-*.pickle"), *index_file.parent.glob("decls-*.pickle")]:
            stale.unlink(missing_ok=True)
        store.save(index_file.with_name(f"decls-{tree_key}.pickle"), "decls", INDEX_VERSION, blobs)
        store.save(index_file, "index", INDEX_VERSION, index)
    return index


def _select_and_key(root: Path, commit: str, cache_dir: Path | None = None) -> tuple[list[_Candidate], list[FileReport], str]:
    candidates, reports = _select(root, cache_dir)
    tree_key = hashlib.sha256(
        f"{INDEX_VERSION}\n{CODE_FINGERPRINT}\n{commit}\n".encode() + "".join(f"{c.path}\0{c.digest}\n" for c in candidates).encode()
        + "".join(f"{r.file}\0{r.excluded}\n" for r in reports).encode()
    ).hexdigest()[:24]  # fmt: skip
    return candidates, reports, tree_key


def load_universe(root: Path, commit: str, cache_dir: Path | None = None) -> Universe:
    """The universe of declarations the index was resolved with (for resolving names on pages):
    from the cache beside the index, else by parsing the tree again."""
    candidates, _, tree_key = _select_and_key(root, commit, cache_dir)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        files = None
        if cache_dir is not None:
            blobs, _ = store.load(cache_dir / "index" / f"decls-{tree_key}.pickle", "decls", INDEX_VERSION)
            files = _unpickle_all(blobs) if blobs is not None else None
        if files is None:
            files = [_declarations_only(parse_file(c.path, (root / c.path).read_bytes())) for c in candidates]
        return _Plan(files).universe()
    finally:
        if gc_was_enabled:
            gc.enable()


# ---------------------------------------------------------------- selection


def _select(root: Path, cache_dir: Path | None = None) -> tuple[list[_Candidate], list[FileReport]]:
    """Every .go file, selected as `go build` would, with its content hash.

    Like git's index, a file whose size and modification time are unchanged since the last run
    is not read again: its hash and selection come from `stat.pickle` in the cache."""
    stat_file = cache_dir / "index" / "stat.pickle" if cache_dir else None
    known: dict[str, tuple] = {}
    if stat_file is not None:
        loaded, _ = store.load(stat_file, "stat", INDEX_VERSION)
        known = loaded or {}
    seen: dict[str, tuple] = {}
    candidates: list[_Candidate] = []
    reports: list[FileReport] = []
    for source in discover(str(root)):
        path = root / source.path
        info = path.stat()
        stamp = (info.st_size, info.st_mtime_ns)
        entry = known.get(source.path)
        if entry is None or entry[0] != stamp:
            data = path.read_bytes()
            selection = select_file(source.path.rsplit("/", 1)[-1], data)
            entry = (stamp, selection.included, selection.reason, hashlib.blake2b(data, digest_size=16).hexdigest() if selection.included else "")
        seen[source.path] = entry
        _, included, reason, digest = entry
        if included:
            candidates.append(_Candidate(source.path, source.dir, digest, stamp[0]))
        elif reason != "test file":
            reports.append(FileReport(source.path, excluded=reason))
    if stat_file is not None and seen != known:
        store.save(stat_file, "stat", INDEX_VERSION, seen)
    return candidates, reports


# ---------------------------------------------------------------- parsing and resolving, in parallel
#
# Parsed bodies are the bulk of the data and expensive to move between processes, so they
# never move: each worker parses its share of the files, sends back only declarations
# (functions without bodies, types, values, imports), receives everyone else's, builds the
# same universe of declarations, resolves the call sites of its own files and sends back
# the edges as plain tuples.


def _declarations_only(file: GoFile) -> GoFile:
    funcs = tuple(dataclasses.replace(f, calls=(), bindings=()) for f in file.funcs)
    return dataclasses.replace(file, funcs=funcs, init_calls=())


@dataclass
class _Share:
    """What one worker hands back: its declarations (pickled, for the cache), its call edges and
    symbol rows, and the packages and reports (the same in every worker)."""

    declared: bytes
    edges: list[tuple]
    symbols: dict[str, tuple]
    packages: dict[str, Package]
    reports: list[FileReport]


def _work(root: str, paths: list[str], exchange: Callable[[bytes], list[bytes]]) -> _Share:
    """Parse `paths`, trade declarations (as pickles) for the rest of the tree's, resolve our own
    calls and list our own symbols."""
    mine = [parse_file(p, Path(root, p).read_bytes()) for p in paths]
    declared = pickle.dumps([_declarations_only(f) for f in mine], protocol=pickle.HIGHEST_PROTOCOL)
    others = [f for blob in exchange(declared) for f in pickle.loads(blob)]
    plan = _Plan(mine + others)
    resolver = Resolver(plan.universe())
    edges = []
    for f in mine:
        key = plan.file_package.get(f.path)
        if key is not None:
            edges.extend(astuple_edge(e) for e in resolver.resolve_file(key, f))
    own = set(paths)
    own_dirs = {d: [f for f in group if f.path in own] for d, group in plan.by_dir.items()}
    symbols = SymbolTable.of(_symbols(own_dirs, plan.dir_key).values()).rows
    return _Share(declared, edges, symbols, plan.packages, plan.reports)


def astuple_edge(edge: CallEdge) -> tuple:
    return (edge.caller, edge.file, edge.line, edge.col, edge.callee, edge.status, edge.how, edge.reason, edge.candidates)


def _worker_main(conn: Connection, root: str, paths: list[str]) -> None:
    gc.disable()

    def exchange(declared: bytes) -> list[bytes]:
        conn.send_bytes(declared)
        return conn.recv()

    share = _work(root, paths, exchange)
    share.declared = b""  # the parent has it already
    conn.send(share)
    conn.close()


def _parse_and_resolve(root: Path, candidates: list[_Candidate], reporter: Reporter, workers: int) -> tuple[list[bytes], list[_Share]]:
    """(declarations of every file as pickled lists, one per worker; what each worker found).

    The parent only relays the workers' declaration pickles — it never unpickles them — and the
    cache stores them as they are; symbols and edges come back as plain rows."""
    reporter.progress("index: parsing and resolving", 0, len(candidates))
    shares = _shares(candidates, workers)
    if len(shares) <= 1:
        share = _work(str(root), [c.path for c in candidates], lambda _own: [])
        reporter.progress("index: parsing and resolving", len(candidates), len(candidates))
        return [share.declared], [share]
    context = multiprocessing.get_context("fork")
    links = []
    for share in shares:
        parent, child = context.Pipe()
        process = context.Process(target=_worker_main, args=(child, str(root), share), daemon=True)
        process.start()
        child.close()
        links.append((process, parent))
    try:
        blobs: list[bytes] = []
        for _, conn in links:
            blobs.append(_receive(conn, raw=True))
            reporter.progress("index: parsing and resolving", sum(len(s) for s in shares[: len(blobs)]), len(candidates))
        for k, (_, conn) in enumerate(links):
            conn.send([blob for j, blob in enumerate(blobs) if j != k])
        results = [_receive(conn) for _, conn in links]
    finally:
        for process, conn in links:
            conn.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    return blobs, results


def _receive(conn: Connection, raw: bool = False):
    try:
        return conn.recv_bytes() if raw else conn.recv()
    except EOFError:
        raise ReaderError("an index worker process died (out of memory?); run again with --jobs 1") from None


def _unpickle_all(blobs: list[bytes]) -> list[GoFile]:
    return [f for blob in blobs for f in pickle.loads(blob)]


def _shares(candidates: list[_Candidate], workers: int) -> list[list[str]]:
    """Split files into `workers` groups of about equal bytes, whole directories together."""
    by_dir: dict[str, list[_Candidate]] = {}
    for c in candidates:
        by_dir.setdefault(c.dir, []).append(c)
    shares: list[list[str]] = [[] for _ in range(max(1, workers))]
    weight = [0] * len(shares)
    for group in sorted(by_dir.values(), key=lambda g: -sum(c.size for c in g)):
        k = weight.index(min(weight))
        shares[k].extend(c.path for c in group)
        weight[k] += sum(c.size for c in group)
    return [s for s in shares if s]


# ---------------------------------------------------------------- assembling


class _Plan:
    """Packages, import names and the universe of declarations: computed identically in every
    process from the same files, so workers and the parent agree on every key."""


    def __init__(self, files: list[GoFile]) -> None:
        self.reports: list[FileReport] = []
        by_dir: dict[str, list[GoFile]] = {}
        for f in sorted(files, key=lambda f: f.path):
            if any(i.path == "C" for i in f.imports):
                self.reports.append(FileReport(f.path, excluded='imports "C" (cgo is off)'))
                continue
            if f.problems:
                self.reports.append(FileReport(f.path, problems=f.problems))
            by_dir.setdefault(f.path.rpartition("/")[0], []).append(f)

        # one package per directory: the majority package clause wins, others are reported
        self.packages: dict[str, Package] = {}
        self._names: dict[str, str] = {}  # package key -> package clause
        self.dir_key: dict[str, str] = {}
        self.file_package: dict[str, str] = {}
        for directory in sorted(by_dir):
            group = by_dir[directory]
            name = Counter(f.package for f in group).most_common(1)[0][0]
            for f in group:
                if f.package != name:
                    self.reports.append(FileReport(f.path, excluded=f"package {f.package}, but the directory's package is {name}"))
            by_dir[directory] = [f for f in group if f.package == name]
            _, path = import_path(directory)
            key = path if path not in self._names else f"{REPO_IMPORT_PATH}/{directory}"
            self.dir_key[directory] = key
            self._names[key] = name
            self.file_package.update((f.path, key) for f in by_dir[directory])
        self.by_dir = by_dir

        # what each import name means in each file, and so what each package imports
        resolver = ImportResolver(list(by_dir))
        self.file_names: dict[str, tuple[dict[str, str], list[str]]] = {}
        imported: dict[str, set[str]] = {}
        for directory, group in by_dir.items():
            key = self.dir_key[directory]
            for f in group:
                names, dots, targets = import_names(f.imports, directory, resolver, self.dir_key, self._names.__getitem__)
                imported.setdefault(key, set()).update(targets)
                self.file_names[f.path] = (names, dots)
        for directory in sorted(by_dir):
            key = self.dir_key[directory]
            self.packages[key] = Package(key, self._names[key], directory, tuple(f.path for f in by_dir[directory]), tuple(sorted(imported.get(key, ()))))


    def universe(self) -> Universe:
        universe = Universe()
        for directory, key in self.dir_key.items():
            universe.packages[key] = PackageDecls(key, self.packages[key].name, directory)
        for directory, group in self.by_dir.items():
            for f in group:
                names, dots = self.file_names[f.path]
                universe.add_file(self.dir_key[directory], f, names, dots)
        return universe


def _assemble(commit: str, results: list[_Share], reports: list[FileReport]) -> Index:
    symbols: dict[str, tuple] = {}
    for result in results:
        symbols.update(result.symbols)
    edges = [edge for result in results for edge in result.edges]
    calls = CallTable(sorted(edges, key=lambda e: (e[1], e[2], e[3])))
    all_reports = tuple(sorted(reports + results[0].reports, key=lambda r: r.file))
    return Index(commit=commit, packages=results[0].packages, symbols=SymbolTable(dict(sorted(symbols.items()))), calls=calls, reports=all_reports)


def _symbols(by_dir: dict[str, list[GoFile]], dir_key: dict[str, str]) -> dict[str, Symbol]:
    symbols: dict[str, Symbol] = {}
    for directory, group in by_dir.items():
        pkg = dir_key[directory]
        for f in group:
            for func in f.funcs:
                sid, kind = func_id(pkg, func), "method" if func.receiver is not None else "func"
                symbols.setdefault(sid, Symbol(sid, kind, func.name, pkg, f.path, func.span, func.name_span, func.doc, func.signature))
            for typ in f.types:
                sid = f"{pkg}.{typ.name}"
                first_line = typ.type.text.split("\n", 1)[0]
                symbols[sid] = Symbol(sid, "type", typ.name, pkg, f.path, typ.span, typ.name_span, typ.doc, f"type {typ.name} {first_line}")
                for field in typ.type.fields:
                    if field.name is None or field.span is None:
                        continue
                    if typ.type.kind == "struct":
                        fid, kind = f"{pkg}.{typ.name}.{field.name}", "field"
                    elif not field.embedded:
                        fid, kind = f"{pkg}.({typ.name}).{field.name}", "interface-method"
                    else:
                        continue
                    symbols[fid] = Symbol(fid, kind, field.name, pkg, f.path, field.span, field.span, "", f"{field.name} {field.type.text}")
            for value in f.values:
                sid = f"{pkg}.{value.name}"
                shown = f"{value.kind} {value.name}" + (f" {value.type.text}" if value.type else "")
                symbols[sid] = Symbol(sid, value.kind, value.name, pkg, f.path, value.span, value.name_span, value.doc, shown)
    return symbols
