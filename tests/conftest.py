"""Shared fixtures: a tiny Go tree shaped like kube-apiserver in a tagged git repo, and the real tree."""

from __future__ import annotations

import functools
import http.server
import os
import textwrap
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINIKUBE = FIXTURES / "minikube"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def make_repo(tree: Path, dest: Path, tags: tuple[str, ...] = ("v1.9.9",)) -> Path:
    """Copy `tree` into a new git repository at `dest`, commit it, tag it (annotated, like upstream)."""
    shutil.copytree(tree, dest, symlinks=True)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "fixture tree")
    for tag in tags:
        git(dest, "tag", "-a", tag, "-m", tag)
    return dest


@pytest.fixture
def minikube_repo(tmp_path: Path) -> Path:
    """The minikube fixture as a git repository tagged v1.9.9 (plus neighbours for tag suggestions)."""
    return make_repo(MINIKUBE, tmp_path / "origin", tags=("v1.9.9", "v1.9.10", "v1.8.4", "v1.10.0"))


def real_tree_path() -> Path | None:
    """The local v1.9.9 mirror: $K8S_READER_SOURCE if it is a directory, else ~/mirrors/kubernetes."""
    for candidate in (os.environ.get("K8S_READER_SOURCE"), str(Path.home() / "mirrors" / "kubernetes")):
        if candidate and Path(candidate).expanduser().is_dir():
            return Path(candidate).expanduser()
    return None


@pytest.fixture(scope="session")
def real_mirror() -> Path:
    path = real_tree_path()
    if path is None:
        pytest.skip("real Kubernetes v1.9.9 tree not found: set K8S_READER_SOURCE or lay out ~/mirrors/kubernetes (see DEVELOPERS.md)")
    return path


PROJECT = Path(__file__).resolve().parents[1]


def write_project(tmp: Path, chapters: dict[str, str]) -> Path:
    """A k8s-reader project with the real templates, mkdocs.yml and replica summaries, and these
    chapters ({path under chapters/: text})."""
    shutil.copytree(PROJECT / "templates", tmp / "templates")
    shutil.copy(PROJECT / "mkdocs.yml", tmp / "mkdocs.yml")
    (tmp / "chapters").mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "chapters" / "replicas.json", tmp / "chapters" / "replicas.json")
    for name, text in chapters.items():
        (tmp / "chapters" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "chapters" / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return tmp


def fixture_site_source(factory: pytest.TempPathFactory, tree: dict[str, str], project: Path):
    """The render stage's input for a small Go tree (kube-apiserver's book) and a project."""
    from reader.books import load_book
    from reader.index import build_index
    from reader.index.build import load_universe
    from reader.index.identifiers import NameResolver
    from reader.pipeline import Pipeline
    from reader.render.pages import SiteSource

    root = write_tree(factory.mktemp("tree"), tree)
    index = build_index(root, "fixture", workers=1)
    return SiteSource(root, index, Pipeline(root, index).all((load_book(),)), project, NameResolver(load_universe(root, "fixture")))


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write a small Go tree: {relative path: source}.  Symlinks as {"path": "->target"}."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if text.startswith("->"):
            path.symlink_to(text[2:])
        else:
            path.write_text(textwrap.dedent(text).lstrip())
    return root


@pytest.fixture(scope="session")
def real_index(real_mirror: Path, tmp_path_factory: pytest.TempPathFactory):
    """(tree root, index) of the real tree (cached under $K8S_READER_CACHE when set)."""
    from reader.index import build_index
    from reader.source import fetch_source, resolve_source

    cache = Path(os.environ.get("K8S_READER_CACHE") or tmp_path_factory.mktemp("cache"))
    tree = fetch_source(resolve_source(str(real_mirror)), cache)
    return tree.root, build_index(tree.root, tree.commit, cache)


@pytest.fixture(scope="session")
def real_facts(real_index):
    """Facts of the real tree."""
    from reader.facts import extract_facts

    root, index = real_index
    return extract_facts(root, index)


@pytest.fixture(scope="session")
def fixture_facts(tmp_path_factory: pytest.TempPathFactory):
    """Facts of the small kube-apiserver-shaped tree in tests/test_facts.py."""
    from reader.facts import extract_facts
    from reader.index import build_index
    from tests.test_facts import TREE

    root = write_tree(tmp_path_factory.mktemp("fixture-facts"), TREE)
    return extract_facts(root, build_index(root, "fixture", workers=1))


@pytest.fixture(scope="session")
def real_lab(real_mirror: Path, tmp_path_factory: pytest.TempPathFactory):
    """(build, lab dir) of the real binaries: built once per lab directory, then cached."""
    for tool, package in (("go", "golang-go"), ("etcd", "etcd-server")):
        if shutil.which(tool) is None:
            pytest.skip(f"the lab needs {tool}: apt-get install {package}")
    from reader import settings
    from reader.lab import build_lab, lab_dir_for
    from reader.source import fetch_source, resolve_source

    cache = Path(os.environ.get("K8S_READER_CACHE") or tmp_path_factory.mktemp("cache"))
    tree = fetch_source(resolve_source(str(real_mirror)), cache)
    lab_dir = lab_dir_for(Path(os.environ.get("K8S_READER_CACHE") or settings.default_cache_dir()))
    return build_lab(tree, lab_dir), lab_dir


@pytest.fixture(scope="session")
def real_controller_manager_lab(real_lab):
    """(build, lab dir) of the real binaries, kube-controller-manager among them."""
    build, lab_dir = real_lab
    if not build.has("kube-controller-manager"):
        pytest.skip("kube-controller-manager is not built: k8s-reader lab build --components kube-controller-manager")
    return build, lab_dir


# ---------------------------------------------------------------- the built site in a browser

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright downloads no browser here
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # screenshots
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build_fixture_site(src, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """Build the site of `src` (a SiteSource) into a fresh temporary directory; return the site dir."""
    from reader.site import build_site

    out = tmp_path_factory.mktemp(name)
    (out / "work").mkdir()
    build_site(src, out / "site", out / "work")
    return out / "site"


@contextmanager
def served(site: Path) -> Iterator[str]:
    """A built site on an ephemeral loopback port; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser_context(permissions: tuple[str, ...] = (), origin: str | None = None):
    """A headless Chromium context (1280×900) driven by Playwright, with `permissions` granted on `origin`."""
    playwright = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        if permissions:
            context.grant_permissions(list(permissions), origin=origin)
        try:
            yield context
        finally:
            browser.close()
