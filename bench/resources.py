"""Real-tree check: the API resource lists read from the source against the real server's answers.

    python bench/resources.py [DIR] [--enable gv,gv,...]

DIR (default /tmp/real/resources) holds what the real kube-apiserver v1.9.9 answered, one
file per group version: v1.json for GET /api/v1, apps_v1.json for GET /apis/apps/v1, ...
(--enable: the group versions that server was started with through --runtime-config).
Prints, per group version, "equal" or the first difference (key order counts, as in the
JSON the server writes), the notes, and the time `api_resources` took on the warm index.
Exits non-zero unless every file is matched.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import settings  # noqa: E402
from reader.facts.resources import api_resources  # noqa: E402
from reader.index import build_index  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402


def first_difference(real: dict, mine: dict) -> str:
    """Where two APIResourceList bodies first differ, as one line."""
    if list(real) != list(mine):
        return f"envelope keys: real {list(real)} / read {list(mine)}"
    real_names = [r["name"] for r in real["resources"]]
    mine_names = [r["name"] for r in mine["resources"]]
    if real_names != mine_names:
        missing = sorted(set(real_names) - set(mine_names))
        extra = sorted(set(mine_names) - set(real_names))
        return f"resources: missing {missing}, extra {extra}" if missing or extra else f"resource order: real {real_names} / read {mine_names}"
    for a, b in zip(real["resources"], mine["resources"]):
        if json.dumps(a) != json.dumps(b):
            return f"{a['name']}: real {json.dumps(a)} / read {json.dumps(b)}"
    return "top-level values differ"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default="/tmp/real/resources")
    parser.add_argument("--enable", default="", help="comma-separated group versions enabled on the real server")
    args = parser.parse_args()
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    index = build_index(tree.root, tree.commit, settings.default_cache_dir())
    started = time.perf_counter()
    served = api_resources(index, tree.root, enable=tuple(v for v in args.enable.split(",") if v))
    took = time.perf_counter() - started

    files = sorted(Path(args.dir).glob("*.json"))
    equal = 0
    for path in files:
        real = json.loads(path.read_text())
        gv = real.get("groupVersion", path.stem)
        if gv not in served.lists:
            print(f"{gv}: not read from the source")
            continue
        mine = served.to_json(gv)
        if json.dumps(real) == json.dumps(mine):
            equal += 1
            print(f"{gv}: equal")
        else:
            print(f"{gv}: {first_difference(real, mine)}")
    extra = sorted(set(served.lists) - {json.loads(p.read_text()).get("groupVersion") for p in files})
    if extra:
        print(f"read from the source but not in {args.dir}: {', '.join(extra)}")
    print(f"{equal}/{len(files)} equal; api_resources took {took:.2f} s; {len(served.notes)} notes:")
    for note in served.notes:
        print(f"  {note}")
    return 0 if equal == len(files) and not extra else 1


if __name__ == "__main__":
    raise SystemExit(main())
