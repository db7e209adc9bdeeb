"""lab build on a tiny GOPATH-mode tree shaped like Kubernetes: a version package set by -ldflags,
an openapi-gen that writes the generated package, a patch, and a component that does not compile.
Needs Go (skips without it); the real tree's build is tested in test_lab_real.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from reader import settings
from reader.errors import ReaderError
from reader.lab import LabError, build_lab, load_recipe
from reader.lab.build import first_error
from reader.lab.openapi import openapi_dirs
from reader.source.models import SourceTree
from tests.conftest import write_tree

needs_go = pytest.mark.skipif(shutil.which("go") is None, reason="Go is not installed (apt-get install golang-go)")

VERSION = '''
    package version
    var (
        gitVersion = "v0.0.0-master+$Format:%h$"
        gitCommit  = "$Format:%H$"
        gitTreeState = "not a git tree"
    )
    func Get() string { return gitVersion + " " + gitCommit + " " + gitTreeState }
'''
TREE = {
    "cmd/kube-apiserver/main.go": '''
        package main
        import (
            "fmt"
            clientversion "k8s.io/client-go/pkg/version"
            "k8s.io/kubernetes/pkg/generated/openapi"
            "k8s.io/kubernetes/pkg/patched"
            "k8s.io/kubernetes/pkg/version"
        )
        func main() { fmt.Println(version.Get(), "|", clientversion.Get(), "|", openapi.Inputs, "|", patched.Patched) }
    ''',
    "cmd/broken/main.go": '''
        package main
        func main() { undefinedThing() }
    ''',
    "pkg/version/base.go": VERSION,
    "vendor/k8s.io/client-go/pkg/version/base.go": VERSION,
    "pkg/patched/patched.go": '''
        package patched
        const Patched = false
    ''',
    "pkg/apis/widgets/doc.go": '''
        // +k8s:openapi-gen=true
        package widgets
    ''',
    "pkg/apis/gadgets/doc.go": '''
        // +k8s:deepcopy-gen=package
        package gadgets
    ''',
    "pkg/generated/openapi/doc.go": "package openapi\n",
    "hack/boilerplate/boilerplate.go.txt": "/* fixture */\n",
    # stands in for vendor/k8s.io/code-generator/cmd/openapi-gen: writes <-p>/<-O>.go naming its inputs
    "vendor/k8s.io/code-generator/cmd/openapi-gen/main.go": '''
        package main
        import ("flag"; "fmt"; "os"; "path/filepath")
        func main() {
            in := flag.String("i", "", ""); pkg := flag.String("p", "", ""); out := flag.String("O", "", "")
            flag.Bool("logtostderr", false, "")
            flag.Parse()
            file := filepath.Join(os.Getenv("GOPATH"), "src", *pkg, *out+".go")
            text := fmt.Sprintf("package openapi\\n\\nconst Inputs = %q\\n", *in)
            if err := os.WriteFile(file, []byte(text), 0644); err != nil { panic(err) }
        }
    ''',
}
PATCH = """\
diff --git a/pkg/patched/patched.go b/pkg/patched/patched.go
--- a/pkg/patched/patched.go
+++ b/pkg/patched/patched.go
@@ -1,2 +1,2 @@
 package patched
-const Patched = false
+const Patched = true
"""


@pytest.fixture
def recipe(tmp_path: Path):
    real = json.loads((Path(load_recipe().source)).read_text())
    real["components"] = {"kube-apiserver": "cmd/kube-apiserver", "broken": "cmd/broken"}
    real["patches"] = [{"file": "fixture.patch", "title": "flip", "reason": "to see it applied", "upstream": "-"}]
    directory = tmp_path / "recipe"
    (directory / "patches").mkdir(parents=True)
    (directory / "patches" / "fixture.patch").write_text(PATCH)
    (directory / "recipe.json").write_text(json.dumps(real))
    return load_recipe(directory / "recipe.json")


@pytest.fixture
def tree(tmp_path: Path) -> SourceTree:
    root = write_tree(tmp_path / "tree", TREE)
    return SourceTree(root, str(root), "v1.9.9", "f" * 40, settings.UPSTREAM_COMMIT)


def test_openapi_dirs_follow_the_makefile(tree: SourceTree) -> None:
    write_tree(tree.root, {
        "staging/src/k8s.io/api/core/v1/doc.go": "// +k8s:openapi-gen=true\npackage v1\n",
        "vendor/k8s.io/api": "->../../staging/src/k8s.io/api",
        "vendor/github.com/other/lib/doc.go": "// +k8s:openapi-gen=true\npackage lib\n",  # vendor/ is pruned
        "docs/x/doc.go": "// +k8s:openapi-gen=true\npackage x\n",  # so are docs/ and examples/
        "_output/y/doc.go": "// +k8s:openapi-gen=true\npackage y\n",
        "pkg/apis/untagged/doc.go": "package untagged // mentions +k8s:openapi-gen= but has no tag line\n",
        "pkg/apis/offed/doc.go": "// +k8s:openapi-gen=false\npackage offed\n",  # the makefile keeps =false too
    })  # fmt: skip
    assert openapi_dirs(tree.root) == ["pkg/apis/offed", "pkg/apis/widgets", "vendor/k8s.io/api/core/v1"]


@needs_go
def test_build_compiles_with_release_version_openapi_and_patches(tree: SourceTree, recipe, tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    build = build_lab(tree, lab, ("kube-apiserver",), recipe=recipe)
    out = subprocess.run([build.binary("kube-apiserver")], capture_output=True, text=True, check=True).stdout.strip()
    versions, client, inputs, patched = out.split(" | ")
    assert versions == client == f"v1.9.9 {settings.UPSTREAM_COMMIT} clean"
    assert inputs == "k8s.io/kubernetes/pkg/apis/widgets"
    assert patched == "true"
    assert "Patched = false" in (tree.root / "pkg/patched/patched.go").read_text()  # the cached tree is never modified
    assert not (tree.root / "pkg/generated/openapi/zz_generated.openapi.go").exists()
    described = json.loads((build.root / "build.json").read_text())
    assert described["components"] == ["kube-apiserver"] and described["patches"] == ["fixture.patch"]
    assert "-X k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version.gitTreeState=clean" in described["ldflags"]

    before = build.binary("kube-apiserver").stat().st_mtime_ns
    started = time.perf_counter()
    again = build_lab(tree, lab, ("kube-apiserver",), recipe=recipe)
    assert time.perf_counter() - started < 1.0
    assert again == build and build.binary("kube-apiserver").stat().st_mtime_ns == before


@needs_go
def test_a_compile_error_names_the_first_error_and_leaves_nothing(tree: SourceTree, recipe, tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    with pytest.raises(LabError) as caught:
        build_lab(tree, lab, ("broken",), recipe=recipe)
    message = str(caught.value)
    assert message.startswith("broken failed (exit 2): ")
    assert "main.go:2:" in message and "undefined: undefinedThing" in message
    assert f"(full log: {lab / 'logs' / 'build-broken.log'})" in message
    assert [p.name for p in (lab / "builds").glob("*/bin/*")] == []  # no binary, no half-written one
    assert [p.name for p in (lab / "work").glob(".partial-*")] == []  # the build copy is complete or absent


def test_without_go_one_line_says_how_to_get_it(tree: SourceTree, recipe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(LabError, match=r"^the lab needs Go to build the real v1.9.9 binaries: apt-get install golang-go \(or any Go >= 1.19\); the rest of k8s-reader works without it$"):
        build_lab(tree, tmp_path / "lab", recipe=recipe)


def test_unknown_component(tree: SourceTree, recipe, tmp_path: Path) -> None:
    with pytest.raises(LabError, match="^--components: no component 'kubelet'; choose from kube-apiserver, broken$"):
        build_lab(tree, tmp_path / "lab", ("kubelet",), recipe=recipe)


def test_first_error_skips_package_headers() -> None:
    output = "k8s.io/kubernetes/pkg/a\n# k8s.io/kubernetes/cmd/broken\ncmd/broken/main.go:2:15: undefined: x\nnote\n"
    assert first_error(output) == "cmd/broken/main.go:2:15: undefined: x"
    assert first_error("# pkg\ncannot find package \"x\"\n") == 'cannot find package "x"'


@needs_go
def test_an_unwritable_lab_directory_is_one_line(tree: SourceTree, recipe, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ReaderError, match=rf"^lab directory {blocker}/lab is not writable \(Not a directory\); set K8S_READER_LAB or use --cache-dir DIR$"):
        build_lab(tree, blocker / "lab", recipe=recipe)
