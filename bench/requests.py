"""Benchmark: the request corpus against the real kube-apiserver and the request replica.

    python bench/requests.py      one real server (with etcd) and one replica, every request of
                                  reader/lab/requests/cases/, answers compared as parsed JSON

Times the API types read from the source, the replica answering the corpus in-process, and the
whole comparison over HTTP (both servers started once).  Needs the lab's binaries (k8s-reader lab
build), Go and etcd; the tree is $K8S_READER_SOURCE or ~/mirrors/kubernetes.
"""

from __future__ import annotations

import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import settings  # noqa: E402
from reader.lab import build_lab, lab_dir_for  # noqa: E402
from reader.lab.requests import compare_requests, load_corpus, namespace_step  # noqa: E402
from reader.replicas.kube_apiserver.request import APIServer, read_api_types, types_from  # noqa: E402
from reader.replicas.kube_apiserver.server_chain import Request  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402


def timed(label: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{label:<52}{time.perf_counter() - started:8.2f} s")
    return result


def answer_in_process(types) -> int:
    server = APIServer(types)
    count = 0
    for case in load_corpus():
        for step in (namespace_step(case), *case.steps):
            url = urllib.parse.urlsplit(step.path.replace("{ns}", case.namespace))
            server.serve(Request(url.path, urllib.parse.parse_qs(url.query), "bench", step.method, step.body.replace(b"{ns}", case.namespace.encode()), step.content_type, step.accept))
            count += 1
    return count


def main() -> None:
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    lab_dir = lab_dir_for(settings.default_cache_dir())
    build = build_lab(tree, lab_dir)
    raw = timed("API types read from the source (index cached)", read_api_types)
    count = timed("replica answers the corpus in-process", lambda: answer_in_process(types_from(raw)))
    results = timed("compare over HTTP (real server + replica, one start)", lambda: compare_requests(build, lab_dir))
    print(f"{'requests in the corpus':<52}{count:5d}")
    print(f"{'equal to the real kube-apiserver':<52}{sum(r.equal for r in results):5d} / {len(results)}")


if __name__ == "__main__":
    main()
