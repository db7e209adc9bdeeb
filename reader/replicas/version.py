"""The version a kube-apiserver v1.9.9 release binary reports (--version, /version).

Mirrors pkg/version (version.go `Get`, base.go) at Kubernetes v1.9.9.  In the Go source the
fields are placeholders ("v0.0.0-master+$Format:%h$"); the release build fills them with
-ldflags from hack/lib/version.sh: the tag, its commit, "clean", the build time.  The Go version
is the release build image's (build/build-image/cross/VERSION: v1.9.3-1 → go1.9.3).  The build
time of the official binaries is not in the source; this replica reports the tag's commit time.

Run it:  python -m reader.replicas.version [--raw]
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass

from reader import settings

MIRRORS = {"get": "k8s.io/kubernetes/pkg/version.Get"}

GO_VERSION = "go1.9.3"
COMMIT_TIME = "2018-06-27T08:42:53Z"  # the v1.9.9 commit's time, standing in for the build time


@dataclass(frozen=True)
class Info:
    """apimachinery's version.Info; JSON keys as its struct tags write them."""

    major: str
    minor: str
    gitVersion: str
    gitCommit: str
    gitTreeState: str
    buildDate: str
    goVersion: str
    compiler: str
    platform: str

    def __str__(self) -> str:  # Info.String(): the git version; fmt's %v and %+v call it (Run logs it so)
        return self.gitVersion

    def go_syntax(self) -> str:
        """fmt's %#v, what `--version=raw` prints."""
        fields = ", ".join(f'{name[0].upper() + name[1:]}:"{value}"' for name, value in asdict(self).items())
        return "version.Info{" + fields + "}"

    def json(self) -> str:
        """What /version returns (apiserver writes JSON indented by two spaces)."""
        return json.dumps(asdict(self), indent=2)


def get(tag: str = settings.UPSTREAM_TAG, commit: str = settings.UPSTREAM_COMMIT) -> Info:
    """version.Get() of a release build: major and minor cut from the tag as hack/lib/version.sh does."""
    match = re.match(r"^v(\d+)\.(\d+)\.", tag)
    major, minor = (match.group(1), match.group(2)) if match else ("", "")
    return Info(major, minor, tag, commit, "clean", COMMIT_TIME, GO_VERSION, "gc", "linux/amd64")


def main(argv: list[str]) -> int:
    print(get().go_syntax() if argv == ["--raw"] else get().json())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
