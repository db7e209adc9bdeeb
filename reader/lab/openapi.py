"""Which packages openapi-gen reads, chosen as v1.9.9's Makefile.generated_files chooses them.

The makefile's three steps, each a function here:
1. ALL_GO_DIRS (hack/make-rules/helpers/cache_go_dirs.sh): every directory holding a .go file,
   found from the top of the tree plus the staging repositories vendor/k8s.io/* links to, pruning
   vendor/, staging/, docs/, examples/ and names starting with `_` or `.` at the top.
2. ALL_K8S_TAG_FILES: the .go files directly in those directories with a line `// +k8s:…`.
3. OPENAPI_DIRS: the directories of tag files that mention `+k8s:openapi-gen=` (true or false:
   openapi-gen itself reads the value), sorted as `LC_ALL=C sort -u` sorts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# kfind's explicit starting points besides "." (the staging repos seen through vendor/).
STAGING_VIEWS = (
    "vendor/k8s.io/apimachinery", "vendor/k8s.io/apiserver", "vendor/k8s.io/kube-aggregator",
    "vendor/k8s.io/apiextensions-apiserver", "vendor/k8s.io/metrics", "vendor/k8s.io/sample-apiserver",
    "vendor/k8s.io/api", "vendor/k8s.io/client-go", "vendor/k8s.io/code-generator", "vendor/k8s.io/sample-controller",
)  # fmt: skip
PRUNED_AT_TOP = ("vendor", "staging", "docs", "examples")
_TAG_LINE = re.compile(rb"^// *\+k8s:", re.MULTILINE)
_OPENAPI_TAG = b"+k8s:openapi-gen="


def openapi_dirs(root: Path) -> list[str]:
    """The directories, relative to `root`, whose packages get OpenAPI definitions."""
    found = set()
    for directory in go_dirs(root):
        for name in sorted(os.listdir(root / directory)):
            path = root / directory / name
            if name.endswith(".go") and not path.is_symlink() and path.is_file():
                text = path.read_bytes()
                if _TAG_LINE.search(text) and _OPENAPI_TAG in text:
                    found.add(directory)
    return sorted(found, key=lambda d: d.encode())


def go_dirs(root: Path) -> list[str]:
    """ALL_GO_DIRS: directories (relative, no leading ./) that hold at least one regular .go file."""
    dirs = set()
    for start in (".", *STAGING_VIEWS):
        top = root / start
        if not top.is_dir():
            continue
        for current, subdirs, files in os.walk(top):  # like find -H: the start is followed, links below are not
            rel = os.path.relpath(current, root)
            if rel == ".":
                subdirs[:] = [d for d in subdirs if d not in PRUNED_AT_TOP and not d.startswith(("_", "."))]
            if any(f.endswith(".go") and not os.path.islink(os.path.join(current, f)) for f in files):
                dirs.add(rel)
    return sorted(dirs, key=lambda d: d.encode())
