"""What the benches of the kube-controller-manager lab share: the lab's existing build of the real
v1.9.9 tree ($K8S_READER_SOURCE or ~/mirrors/kubernetes) and its directory, or None after saying
how to make it."""

from __future__ import annotations

import sys
from pathlib import Path

from reader import settings
from reader.lab import LabBuild, lab_dir_for
from reader.lab.build import existing_build
from reader.source import fetch_source, resolve_source


def controller_manager_lab() -> tuple[LabBuild, Path] | None:
    cache = settings.default_cache_dir()
    tree = fetch_source(resolve_source(settings.default_source()), cache)
    build = existing_build(tree, lab_dir_for(cache))
    if build is None or not build.has("kube-controller-manager"):
        print("the lab's kube-controller-manager is not built: k8s-reader lab build", file=sys.stderr)
        return None
    return build, lab_dir_for(cache)
