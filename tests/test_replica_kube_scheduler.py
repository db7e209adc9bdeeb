"""The kube-scheduler replicas: the defaulted configuration, the deprecated flags' precedence, the
step markers against the v1.9.9 Go source, and, with the lab, the command line (stdout, stderr,
exit status) and /configz against the real v1.9.9 kube-scheduler."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from reader.lab import free_port, start_lab
from reader.lab.differential import ALLOWED, SCHEDULER_CASES, first_difference
from reader.replicas import cobra
from reader.replicas.kube_scheduler import main as scheduler_main
from reader.replicas.kube_scheduler import options
from reader.replicas.component_flags import FEATURE_GATES, FeatureGate
from reader.replicas.kube_scheduler.options import AddrError, apply_defaults, configz_json, new_options, split_host_port
from reader.replicas.pflag import FlagSet
from reader.replicas.steps import mirrored_steps

REPO = Path(__file__).resolve().parents[1]


def defaulted() -> options.Options:
    o = new_options()
    o.config = apply_defaults(o.config)
    return o


def parsed(*argv: str) -> options.Options:
    """NewSchedulerCommand's options, with argv parsed into them (AddFlags on a flag set of their own)."""
    o = defaulted()
    fs = FlagSet("kube-scheduler")
    options.add_flags(o, fs, FeatureGate(dict(FEATURE_GATES)))
    fs.parse(list(argv))
    return o


# ---------------------------------------------------------------- no lab


def test_defaults_are_v1alpha1s() -> None:
    c = defaulted().config
    assert (c.SchedulerName, c.AlgorithmSource.Provider, c.AlgorithmSource.Policy) == ("default-scheduler", "DefaultProvider", None)
    assert (c.HealthzBindAddress, c.MetricsBindAddress, c.HardPodAffinitySymmetricWeight) == ("0.0.0.0:10251", "0.0.0.0:10251", 1)
    assert (c.ClientConnection.ContentType, c.ClientConnection.QPS, c.ClientConnection.Burst) == ("application/vnd.kubernetes.protobuf", 50.0, 100)
    le = c.LeaderElection
    assert (le.LeaderElect, str(le.LeaseDuration), str(le.RenewDeadline), str(le.RetryPeriod)) == (True, "15s", "10s", "2s")
    assert (le.ResourceLock, le.LockObjectNamespace, le.LockObjectName) == ("endpoints", "kube-system", "kube-scheduler")
    assert c.FailureDomains.split(",")[0] == "kubernetes.io/hostname"


def test_defaulting_keeps_what_is_set_and_fills_a_config_maps_namespace() -> None:
    c = options.KubeSchedulerConfiguration(HealthzBindAddress=":9", MetricsBindAddress="nonsense", SchedulerName="mine")
    c.AlgorithmSource.Policy = options.SchedulerPolicySource(ConfigMap=options.SchedulerPolicyConfigMapSource(Name="p"))
    out = apply_defaults(c)
    assert (out.HealthzBindAddress, out.MetricsBindAddress, out.SchedulerName) == ("0.0.0.0:9", "0.0.0.0:10251", "mine")
    assert out.AlgorithmSource.Policy.ConfigMap.Namespace == "kube-system" and out.AlgorithmSource.Provider is None
    assert c.HealthzBindAddress == ":9"  # ApplyDefaults returns a converted copy


@pytest.mark.parametrize(
    ("argv", "source"),
    [
        ((), {"Policy": None, "Provider": "DefaultProvider"}),
        (("--algorithm-provider=ClusterAutoscalerProvider",), {"Policy": None, "Provider": "ClusterAutoscalerProvider"}),
        (("--algorithm-provider=X", "--policy-configmap=p", "--policy-configmap-namespace=ns"),
         {"Policy": {"File": None, "ConfigMap": {"Namespace": "ns", "Name": "p"}}, "Provider": None}),
        (("--algorithm-provider=X", "--policy-configmap=p", "--use-legacy-policy-config", "--policy-config-file=/p.json"),
         {"Policy": {"File": {"Path": "/p.json"}, "ConfigMap": None}, "Provider": None}),
    ],
)
def test_complete_gives_the_deprecated_algorithm_flags_their_precedence(argv, source, capsys) -> None:
    o = parsed(*argv)
    assert o.complete() is None
    assert json.loads(configz_json(o.config))["componentconfig"]["AlgorithmSource"] == source
    assert capsys.readouterr().err == "WARNING: all flags than --config are deprecated. Please begin using a config file ASAP.\n"


def test_complete_applies_address_then_port_and_not_with_a_config_file(capsys) -> None:
    o = parsed("--address=::1", "--port=99")
    o.complete()
    assert (o.config.HealthzBindAddress, o.config.MetricsBindAddress) == ("[::1]:99", "[::1]:99")
    o = parsed("--port=-1")
    o.complete()
    assert (o.config.HealthzBindAddress, o.config.MetricsBindAddress) == ("", "0.0.0.0:10251")  # -1: no healthz server
    o = parsed("--config=/c.yaml", "--port=99")
    o.complete()
    assert o.config.HealthzBindAddress == "0.0.0.0:10251"  # with --config the deprecated flags are ignored
    capsys.readouterr()


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("a", "address a: missing port in address"),
        ("a:b:c", "address a:b:c: too many colons in address"),
        ("[::1", "address [::1: missing ']' in address"),
        ("[::1]", "address [::1]: missing port in address"),
        ("[::1]x:1", "address [::1]x:1: missing port in address"),
        ("a]:1", "address a]:1: unexpected ']' in address"),
        ("", "missing port in address"),
    ],
)
def test_split_host_port_words_errors_as_go(address, error) -> None:
    with pytest.raises(AddrError) as raised:
        split_host_port(address)
    assert str(raised.value) == error


def test_flags_show_the_defaulted_values() -> None:
    cmd = scheduler_main.new_scheduler_command(scheduler_main.package_level_flags())
    shown = {name: f.default for name, f in cmd.flags().formal.items()}
    assert shown["scheduler-name"] == "default-scheduler" and shown["leader-elect"] == "true" and shown["port"] == "10251"
    assert shown["address"] == "" and shown["kube-api-qps"] == "50" and shown["leader-elect-lease-duration"] == "15s"
    assert cmd.flags().lookup("failure-domains").deprecated and cmd.flags().lookup("hard-pod-affinity-symmetric-weight").deprecated


def test_help_lists_33_flags_and_exits_0(capsys) -> None:
    assert scheduler_main.main(["--help"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and len(re.findall(r"^  (?:-\w, |    )--", out, re.MULTILINE)) == 33
    assert "--help" not in out  # see the cobra replica's docstring: the usage is fixed before --help exists


def test_the_replica_says_where_it_stops(capsys) -> None:
    assert scheduler_main.main(["--master=http://127.0.0.1:1"]) == options.STOPPED
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("WARNING: all flags than --config") and err[-1].startswith("kube-scheduler replica: stops here, before")


# ---------------------------------------------------------------- the step markers against the Go source

GO_FILES = {
    "k8s.io/kubernetes/plugin/cmd/kube-scheduler": "plugin/cmd/kube-scheduler/scheduler.go",
    "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app": "plugin/cmd/kube-scheduler/app/server.go",
    "k8s.io/kubernetes/pkg/apis/componentconfig/v1alpha1": "pkg/apis/componentconfig/v1alpha1/defaults.go",
    "github.com/spf13/cobra": "vendor/github.com/spf13/cobra/command.go",
}
STOPS_INSIDE = {"k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.NewSchedulerServer", "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.createClients"}


def go_body(root: Path, symbol: str) -> list[str]:
    """The lines of a Go function's body (gofmt'd source: the body ends at the first "}" line)."""
    if ".(" in symbol:
        package, _, rest = symbol.partition(".(")
        receiver, _, name = rest.partition(").")
        head = re.compile(rf"^func \(\w+ {re.escape(receiver)}\) {name}\(")
    else:
        package, _, name = symbol.rpartition(".")
        head = re.compile(rf"^func {name}\(")
    lines = (root / GO_FILES[package]).read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if head.match(line))
    return lines[start + 1 : lines.index("}", start)]


def top_level_statements(body: list[str]) -> list[str]:
    """First lines of the body's own statements: gofmt indents them one tab (continuations more,
    and a switch's case clauses one tab too, though they are not statements)."""
    return [line.strip() for line in body if re.match(r"^\t\S", line) and not line.strip().startswith(("}", "//", "case ", "default:"))]


@pytest.mark.realtree
def test_step_markers_are_the_go_statements(real_mirror: Path) -> None:
    by_function: dict[str, list[str]] = {}
    for step in mirrored_steps(scheduler_main) + mirrored_steps(options) + mirrored_steps(cobra):
        by_function.setdefault(step.go_function, []).append(step.text)
    assert len(by_function) >= 15
    for function, texts in by_function.items():
        body = go_body(real_mirror, function)
        if function.startswith("github.com/spf13/cobra."):  # the replica keeps a root command's path: in order, not all
            lines = iter(line.strip() for line in body)
            assert all(any(text == line for line in lines) for text in texts), (function, texts)
        elif function in STOPS_INSIDE:
            assert texts == top_level_statements(body)[: len(texts)], function
        else:
            assert texts == top_level_statements(body), function


# ---------------------------------------------------------------- against the real binary (the lab)

_ALLOWED = {a.name: a for a in ALLOWED}
# The only differences the comparison forgives, each for a reason outside the replica: glog's
# line prefix (time, thread id, file:line), the Go the lab builds with (the release, and the
# replica, report go1.9.3), and today's Go quoting time.ParseDuration's errors.
NORMALISE = tuple(_ALLOWED[name].normalize for name in ("glog prefixes", "Go version", "Go's duration errors"))

CASES = [case.args for case in SCHEDULER_CASES]  # the lab's cases (reader/lab/differential.py)


def normalised(text: str) -> str:
    for normalise in NORMALISE:
        text = normalise(text)
    return text


def run_both(binary: Path, argv: tuple[str, ...]) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    # neither side may find an in-cluster configuration (with one, the real scheduler would go on
    # to connect); subprocess.run kills what outlives its timeout
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUBERNETES_SERVICE_")}
    real = subprocess.run([str(binary), *argv], capture_output=True, text=True, timeout=60, env=env)
    replica = subprocess.run([sys.executable, "-m", "reader.replicas.kube_scheduler.main", *argv], capture_output=True,
                             text=True, timeout=60, cwd=REPO, env={**env, "PYTHONPATH": str(REPO)})  # fmt: skip
    return real, replica


@pytest.mark.realtree
@pytest.mark.parametrize("argv", CASES, ids=lambda argv: " ".join(argv) or "no arguments")
def test_command_line_equals_the_real_binary(real_lab, argv) -> None:
    build, _ = real_lab
    real, replica = run_both(build.binary("kube-scheduler"), argv)
    assert replica.returncode == real.returncode, (real.stderr, replica.stderr)
    for stream in ("stdout", "stderr"):
        theirs, mine = normalised(getattr(real, stream)), normalised(getattr(replica, stream))
        assert mine == theirs, f"{stream}: {first_difference(theirs, mine)}"


@pytest.mark.realtree
def test_configz_equals_the_real_schedulers(real_lab, capsys) -> None:
    build, lab_dir = real_lab
    with start_lab(build, lab_dir, free_port(), with_=("scheduler",)) as lab:
        health = lab.components["kube-scheduler"]
        with urllib.request.urlopen(health.removesuffix("/healthz") + "/configz", timeout=10) as response:
            real = response.read().decode()
    host_port = health.removeprefix("http://").removesuffix("/healthz")
    host, _, port = host_port.rpartition(":")
    # the flags the lab starts the scheduler with (reader/lab/up.py)
    assert options.main([f"--master={lab.url}", f"--address={host}", f"--port={port}"]) == 0
    assert capsys.readouterr().out == real + "\n"
