"""Real-tree check: the API resource lists read from the source against the real server's answers.

    python bench/resources.py [--enable gv,gv,...] [--from DIR]

The real answers come from the lab: the real kube-apiserver v1.9.9 (built by `k8s-reader lab
build`; needs Go and etcd) is started with --runtime-config=<gv>=true for each --enable and
asked for /api/v1 and every /apis/<group>/<version> its /apis lists.  --from DIR reads saved
answers instead, one file per group version (v1.json, apps_v1.json, ...).
Prints, per group version, "equal" or the first difference (key order counts, as in the
JSON the server writes), the notes, and the time `api_resources` took on the warm index.
Exits non-zero unless every file is matched.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.request
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
    parser.add_argument("--from", dest="saved", metavar="DIR", help="saved answers instead of a running lab")
    parser.add_argument("--enable", default="", help="comma-separated group versions to enable on both sides")
    args = parser.parse_args()
    enable = tuple(v for v in args.enable.split(",") if v)
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    index = build_index(tree.root, tree.commit, settings.default_cache_dir())
    started = time.perf_counter()
    served = api_resources(index, tree.root, enable=enable)
    took = time.perf_counter() - started

    answers = saved_answers(Path(args.saved)) if args.saved else lab_answers(tree, enable)
    equal = 0
    for real in answers:
        gv = real["groupVersion"]
        if gv not in served.lists:
            print(f"{gv}: not read from the source")
            continue
        mine = served.to_json(gv)
        if json.dumps(real) == json.dumps(mine):
            equal += 1
            print(f"{gv}: equal")
        else:
            print(f"{gv}: {first_difference(real, mine)}")
    extra = sorted(set(served.lists) - {real["groupVersion"] for real in answers})
    if extra:
        print(f"read from the source but not served by the real server: {', '.join(extra)}")
    print(f"{equal}/{len(answers)} equal; api_resources took {took:.2f} s; {len(served.notes)} notes:")
    for note in served.notes:
        print(f"  {note}")
    return 0 if equal == len(answers) and not extra else 1


def saved_answers(directory: Path) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]


def lab_answers(tree, enable: tuple[str, ...]) -> list[dict]:
    from reader.lab import build_lab, free_port, lab_dir_for, start_lab

    lab_dir = lab_dir_for(settings.default_cache_dir())
    flags = (f"--runtime-config={','.join(f'{gv}=true' for gv in enable)}",) if enable else ()
    with start_lab(build_lab(tree, lab_dir, ("kube-apiserver",)), lab_dir, free_port(), apiserver_args=flags) as lab:
        def get(path: str) -> dict:
            with urllib.request.urlopen(urllib.request.Request(lab.url + path, headers={"User-Agent": "bench"})) as response:
                return json.loads(response.read())

        versions = [v["groupVersion"] for group in get("/apis")["groups"] for v in group["versions"]]
        return [get("/api/v1"), *(get(f"/apis/{gv}") for gv in versions)]


if __name__ == "__main__":
    raise SystemExit(main())
