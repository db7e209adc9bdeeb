"""The replica against the real kube-apiserver v1.9.9: the same inputs to both, case by case.

Two kinds of case: a command line (exit code, stdout and stderr of a run that ends by itself)
and an HTTP request to a running server (status, Content-Type and body), both servers started
with the same flags.  Each result is "equal" or the first line that differs.

Outputs are compared byte for byte after the normalisations in ALLOWED, and only those: each
one names a difference that is not the replica's to remove, with the reason.
"""

from __future__ import annotations

import enum
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reader.books import load_book
from reader.lab.models import LabBuild
from reader.lab.processes import ChildSpec, Supervisor
from reader.lab.up import HOST, READY_TIMEOUT, free_port, start_lab
from reader.replicas import module_name
from reader.replicas.kube_apiserver.server_chain import RESOURCES_ENV

COMMAND_TIMEOUT = 60.0


class Kind(enum.Enum):
    COMMAND = "command line"
    HTTP = "HTTP"
    REQUEST = "request"  # an object sent to a resource (reader/lab/requests.py): compared as parsed JSON


@dataclass(frozen=True)
class Allowed:
    """A difference between the real binary and the replica that the comparison ignores, and why."""

    name: str
    reason: str
    normalize: Callable[[str], str]


def _sub(pattern: str, replacement: str, flags: int = 0) -> Callable[[str], str]:
    compiled = re.compile(pattern, flags)
    return lambda text: compiled.sub(replacement, text)


def _sort_gce_cidrs(text: str) -> str:
    def sort(match: re.Match[str]) -> str:
        return match[1] + ",".join(sorted(match[2].split(","))) + match[3]

    return re.sub(r"(--cloud-provider-gce-lb-src-cidrs .*\(default )([^)]*)(\))", sort, text)


ALLOWED = (
    Allowed("glog prefixes",
            "glog starts each line with severity, date, time, thread id and file:line; the replica prints the message alone",
            _sub(r"^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ [^\]\s]+:\d+\] ", "", re.MULTILINE)),
    Allowed("program name", "pflag's usage header names argv[0], the path each side was started as",
            _sub(r"^Usage of .*:$", "Usage of <argv0>:", re.MULTILINE)),
    Allowed("Go version", "the lab builds with the Go installed here; the release (and the replica) report go1.9.3",
            _sub(r"go1\.\d+(\.\d+)?(?=[\"\s,}])", "go<version>")),
    Allowed("Go's duration errors", 'Go >= 1.15 quotes them (unknown unit "x" in duration "1x"); go1.9.3, the release\'s Go, did not',
            _sub(r'time: (unknown unit|invalid duration|missing unit in duration) "?([^"\s]*)"?( in duration "?([^"\s]*)"?)?',
                 lambda m: f"time: {m[1]} {m[2]}" + (f" in duration {m[4]}" if m[3] else ""))),
    Allowed("map order", "Go prints --cloud-provider-gce-lb-src-cidrs' default from a map, in random order: compared as a set",
            _sort_gce_cidrs),
    Allowed("advertise address", "kube-apiserver picks it from the host's network interfaces; the replica does not read them",
            _sub(r'"serverAddress": ?"[^"]*"', '"serverAddress": "<advertise>"')),
)  # fmt: skip


def normalize(text: str) -> str:
    for allowed in ALLOWED:
        text = allowed.normalize(text)
    return text


@dataclass(frozen=True)
class Case:
    kind: Kind
    name: str
    args: tuple[str, ...]  # command-line flags; for HTTP, the flags both servers run with
    path: str = ""  # HTTP only
    user_agent: str = "Go-http-client/1.1"
    component: str = "kube-apiserver"  # the binary (and the book whose main replica stands for it)


@dataclass(frozen=True)
class Result:
    case: Case
    real: str  # the real binary's outcome, as compared (normalised)
    replica: str
    difference: str | None  # None: equal

    @property
    def equal(self) -> bool:
        return self.difference is None


def compare(case: Case, real: str, replica: str) -> Result:
    real, replica = normalize(real), normalize(replica)
    return Result(case, real, replica, first_difference(real, replica))


def first_difference(real: str, replica: str) -> str | None:
    if real == replica:
        return None
    real_lines, replica_lines = real.splitlines(), replica.splitlines()
    for number, (a, b) in enumerate(zip(real_lines, replica_lines), 1):
        if a != b:
            return f"line {number}: real {a[:160]!r}, replica {b[:160]!r}"
    if len(real_lines) != len(replica_lines):
        longer, which = (real_lines, "real") if len(real_lines) > len(replica_lines) else (replica_lines, "replica")
        return f"line {min(len(real_lines), len(replica_lines)) + 1}: only the {which} has {longer[min(len(real_lines), len(replica_lines))][:160]!r}"
    return "same lines, different line endings or trailing newline"


# ---------------------------------------------------------------- command lines


# Runs that end by themselves: each flag problem kube-apiserver reports before it serves.
# --cert-dir keeps the real binary's self-signed certificates out of /var/run/kubernetes.
_NO_ETCD = "--etcd-servers=http://127.0.0.1:1"
COMMAND_CASES = tuple(Case(Kind.COMMAND, name, args) for name, args in (
    ("--help", ("--help",)),
    ("--version", ("--version",)),
    ("--version=raw", ("--version=raw",)),
    ("unknown flag", ("--no-such-flag",)),
    ("invalid int", ("--secure-port=x",)),
    ("invalid duration", ("--request-timeout=1x",)),
    ("invalid IP", ("--bind-address=x",)),
    ("invalid CIDR", ("--service-cluster-ip-range=x",)),
    ("invalid bool", ("--watch-cache=maybe",)),
    ("missing --etcd-servers", ("--secure-port=0",)),
    ("--secure-port out of range", (_NO_ETCD, "--secure-port=70000")),
    ("--insecure-port out of range", (_NO_ETCD, "--secure-port=0", "--insecure-port=-1")),
    ("--apiserver-count 0", (_NO_ETCD, "--secure-port=0", "--apiserver-count=0")),
    ("service range too small", (_NO_ETCD, "--secure-port=0", "--service-cluster-ip-range=10.0.0.0/30")),
    ("service range too large", (_NO_ETCD, "--secure-port=0", "--service-cluster-ip-range=10.0.0.0/8")),
    ("--runtime-config unregistered group", (_NO_ETCD, "--secure-port=0", "--runtime-config=foo/v1=true")),
    ("--runtime-config bad value", (_NO_ETCD, "--secure-port=0", "--runtime-config=batch/v1=maybe")),
    ("--runtime-config apis/ prefix", (_NO_ETCD, "--secure-port=0", "--runtime-config=apis/batch/v2alpha1=true")),
))  # fmt: skip


# kube-scheduler and kube-controller-manager: runs that end by themselves, every one before a
# cluster would matter (no case has an API server to reach; the environment has no in-cluster one)
SCHEDULER_CASES = tuple(Case(Kind.COMMAND, name, args, component="kube-scheduler") for name, args in (
    ("--help", ("--help",)), ("-h", ("-h",)), ("unknown flag", ("--nope",)), ("invalid int", ("--port=abc",)),
    ("invalid bool", ("--profiling=maybe",)), ("--version", ("--version",)), ("--version=raw", ("--version=raw",)),
    ("an argument", ("extra",)), ("unknown feature gate", ("--feature-gates=Nope=true",)),
    ("underscore flag (no normaliser on the command's flags)", ("--log_dir=/tmp",)),
    ("invalid duration", ("--leader-elect-lease-duration=1x",)),
    ("deprecated flag, then --version", ("--hard-pod-affinity-symmetric-weight=3", "--version")),
    ("missing --config file", ("--config=/nonexistent",)), ("-v=2 and an argument", ("-v=2", "extra")),
    ("invalid --address", ("--address=[bad",)),
    ("a feature gate, --port=-1", ("--feature-gates=TaintNodesByCondition=true", "--port=-1")),
    ("no arguments", ()),
))  # fmt: skip
CONTROLLER_MANAGER_CASES = tuple(Case(Kind.COMMAND, name, args, component="kube-controller-manager") for name, args in (
    ("--help", ("--help",)), ("unknown flag", ("--no-such-flag",)), ("invalid int", ("--port=x",)),
    ("invalid duration", ("--node-monitor-period=1x",)), ("invalid bool", ("--leader-elect=maybe",)),
    ("invalid IP", ("--address=x",)), ("invalid float", ("--kube-api-qps=fast",)), ("--version", ("--version",)),
    ("--version=raw", ("--version=raw",)), ("--controllers without a value", ("--controllers",)),
    ("unknown feature gate", ("--feature-gates=Nope=true",)), ("invalid glog level", ("--v=x",)),
    ("deprecated flag, then an unknown controller", ("--node-sync-period=1s", "--controllers=nope")),
    ("unknown controllers", ("--controllers=*,-nope,x",)), ("neither --master nor --kubeconfig", ()),
    ("missing --kubeconfig", ("--kubeconfig=/no/such/kubeconfig",)),
))  # fmt: skip


@dataclass(frozen=True)
class CommandSuite:
    """One binary's command-line cases, and the replica that stands for it."""

    component: str
    replica: str  # a replica id: kube-scheduler/main
    cases: tuple[Case, ...]
    cert_dir: bool  # pass --cert-dir: kube-apiserver writes self-signed certificates unless told where


# each against its book's main replica
COMMAND_SUITES = tuple(CommandSuite(name, load_book(name).main_replica, cases, cert_dir) for name, cases, cert_dir in (
    ("kube-apiserver", COMMAND_CASES, True),
    ("kube-scheduler", SCHEDULER_CASES, False),
    ("kube-controller-manager", CONTROLLER_MANAGER_CASES, False),
))  # fmt: skip


def replica_command(replica: str = "kube-apiserver/main") -> tuple[str, ...]:
    return (sys.executable, "-m", module_name(replica))


def run_command(argv: tuple[str, ...], cert_dir: Path, pass_cert_dir: bool = True) -> str:
    """Exit code, stdout and stderr of one run, as one text to compare (outside a pod, in an empty home)."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cert_dir), "LC_ALL": "C"}
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    try:
        argv = (*argv, f"--cert-dir={cert_dir}") if pass_cert_dir else argv
        done = subprocess.run(argv, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, env=env, cwd=cert_dir)
    except subprocess.TimeoutExpired:
        return f"did not exit within {COMMAND_TIMEOUT:.0f} s"
    return f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"


def compare_commands(build: LabBuild, suite: CommandSuite = COMMAND_SUITES[0]) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="k8s-reader-cmp-") as tmp:
        cert_dir = Path(tmp) / "certs"  # the same path for both sides, emptied between runs
        for case in suite.cases:
            outcomes = []
            for argv in ((str(build.binary(suite.component)),), replica_command(suite.replica)):
                cert_dir.mkdir()
                outcomes.append(run_command((*argv, *case.args), cert_dir, suite.cert_dir))
                shutil.rmtree(cert_dir)
            results.append(compare(case, *outcomes))
    return results


# ---------------------------------------------------------------- HTTP


# Flags both servers run with besides the addresses; each set is one pair of servers.
SERVER_VARIANTS = (
    (),
    ("--runtime-config=batch/v2alpha1=true,settings.k8s.io/v1alpha1=true",),
    ("--runtime-config=autoscaling/v2beta1=false,apps/v1beta1=false",),
    # malformed (no "#size"): defaultOptions drops ParseWatchCacheSizes' error and overwrites the
    # flag's value with the heuristic sizes, so v1.9.9 starts as if it had not been given
    ("--watch-cache-sizes=pods",),
)
USER_AGENTS = ("Go-http-client/1.1", "curl/7.88.1", "kubectl/v1.9.9 (linux/amd64) kubernetes/57729ea")
UNKNOWN_PATHS = ("/nope", "/api/v2", "/apis/nope", "/apis/apps/v9", "/healthz/nope")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:  # a redirect is an answer to compare
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def fetch(url: str, user_agent: str) -> str:
    """Status, Content-Type, Location (when there is one) and body, as one text to compare."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with _OPENER.open(request, timeout=30) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            status, headers, body = error.code, error.headers, error.read()
    location = f"Location: {headers['Location']}\n" if headers.get("Location") else ""
    return f"{status} {headers.get('Content-Type', '')}\n{location}{body.decode(errors='replace')}"


def http_paths(real_url: str) -> list[str]:
    """What to ask both servers: every path the real server lists at /, each of its health
    checks, and paths it does not serve."""
    import json

    listed = json.loads(fetch(real_url + "/", USER_AGENTS[0]).split("\n", 1)[1])["paths"]
    verbose = fetch(real_url + "/healthz?verbose", USER_AGENTS[0]).split("\n", 1)[1]
    checks = [f"/healthz/{m[1]}" for m in re.finditer(r"^\[[+-]\](\S+) ", verbose, re.MULTILINE)]
    skipped = ("/logs", "/metrics", "/swagger", "/openapi")  # large, and not discovery: left out, see LEFT_OUT
    return ["/", "/index.html", *(p for p in listed if p != "/" and not p.startswith(skipped)), "/healthz?verbose", *checks, *UNKNOWN_PATHS]


LEFT_OUT = {
    "/metrics, /logs, /swagger*, /openapi/v2": "not discovery: the replica does not serve them and no comparison is made",
}


@contextmanager
def replica_server(args: tuple[str, ...], port: int, run_dir: Path, resources: Path, env: tuple[str, ...] = ()) -> Iterator[str]:
    """The replica as a process, handed the resource lists read from the source (RESOURCES_ENV)
    and any other `NAME=value` in `env`."""
    argv = ("env", f"{RESOURCES_ENV}={resources}", *env, *replica_command(), *args)
    spec = ChildSpec("replica", argv, run_dir / "logs" / f"replica-{port}.log", f"http://{HOST}:{port}/healthz", lambda body: body == "ok")
    with Supervisor() as supervisor:
        supervisor.start(spec, READY_TIMEOUT)
        yield f"http://{HOST}:{port}"


def enabled_by(variants: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The group versions some variant switches on (`gv=true` in --runtime-config)."""
    return tuple(dict.fromkeys(
        key for variant in variants for flag in variant if flag.startswith("--runtime-config=")
        for key, _, value in (item.partition("=") for item in flag.split("=", 1)[1].split(",")) if value == "true"
    ))  # fmt: skip


def compare_http(build: LabBuild, lab_dir: Path, resources: dict[str, object], variants: tuple[tuple[str, ...], ...] = SERVER_VARIANTS) -> list[Result]:
    """`resources`: every group version's APIResourceList as the facts read it (ServedResources.bodies()
    with enabled_by(variants) enabled)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="k8s-reader-cmp-") as tmp:
        lists = Path(tmp) / "resources.json"
        lists.write_text(json.dumps(resources))
        for variant in variants:
            results += _compare_variant(build, lab_dir, lists, variant)
    return results


def _compare_variant(build: LabBuild, lab_dir: Path, lists: Path, variant: tuple[str, ...]) -> list[Result]:
    """One pair of servers with the same flags: every path × client × pretty or not."""
    results = []
    real_port, replica_port = free_port(), free_port()
    with start_lab(build, lab_dir, real_port, apiserver_args=variant) as lab:
        args = (f"--etcd-servers={lab.etcd_url}", f"--insecure-port={replica_port}", "--secure-port=0", f"--cert-dir={lab.run_dir / 'certs' / 'replica'}", *variant)
        with replica_server(args, replica_port, lab.run_dir, lists) as replica_url:
            for path in http_paths(lab.url):
                for user_agent in USER_AGENTS:
                    for query in ("", "pretty=true"):
                        url = path + ("&" if "?" in path else "?") + query if query else path
                        case = Case(Kind.HTTP, f"GET {url} ({user_agent.split('/')[0]})", variant, url, user_agent)
                        results.append(compare(case, fetch(lab.url + case.path, user_agent), fetch(replica_url + case.path, user_agent)))
    return results
