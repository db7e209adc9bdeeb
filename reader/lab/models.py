"""What the lab reads and gives: the build recipe (from recipe.json), patches, and a finished build."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Patch:
    """A change the build copy needs before it compiles or runs with today's Go; never applied to the cached tree."""

    file: str  # under patches/ beside the recipe
    title: str
    reason: str
    upstream: str
    directory: Path

    @property
    def diff(self) -> str:
        return (self.directory / self.file).read_text()


@dataclass(frozen=True)
class OpenAPIGen:
    """How Makefile.generated_files runs openapi-gen (its gen_openapi rule)."""

    generator: str  # the generator's package, relative to the tree
    output_package: str
    output_base: str


@dataclass(frozen=True)
class Recipe:
    """Everything the lab build does, as data: which components, which Go settings, which patches."""

    import_path: str
    components: dict[str, str]  # binary name → its main package, relative to the tree
    go_env: dict[str, str]
    minimum_go: tuple[int, int]
    version_packages: tuple[str, ...]
    version_vars: dict[str, str]  # templates: {tag}, {upstream_commit}
    openapi: OpenAPIGen
    patches: tuple[Patch, ...]
    source: Path  # the recipe file

    def ldflags(self, tag: str, upstream_commit: str) -> str:
        """-X for every version variable in both version packages, as hack/lib/version.sh writes them."""
        values = {k: v.format(tag=tag, upstream_commit=upstream_commit) for k, v in self.version_vars.items()}
        return " ".join(f"-X {self.import_path}/{pkg}.{key}={value}" for key, value in values.items() for pkg in self.version_packages)

    def fingerprint(self) -> str:
        """Changes whenever anything the build does changes: this file and every patch."""
        digest = hashlib.sha256(self.source.read_bytes())
        for patch in self.patches:
            digest.update(patch.diff.encode())
        return digest.hexdigest()[:12]


@cache
def load_recipe(path: Path = HERE / "recipe.json") -> Recipe:
    raw = json.loads(path.read_text())
    major, minor = raw["minimum_go"].split(".")
    return Recipe(
        import_path=raw["import_path"],
        components=dict(raw["components"]),
        go_env=dict(raw["go_env"]),
        minimum_go=(int(major), int(minor)),
        version_packages=tuple(raw["version_packages"]),
        version_vars=dict(raw["version_vars"]),
        openapi=OpenAPIGen(**raw["openapi"]),
        patches=tuple(Patch(**p, directory=path.parent / "patches") for p in raw["patches"]),
        source=path,
    )


@dataclass(frozen=True)
class LabBuild:
    """Binaries of one tree built by one Go with one recipe: `bin/<component>` under `root`."""

    root: Path
    tree_commit: str
    go_version: str  # as `go env GOVERSION` prints it, e.g. go1.19.8

    def binary(self, component: str) -> Path:
        return self.root / "bin" / component

    def has(self, component: str) -> bool:
        return self.binary(component).is_file()
