"""`lab build`: the real v1.9.9 binaries, compiled from the cached tree as the release build does.

One linear pipeline, each step cached:
1. a build copy of the tree (the cached clone itself is never touched), laid out in GOPATH mode;
2. the recipe's patches applied to the copy (reflect2 for Go >= 1.18);
3. pkg/generated/openapi/zz_generated.openapi.go generated as Makefile.generated_files does;
4. `go build` of each component with the release version in -ldflags.

The copy is prepared in a `.partial-*` directory and renamed when complete; each binary is written
beside its final name and renamed when the compiler succeeds, so an interrupted or failed build
leaves nothing that looks finished.  Binaries are keyed by tree commit, Go version and recipe
fingerprint: a second build with the same three only checks that the files are there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from reader import settings
from reader.lab.models import LabBuild, Recipe, load_recipe
from reader.lab.openapi import openapi_dirs
from reader.lab.toolchain import Go, LabError, find_go
from reader.partial import ensure_writable, sweep_abandoned
from reader.report import Reporter
from reader.source.models import SourceTree

_PARTIAL = ".partial-"
_PREPARED = "prepared.json"


def build_lab(
    tree: SourceTree, lab_dir: Path, components: tuple[str, ...] | None = None, reporter: Reporter | None = None, recipe: Recipe | None = None
) -> LabBuild:
    """Build (or find cached) binaries of `components` (default: all the recipe knows) from `tree`."""
    reporter = reporter or Reporter()
    recipe = recipe or load_recipe()
    wanted = components or tuple(recipe.components)
    unknown = [c for c in wanted if c not in recipe.components]
    if unknown:
        raise LabError(f"--components: no component {unknown[0]!r}; choose from {', '.join(recipe.components)}")
    go = find_go(recipe)
    build = _build_for(tree, lab_dir, recipe, go)
    missing = [c for c in wanted if not build.has(c)]
    if not missing:
        return build
    ensure_writable(lab_dir, f"lab directory {lab_dir}", f"set {settings.LAB_ENV} or use --cache-dir DIR")
    source = _prepared_copy(tree, lab_dir, recipe, go, reporter)
    (build.root / "bin").mkdir(parents=True, exist_ok=True)
    for component in missing:
        _compile(component, source, build, recipe, go, tree, lab_dir, reporter)
    (build.root / "build.json").write_text(json.dumps(_describe(build, recipe, tree), indent=1))
    return build


def existing_build(tree: SourceTree, lab_dir: Path, component: str = "kube-apiserver") -> LabBuild | None:
    """The build of `tree` by the Go on PATH, if it already holds `component`; never compiles."""
    recipe = load_recipe()
    build = _build_for(tree, lab_dir, recipe, find_go(recipe))
    return build if build.has(component) else None


def _build_for(tree: SourceTree, lab_dir: Path, recipe: Recipe, go: Go) -> LabBuild:
    return LabBuild(lab_dir / "builds" / f"{tree.short_commit}-{go.version}-{recipe.fingerprint()}", tree.commit, go.version)


def lab_dir_for(cache_dir: Path) -> Path:
    """$K8S_READER_LAB, else `lab/` in the cache directory."""
    return Path(os.environ[settings.LAB_ENV]).expanduser() if os.environ.get(settings.LAB_ENV) else cache_dir / "lab"


# ---------------------------------------------------------------- steps 1-3: the prepared build copy


def _prepared_copy(tree: SourceTree, lab_dir: Path, recipe: Recipe, go: Go, reporter: Reporter) -> Path:
    """$GOPATH/src/k8s.io/kubernetes of a complete build copy: copied, patched, openapi generated."""
    work = lab_dir / "work"
    final = work / f"{tree.short_commit}-{recipe.fingerprint()}"
    if (final / _PREPARED).is_file():
        return final / "gopath" / "src" / recipe.import_path
    work.mkdir(parents=True, exist_ok=True)
    sweep_abandoned(work, _PARTIAL)
    if final.exists():
        shutil.rmtree(final)
    partial = Path(tempfile.mkdtemp(prefix=f"{_PARTIAL}{os.getpid()}-", dir=work))
    try:
        source = partial / "gopath" / "src" / recipe.import_path
        _copy_tree(tree.root, source, reporter)
        _apply_patches(source, recipe, reporter)
        _generate_openapi(source, partial, recipe, go, lab_dir, reporter)
        (partial / _PREPARED).write_text(json.dumps({"tree": tree.commit, "patches": [p.file for p in recipe.patches]}))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final / "gopath" / "src" / recipe.import_path


def _copy_tree(root: Path, dest: Path, reporter: Reporter) -> None:
    task = "lab: copying the v1.9.9 tree"
    total = sum(len(files) for current, _, files in os.walk(root) if "/.git" not in current + "/")
    done = 0

    def copy(src: str, dst: str) -> None:
        nonlocal done
        shutil.copy2(src, dst)
        done += 1
        if done % 500 == 0 or done == total:
            reporter.progress(task, done, total)

    reporter.progress(task, 0, total)
    shutil.copytree(root, dest, symlinks=True, ignore=lambda d, names: [".git"] if Path(d) == root else [], copy_function=copy)
    reporter.progress(task, total, total)


def _apply_patches(source: Path, recipe: Recipe, reporter: Reporter) -> None:
    task = "lab: applying patches"
    for done, patch in enumerate(recipe.patches):
        reporter.progress(task, done, len(recipe.patches))
        # git apply outside any repository: stop it from finding one above the copy
        env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(source.parent)}
        result = subprocess.run(["git", "apply", "--whitespace=nowarn", "-"], input=patch.diff, cwd=source, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            first = (result.stderr.strip().splitlines() or ["git apply failed"])[0]
            raise LabError(f"patch {patch.file} does not apply to this tree: {first} (is it v1.9.9?)")
    reporter.progress(task, len(recipe.patches), len(recipe.patches))


def _generate_openapi(source: Path, gopath_parent: Path, recipe: Recipe, go: Go, lab_dir: Path, reporter: Reporter) -> None:
    """Makefile.generated_files' gen_openapi: build openapi-gen, run it over every tagged package."""
    task = "lab: generating OpenAPI definitions (openapi-gen)"
    spec = recipe.openapi
    env = go.env(recipe, gopath_parent / "gopath", lab_dir / "go-build")
    generator = gopath_parent / "bin" / "openapi-gen"
    reporter.progress(task, 0, 3)
    _run_logged([go.path, "build", "-o", str(generator), f"./{spec.generator}"], source, env, lab_dir / "logs" / "openapi-gen-build.log", "openapi-gen")
    reporter.progress(task, 1, 3)
    packages = ",".join(f"{recipe.import_path}/{d}" for d in openapi_dirs(source))
    reporter.progress(task, 2, 3)
    argv = [str(generator), "--logtostderr", "-i", packages, "-p", f"{recipe.import_path}/{spec.output_package}", "-O", spec.output_base]
    _run_logged(argv, source, env, lab_dir / "logs" / "openapi-gen.log", "openapi-gen")
    reporter.progress(task, 3, 3)


# ---------------------------------------------------------------- step 4: go build


def _compile(component: str, source: Path, build: LabBuild, recipe: Recipe, go: Go, tree: SourceTree, lab_dir: Path, reporter: Reporter) -> None:
    task = f"lab: building {component}"
    package = f"./{recipe.components[component]}"
    env = go.env(recipe, source.parents[2], lab_dir / "go-build")
    reporter.progress(task, 0, None)
    listed = subprocess.run([go.path, "list", "-deps", package], cwd=source, env=env, capture_output=True, text=True)
    total = len(listed.stdout.split()) if listed.returncode == 0 else None
    compiled = 0

    def count(line: str) -> None:  # go build -v names each package as it compiles it
        nonlocal compiled
        if line and not line.startswith(("#", " ")) and ".go:" not in line:
            compiled += 1
            reporter.progress(task, min(compiled, total or compiled), total)

    out = build.binary(component)
    partial = out.with_name(f"{_PARTIAL}{component}-{os.getpid()}")
    ldflags = recipe.ldflags(tree.tag, settings.UPSTREAM_COMMIT)
    argv = [go.path, "build", "-v", "-ldflags", ldflags, "-o", str(partial), package]
    try:
        _run_logged(argv, source, env, lab_dir / "logs" / f"build-{component}.log", component, on_line=count)
        partial.rename(out)
    finally:
        partial.unlink(missing_ok=True)
    reporter.progress(task, total or compiled, total or compiled)


def _run_logged(argv: list[str], cwd: Path, env: dict[str, str], log: Path, what: str, on_line: Callable[[str], None] | None = None) -> None:
    """Run to completion, output to `log`; a failure raises with its first error line.  The child
    runs in its own session and is killed if we are interrupted: it never outlives the build."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as sink:
        with subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True) as child:
            try:
                for line in child.stdout:
                    sink.write(line)
                    if on_line is not None:
                        on_line(line.rstrip("\n"))
                code = child.wait()
            except BaseException:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                raise
    if code != 0:
        raise LabError(f"{what} failed (exit {code}): {first_error(log.read_text())} (full log: {log})")


_GO_ERROR = re.compile(r"^\S+\.go:\d+(:\d+)?: ")


def first_error(output: str) -> str:
    """The first compiler error in go build's output, else its first line that is not a package header."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        if _GO_ERROR.match(line):
            return line
    return next((line for line in lines if not line.startswith("#")), "no output")


# ---------------------------------------------------------------- bookkeeping


def _describe(build: LabBuild, recipe: Recipe, tree: SourceTree) -> dict[str, object]:
    return {
        "tree_commit": tree.commit, "tag": tree.tag, "go": build.go_version, "recipe": recipe.fingerprint(),
        "ldflags": recipe.ldflags(tree.tag, settings.UPSTREAM_COMMIT), "patches": [p.file for p in recipe.patches],
        "components": [c for c in recipe.components if build.has(c)],
    }  # fmt: skip
