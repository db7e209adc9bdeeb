"""The build stamp: a digest of everything a site is built from, kept in the built site, so a
`k8s-reader build` with nothing changed stops at once instead of re-running every stage.

What goes in: the source tree's commit, k8s-reader's own code and data (reader/), the project's
chapters (every language's edition) and templates (the UI strings table too) and mkdocs.yml, the versions of the packages that render (mkdocs and its
plugins, Jinja2, Pygments), and the lab's state (which real binaries exist, and the cached
comparison reports), since the site reports the comparison with the real binaries.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

STAMP_FILE = ".k8s-reader-build"
_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jinja2", "pygments", "jieba", "markdown", "pymdown-extensions")
_READER = Path(__file__).resolve().parents[1]  # the reader package


def build_stamp(commit: str, project: Path, lab_dir: Path) -> str:
    digest = hashlib.sha256(f"tree {commit}\n".encode())
    for root in (_READER, project / "chapters", project / "templates"):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(root)}\n".encode())
            digest.update(path.read_bytes())
    digest.update((project / "mkdocs.yml").read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} -\n".encode())
    for path in sorted((lab_dir / "builds").glob("*/bin/*")) + sorted((lab_dir / "oracle").glob("*.json")):
        stat = path.stat()
        digest.update(f"{path.relative_to(lab_dir)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def is_current(site: Path, stamp: str) -> bool:
    """Whether `site` was built from exactly these inputs."""
    try:
        return (site / STAMP_FILE).read_text(encoding="utf-8").strip() == stamp
    except OSError:
        return False


__all__ = ["STAMP_FILE", "build_stamp", "is_current"]
