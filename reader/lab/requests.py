"""The request corpus: objects sent to the real kube-apiserver v1.9.9 and to the request replica,
answer by answer.

Each case (reader/lab/requests/cases/<name>.yaml) is a list of requests run in a namespace of its
own, `req-<name>`, which the runner creates first (that POST is compared too).  A request names
its method and path (`{ns}` is the case's namespace) and a body: `seed:` one of the seed's files
(reader/lab/requests/seed/, sent as YAML), `yaml:` or `json:` inline, or `raw:` bytes with their
own `content_type`; `accept:` asks for another response type.

A body may say `{rv}` or `{clusterIP}`: the resourceVersion (or cluster IP) of the last object the
same server answered with in this case, so an update can carry what that server handed out.

One real server and one replica serve the whole corpus (a start costs seconds on two cores).
Answers are compared as parsed JSON (or YAML), status code included; what the comparison
ignores is `IGNORED`, each with the reason, and nothing else: error messages, field causes,
defaults, selfLinks and generations count.  An allocated cluster IP or node port is replaced
by a placeholder only after checking that it is inside the range and not held by another live
Service; a value the request asked for is compared exactly.
"""

from __future__ import annotations

import ipaddress
import json
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reader.lab.differential import Case, Kind, Result, first_difference, replica_server
from reader.lab.models import LabBuild
from reader.lab.up import free_port, start_lab
from reader.replicas.kube_apiserver.request import TYPES_ENV, read_api_types

CORPUS = Path(__file__).parent / "requests"
SERVICE_IP_RANGE = ipaddress.ip_network("10.0.0.0/24")  # both servers run with the default range
NODE_PORTS = range(30000, 32768)  # and the default --service-node-port-range 30000-32767
ALLOCATED_IP, ALLOCATED_PORT = "<allocated cluster IP>", "<allocated node port>"

IGNORED = {
    "uid": "a random UUID per object",
    "creationTimestamp, deletionTimestamp": "the server's clock when it wrote the object",
    "resourceVersion": "etcd's revision counter, which every write on the server (its own controllers' too) advances",
    "an allocated clusterIP / nodePort": "chosen at random in the range (checked: in range, held by no other live Service)",
}
_DROPPED_KEYS = frozenset({"uid", "creationTimestamp", "deletionTimestamp", "resourceVersion"})


@dataclass(frozen=True)
class Step:
    method: str
    path: str  # with {ns}
    body: bytes = b""
    content_type: str = ""
    accept: str = ""
    asked: Any = None  # the body as an object (to know which allocations the client chose)


@dataclass(frozen=True)
class RequestCase:
    name: str
    about: str
    steps: tuple[Step, ...]

    @property
    def namespace(self) -> str:
        return f"req-{self.name}"[:63]


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def load_corpus(directory: Path = CORPUS) -> list[RequestCase]:
    cases = []
    for path in sorted((directory / "cases").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text())
        try:
            steps = tuple(_step(directory, request) for request in raw["requests"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: each request needs method and path, and at most one of seed/yaml/json/raw ({exc})") from None
        cases.append(RequestCase(path.stem, raw.get("about", ""), steps))
    return cases


def _step(directory: Path, request: dict[str, Any]) -> Step:
    method, path = request["method"], request["path"]
    accept = request.get("accept", "")
    if "seed" in request:
        text = (directory / "seed" / request["seed"]).read_text()
        return Step(method, path, text.encode(), "application/yaml", accept, yaml.safe_load(text))
    if "yaml" in request:
        return Step(method, path, request["yaml"].encode(), "application/yaml", accept, yaml.safe_load(request["yaml"]))
    if "json" in request:
        return Step(method, path, json.dumps(request["json"]).encode(), "application/json", accept, request["json"])
    if "raw" in request:
        return Step(method, path, request["raw"].encode(), request["content_type"], accept)
    return Step(method, path, accept=accept)


def namespace_step(case: RequestCase) -> Step:
    body = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": case.namespace}}
    return Step("POST", "/api/v1/namespaces", json.dumps(body).encode(), "application/json", asked=body)


def send(base_url: str, step: Step, namespace: str, seen: dict[str, str] | None = None) -> Answer:
    """One request; `seen` holds what {rv} and {clusterIP} stand for on this server (and learns from the answer)."""
    headers = {"User-Agent": "k8s-reader-lab"}
    if step.content_type:
        headers["Content-Type"] = step.content_type
    if step.accept:
        headers["Accept"] = step.accept
    seen = {} if seen is None else seen
    body = step.body.replace(b"{ns}", namespace.encode())
    for name, value in seen.items():
        body = body.replace(f"{{{name}}}".encode(), value.encode())
    request = urllib.request.Request(base_url + step.path.replace("{ns}", namespace), data=body or None, headers=headers, method=step.method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = Answer(response.status, response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as error:
        with error:
            answer = Answer(error.code, error.headers.get("Content-Type", ""), error.read())
    _learn(answer, seen)
    return answer


def _learn(answer: Answer, seen: dict[str, str]) -> None:
    try:
        body = json.loads(answer.body) if answer.content_type.startswith("application/json") else None
    except ValueError:
        return
    if isinstance(body, dict) and body.get("kind") not in (None, "Status") and not body["kind"].endswith("List"):
        seen["rv"] = body.get("metadata", {}).get("resourceVersion", "")
        if body["kind"] == "Service":
            seen["clusterIP"] = body.get("spec", {}).get("clusterIP", "")


# ---------------------------------------------------------------- comparing


@dataclass
class Allocations:
    """One server's allocated cluster IPs and node ports, by the Service holding them."""

    ips: dict[str, str] = field(default_factory=dict)
    ports: dict[str, set[int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def take(self, owner: str, ip: str | None, ports: list[int]) -> None:
        if ip is not None:
            if ipaddress.ip_address(ip) not in SERVICE_IP_RANGE:
                self.problems.append(f"{owner}: cluster IP {ip} is outside {SERVICE_IP_RANGE}")
            holder = next((o for o, held in self.ips.items() if held == ip and o != owner), None)
            if holder:
                self.problems.append(f"{owner}: cluster IP {ip} is already {holder}'s")
            self.ips[owner] = ip
        for port in ports:
            if port not in NODE_PORTS:
                self.problems.append(f"{owner}: node port {port} is outside {NODE_PORTS.start}-{NODE_PORTS.stop - 1}")
            holder = next((o for o, held in self.ports.items() if port in held and o != owner), None)
            if holder:
                self.problems.append(f"{owner}: node port {port} is already {holder}'s")
        if ports:
            self.ports[owner] = set(ports)

    def release(self, owner: str) -> None:
        self.ips.pop(owner, None)
        self.ports.pop(owner, None)


def comparable(answer: Answer, step: Step, namespace: str, allocations: Allocations) -> str:
    """The answer as the text that is compared: the status line and the body parsed, with the
    IGNORED parts taken out (and allocations checked)."""
    kind = answer.content_type.split(";")[0].strip()
    text = answer.body.decode(errors="replace")
    try:
        body: Any = yaml.safe_load(text) if kind == "application/yaml" else json.loads(text) if kind == "application/json" else text
    except (ValueError, yaml.YAMLError):
        body = text
    if isinstance(body, (dict, list)):
        _note_allocations(body, step, namespace, allocations, answer.status)
        body = _without_ignored(body)
        body = json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False)
    return f"{answer.status} {kind}\n{body}"


def _note_allocations(body: Any, step: Step, namespace: str, allocations: Allocations, status: int) -> None:
    path = step.path.replace("{ns}", namespace)
    if step.method == "DELETE" and status == 200 and "/services/" in path:  # a bare Status: the Service is gone
        allocations.release(f"{namespace}/{path.rpartition('/')[2]}")
        return
    items = body.get("items") if isinstance(body, dict) and body.get("kind", "").endswith("List") else [body]
    asked_spec = (step.asked or {}).get("spec", {}) if isinstance(step.asked, dict) else {}
    for item in items or []:
        if not isinstance(item, dict) or item.get("kind", "Service") != "Service" or "clusterIP" not in item.get("spec", {}):
            continue
        spec, owner = item["spec"], f"{namespace}/{item.get('metadata', {}).get('name')}"
        if step.method == "DELETE" and status == 200:
            allocations.release(owner)
            continue
        ip = spec.get("clusterIP")
        node_ports = [p["nodePort"] for p in spec.get("ports") or [] if "nodePort" in p]
        allocations.take(owner, ip if ip not in ("", "None", None) else None, node_ports)
        if step.method in ("POST", "PUT") or step.method == "GET":
            if ip not in ("", "None", None) and asked_spec.get("clusterIP") != ip:
                spec["clusterIP"] = ALLOCATED_IP
            asked_ports = {p.get("port"): p.get("nodePort") for p in asked_spec.get("ports") or [] if isinstance(p, dict)}
            for port in spec.get("ports") or []:
                if "nodePort" in port and asked_ports.get(port.get("port")) != port["nodePort"]:
                    port["nodePort"] = ALLOCATED_PORT


def _without_ignored(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ignored(v) for k, v in value.items() if k not in _DROPPED_KEYS}
    if isinstance(value, list):
        return [_without_ignored(v) for v in value]
    return value


def compare_requests(build: LabBuild, lab_dir: Path, cases: list[RequestCase] | None = None) -> list[Result]:
    """Every request of the corpus to one real kube-apiserver and one replica, both started with
    default flags; a Result per request (named case #n METHOD path)."""
    cases = load_corpus() if cases is None else cases
    results = []
    with served_pair(build, lab_dir) as (real_url, replica_url):
        real_allocations, replica_allocations = Allocations(), Allocations()
        for case in cases:
            real_seen: dict[str, str] = {}
            replica_seen: dict[str, str] = {}
            for number, step in enumerate((namespace_step(case), *case.steps)):
                name = f"{case.name} #{number} {step.method} {step.path}"
                real = comparable(send(real_url, step, case.namespace, real_seen), step, case.namespace, real_allocations)
                replica = comparable(send(replica_url, step, case.namespace, replica_seen), step, case.namespace, replica_allocations)
                results.append(Result(Case(Kind.REQUEST, name, ()), real, replica, first_difference(real, replica)))
    for side, allocations in (("real", real_allocations), ("replica", replica_allocations)):
        for problem in allocations.problems:
            results.append(Result(Case(Kind.REQUEST, f"allocation ({side})", ()), "", problem, problem))
    return results


@contextmanager
def served_pair(build: LabBuild, lab_dir: Path) -> Iterator[tuple[str, str]]:
    """The real kube-apiserver (with etcd) and the replica, each on a free loopback port."""
    real_port, replica_port = free_port(), free_port()
    with start_lab(build, lab_dir, real_port) as lab, tempfile.TemporaryDirectory(prefix="k8s-reader-req-") as tmp:
        lists = Path(tmp) / "resources.json"
        lists.write_text("{}")  # discovery is not what this suite compares
        types = Path(tmp) / "api-types.json"
        types.write_text(json.dumps(read_api_types()))  # read once here, not by the replica on its first request
        args = (f"--etcd-servers={lab.etcd_url}", f"--insecure-port={replica_port}", "--secure-port=0", f"--cert-dir={lab.run_dir / 'certs' / 'replica'}")
        with replica_server(args, replica_port, lab.run_dir, lists, (f"{TYPES_ENV}={types}",)) as replica_url:
            yield lab.url, replica_url
