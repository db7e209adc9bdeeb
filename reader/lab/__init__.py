"""The lab: the real Kubernetes v1.9.9 programs, built from the same tree and run on loopback,
as the oracle the replicas are compared with.

`build_lab` compiles kube-apiserver, kube-scheduler and kube-controller-manager as the release
build would (recipe.json: openapi-gen, patches for today's Go, version ldflags); `start_lab`
runs etcd and the binaries and stops them again.  The lab needs Go and etcd; nothing else in
k8s-reader does.
"""

from reader.lab.build import build_lab, lab_dir_for
from reader.lab.models import LabBuild, Patch, Recipe, load_recipe
from reader.lab.toolchain import LabError
from reader.lab.up import RunningLab, free_port, start_lab

__all__ = ["LabBuild", "LabError", "Patch", "Recipe", "RunningLab", "build_lab", "free_port", "lab_dir_for", "load_recipe", "start_lab"]
