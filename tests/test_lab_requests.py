"""The request corpus against the real kube-apiserver v1.9.9 (reader/lab/requests.py): one real
server with etcd and one replica, every request of reader/lab/requests/cases/, answers compared as
parsed JSON.  Needs the real tree, Go and etcd (it skips with the reason otherwise); the corpus
and the comparison's own rules are tested below without a lab."""

from __future__ import annotations

import json

import pytest

from reader.lab.requests import (
    ALLOCATED_IP, ALLOCATED_PORT, Allocations, Answer, Step, comparable, compare_requests, load_corpus, namespace_step,
)  # fmt: skip


@pytest.mark.realtree
def test_every_request_of_the_corpus_equals_the_real_server(real_lab) -> None:
    build, lab_dir = real_lab
    results = compare_requests(build, lab_dir)
    different = [r for r in results if not r.equal]
    assert len(results) >= 43
    assert not different, f"{len(different)} of {len(results)} differ:\n" + "\n".join(f"  {r.case.name}: {r.difference}" for r in different[:40])


# ---------------------------------------------------------------- the corpus and the comparison, no lab


def test_the_corpus_has_the_seed_s_three_objects_and_forty_more_requests() -> None:
    cases = {c.name: c for c in load_corpus()}
    for name, kind in (("seed-deployment", b"kind: Deployment"), ("seed-service", b"kind: Service"), ("seed-configmap", b"kind: ConfigMap")):
        assert kind in cases[name].steps[0].body  # the seed's file, as the seed wrote it
    cases = list(cases.values())
    assert sum(len(c.steps) for c in cases) - 3 >= 40
    assert all(c.about for c in cases) and len({c.namespace for c in cases}) == len(cases)
    assert all(len(c.namespace) <= 63 for c in cases)


def _answer(body: object, status: int = 201) -> Answer:
    return Answer(status, "application/json", json.dumps(body).encode())


def test_only_the_ignored_fields_and_chosen_allocations_are_normalised() -> None:
    step = Step("POST", "/api/v1/namespaces/{ns}/services", asked={"spec": {"ports": [{"port": 80}]}})
    service = {"kind": "Service", "metadata": {"name": "web", "uid": "u", "resourceVersion": "7", "creationTimestamp": "t", "selfLink": "/s"},
               "spec": {"clusterIP": "10.0.0.9", "ports": [{"port": 80, "nodePort": 30001}]}}  # fmt: skip
    allocations = Allocations()
    text = comparable(_answer(service), step, "ns", allocations)
    assert ALLOCATED_IP in text and ALLOCATED_PORT in text and '"selfLink": "/s"' in text
    assert "uid" not in text and "resourceVersion" not in text and "creationTimestamp" not in text
    assert allocations.ips == {"ns/web": "10.0.0.9"} and not allocations.problems
    asked = Step("POST", "/api/v1/namespaces/{ns}/services", asked={"spec": {"clusterIP": "10.0.0.9"}})
    assert '"clusterIP": "10.0.0.9"' in comparable(_answer(service), asked, "ns", Allocations())  # asked for: compared exactly


def test_allocations_out_of_range_or_held_twice_are_problems() -> None:
    allocations = Allocations()
    allocations.take("ns/a", "10.0.0.9", [30001])
    allocations.take("ns/b", "10.0.0.9", [40000])
    assert allocations.problems == ["ns/b: cluster IP 10.0.0.9 is already ns/a's", "ns/b: node port 40000 is outside 30000-32767"]
    allocations.release("ns/a")
    allocations.release("ns/b")
    allocations.take("ns/c", "10.0.0.9", [30001])  # free again once its holders are deleted
    assert len(allocations.problems) == 2


def test_each_case_starts_by_creating_its_namespace() -> None:
    case = load_corpus()[0]
    step = namespace_step(case)
    assert (step.method, step.path) == ("POST", "/api/v1/namespaces") and json.loads(step.body)["metadata"]["name"] == case.namespace
