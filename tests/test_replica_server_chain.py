"""The apiserver_main and server_chain replicas: real HTTP on loopback, signals, errors, and the
steps they mirror against the steps extracted from the Go source."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from reader.replicas import version
from reader.replicas.kube_apiserver import main as apiserver_main, server_chain
from reader.replicas.kube_apiserver.add_flags import command_line
from reader.replicas.differences import step_differences
from reader.replicas.steps import mirrored_steps, steps_by_function


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CERT_DIR: list[Path] = []  # where the replica writes its self-signed pair (never /var/run/kubernetes)


@pytest.fixture(autouse=True)
def _cert_dir(tmp_path: Path):
    CERT_DIR[:] = [tmp_path / "certs"]
    yield


def options(*argv: str):
    s, g = command_line()
    g.command_line.parse([f"--cert-dir={CERT_DIR[0]}", *argv])
    return s


@pytest.fixture
def running():
    """Run the chain in a thread on an ephemeral port; yield its base URL; stop it."""
    stop, ready, threads = threading.Event(), threading.Event(), []

    def start(*argv: str) -> str:
        port = free_port()
        s = options("--etcd-servers=http://127.0.0.1:2379", f"--insecure-port={port}", *argv)
        thread = threading.Thread(target=server_chain.run, args=(s, stop, lambda chain: ready.set()), daemon=True)
        thread.start()
        threads.append(thread)
        assert ready.wait(5)
        return f"http://127.0.0.1:{port}"

    yield start
    stop.set()
    for thread in threads:
        thread.join(5)
        assert not thread.is_alive()


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read().decode()


def test_health_version_and_not_found(running) -> None:
    base = running()
    assert get(base + "/healthz") == (200, "text/plain; charset=utf-8", "ok")
    status, kind, body = get(base + "/version")
    assert (status, kind) == (200, "application/json") and json.loads(body)["gitVersion"] == "v1.9.9"
    # the end of the chain (apiextensions-apiserver) answers a path nobody serves with the paths it lists
    status, kind, body = get(base + "/no/such/path")
    assert (status, kind) == (404, "application/json") and "/apis/apiextensions.k8s.io/v1beta1" in json.loads(body)["paths"]
    assert "/api/v1" not in json.loads(body)["paths"]  # kube-apiserver's paths are listed by kube-apiserver, not below it
    assert get(base + "/apis/no.such.group") == (404, "text/plain; charset=utf-8", "404 page not found\n")  # the CRD handler's NotFound


def test_discovery_follows_the_chain(running) -> None:
    base = running()
    assert json.loads(get(base + "/api")[2])["versions"] == ["v1"]
    groups = json.loads(get(base + "/apis")[2])["groups"]
    names = [g["name"] for g in groups]
    assert names[0] == "apiregistration.k8s.io"  # the aggregator's own group first
    assert names[1:3] == ["extensions", "apps"]  # then by group priority
    assert "apiextensions.k8s.io" in names  # served two delegates down
    apps = json.loads(get(base + "/apis/apps")[2])
    assert [v["version"] for v in apps["versions"]] == ["v1", "v1beta2", "v1beta1"] and apps["preferredVersion"]["version"] == "v1"


def test_resource_lists_are_served_from_the_facts_handed_over(running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lists = {"v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": [{"name": "pods", "kind": "Pod", "verbs": []}]},
             "apps/v1": {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "apps/v1", "resources": []}}  # fmt: skip
    (tmp_path / "lists.json").write_text(json.dumps(lists))
    monkeypatch.setenv(server_chain.RESOURCES_ENV, str(tmp_path / "lists.json"))
    base = running()
    status, kind, body = get(base + "/api/v1")  # Python's client is no curl: compact, with the Encoder's newline
    assert (status, kind, body) == (200, "application/json", json.dumps(lists["v1"], separators=(",", ":")) + "\n")
    assert json.loads(get(base + "/apis/apps/v1/")[2]) == lists["apps/v1"]  # through the aggregator's proxy, trailing slash and all
    assert get(base + "/apis/batch/v1")[0] == 501  # served, but the facts handed over have no list for it
    assert json.loads(get(base + "/apis/apps/v9")[2])["reason"] == "NotFound"  # go-restful owns /apis/apps: a Status


def test_json_is_indented_for_curl_and_pretty_and_compact_otherwise() -> None:
    value = {"kind": "Status", "metadata": {}, "items": ["a"], "none": None, "html": "<&>"}
    curl = server_chain.Request("/x", {}, "curl/7.88.1")
    assert server_chain.write_object_negotiated(200, value, curl).body == (
        '{\n  "kind": "Status",\n  "metadata": {\n    \n  },\n  "items": [\n    "a"\n  ],\n  "none": null,\n  "html": "\\u003c\\u0026\\u003e"\n}')
    go = server_chain.Request("/x", {}, "Go-http-client/1.1")
    assert server_chain.write_object_negotiated(200, value, go).body == '{"kind":"Status","metadata":{},"items":["a"],"none":null,"html":"\\u003c\\u0026\\u003e"}\n'
    assert server_chain.Request("/x", {"pretty": ["1"]}, "kubectl").pretty()
    assert not server_chain.Request("/x", {"pretty": ["false"]}, "curl/7").pretty()
    assert not server_chain.Request("/x", {"pretty": ["maybe"]}, "curl/7").pretty()  # ParseBool's error: false


def test_runtime_config_turns_versions_off(running) -> None:
    base = running("--runtime-config=batch/v1beta1=false,settings.k8s.io/v1alpha1=true")
    groups = {g["name"]: [v["version"] for v in g["versions"]] for g in json.loads(get(base + "/apis")[2])["groups"]}
    assert groups["batch"] == ["v1"] and groups["settings.k8s.io"] == ["v1alpha1"]


@pytest.mark.parametrize(
    ("config", "served"),
    [
        ("api/all=false,apps/v1=true", ["apps/v1"]),
        ("api/all=false,api/v1", ["v1"]),  # api/v1 is the core group; an empty value means true
        ("api/all=true", None),  # every registered version that has REST storage
    ],
)
def test_runtime_config_merges_as_v1_9_9(config: str, served: list[str] | None) -> None:
    versions = server_chain.merge_api_resource_configs(dict(item.partition("=")[::2] for item in config.split(",")))
    if served is not None:
        assert versions == served
    else:
        assert "batch/v2alpha1" in versions and "componentconfig/v1alpha1" not in versions


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"apis/batch/v1beta1": "false"}, "error in initializing storage factory: group version apis/batch that has not been registered"),
        ({"batch/v1": "maybe"}, 'error in initializing storage factory: invalid value of batch/v1: maybe, err: strconv.ParseBool: parsing "maybe": invalid syntax'),
    ],
)
def test_runtime_config_errors_as_v1_9_9(config: dict[str, str], message: str) -> None:
    with pytest.raises(server_chain.RunError) as err:
        server_chain.merge_api_resource_configs(config)
    assert str(err.value) == message


def test_insecure_port_zero_serves_nothing() -> None:
    chain = server_chain.create_server_chain(options("--etcd-servers=x", "--insecure-port=0"))
    assert chain.insecure_address is None
    assert any("simulated" in note for note in chain.notes) and any("in-memory store" in note for note in chain.notes)


def test_port_in_use_is_one_clear_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(server_chain.RunError) as err:
            server_chain.run(options("--etcd-servers=x", f"--insecure-port={port}"), threading.Event())
    assert str(err.value) == f"failed to listen on 127.0.0.1:{port}: listen tcp 127.0.0.1:{port}: bind: address already in use"


def test_options_checks_stop_the_server() -> None:
    with pytest.raises(server_chain.RunError, match="^--etcd-servers must be specified$"):
        server_chain.create_server_chain(options())


def test_version_flag(capsys) -> None:
    assert apiserver_main.main(["--version"]) == 0 and capsys.readouterr().out == "Kubernetes v1.9.9\n"
    assert apiserver_main.main(["--version=raw"]) == 0
    assert capsys.readouterr().out.startswith('version.Info{Major:"1", Minor:"9", GitVersion:"v1.9.9", GitCommit:"57729ea3')


def test_usage_errors_exit_2_and_run_errors_exit_1(capsys) -> None:
    assert apiserver_main.main(["--insecure-port", "eighty"]) == 2
    assert capsys.readouterr().err.startswith('invalid argument "eighty" for --insecure-port: strconv.ParseInt')
    assert apiserver_main.main([f"--cert-dir={CERT_DIR[0]}", "--insecure-port=0"]) == 1
    assert capsys.readouterr().err.endswith("--etcd-servers must be specified\n")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signals_shut_it_down_cleanly(signum: int) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    process = subprocess.Popen([sys.executable, "-m", "reader.replicas.kube_apiserver.main", "--etcd-servers=x", f"--insecure-port={port}", f"--cert-dir={CERT_DIR[0]}"],
                               stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    try:
        for line in process.stderr:
            if line.startswith("Serving insecurely on"):
                break
        assert get(f"http://127.0.0.1:{port}/healthz")[0] == 200
        process.send_signal(signum)
        assert process.wait(10) == 0
        assert "stopped" in process.stderr.read()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
    finally:
        process.kill()
        process.wait()
        process.stderr.close()


def test_step_markers_cover_the_mirrored_functions() -> None:
    steps = mirrored_steps(server_chain)
    run = [step for step in steps if step.python_function == "run"]
    assert run[0].text == 'glog.Infof("Version: %+v", version.Get())' and run[0].go_function.endswith("app.Run")
    assert all(a.last_line < b.first_line for a, b in zip(steps, steps[1:]))


def test_step_differences_on_a_fixture_tree(fixture_facts) -> None:
    found = step_differences(steps_by_function(apiserver_main), fixture_facts.steps)
    assert len(found) == 1 and found[0].startswith("k8s.io/kubernetes/cmd/kube-apiserver.main: ")
    assert "not in the Go source: 'rand.Seed(time.Now().UTC().UnixNano())'" in found[0]
    assert "missing" not in found[0]  # every fixture step is mirrored


@pytest.mark.realtree
def test_steps_equal_v1_9_9(real_facts) -> None:
    mirrored = steps_by_function(apiserver_main, server_chain)
    assert sum(map(len, mirrored.values())) == len(real_facts.steps)
    assert step_differences(mirrored, real_facts.steps) == []


@pytest.mark.realtree
def test_served_versions_equal_v1_9_9(real_facts) -> None:
    assert tuple(server_chain.DEFAULT_ENABLED_VERSIONS) == real_facts.api_versions
    assert tuple(server_chain.REGISTERED_VERSIONS) == real_facts.registered_versions


@pytest.mark.realtree
def test_version_facts_come_from_the_tree(real_mirror: Path) -> None:
    cross = (real_mirror / "build/build-image/cross/VERSION").read_text().strip()  # v1.9.3-1
    assert version.GO_VERSION == "go" + cross.removeprefix("v").split("-")[0]
    stamp = subprocess.run(["git", "-C", str(real_mirror), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True).stdout
    assert time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(stamp))) == version.COMMIT_TIME


def test_every_replica_with_a_main_is_runnable_from_the_cli(capsys) -> None:
    import importlib

    from reader.cli import main
    from reader.replicas import module_path, runnable

    project = Path(__file__).resolve().parents[1]
    files = [p.relative_to(project) for p in (project / "reader" / "replicas").rglob("*.py") if p.name != "__init__.py"]
    with_main = {f.as_posix() for f in files if hasattr(importlib.import_module(".".join(f.with_suffix("").parts)), "main")}
    assert with_main == {module_path(r) for r in runnable()}
    assert main(["replica", "kube-apiserver/main", "--version"]) == 0 and capsys.readouterr().out == "Kubernetes v1.9.9\n"
    assert main(["replica", "nope"]) == 2 and "available: clone, kube-apiserver/main" in capsys.readouterr().err


def test_check_all_reports_fixture_differences(fixture_facts) -> None:
    from reader.replicas.differences import check_all

    results = {(r.replica, r.what.split(":")[0]): r for r in check_all("kube-apiserver", fixture_facts, lambda path: None)}
    assert results[("kube-apiserver/add_flags", "flags")].differences  # the fixture is not v1.9.9
    assert results[("version", "the release build's Go version (build/build-image/cross/VERSION)")].differences == ("go1.9.3 in the replica, no VERSION file in the Go source",)


@pytest.mark.realtree
def test_check_all_is_clean_on_v1_9_9(real_facts, real_mirror: Path) -> None:
    from reader.replicas.differences import check_all

    results = check_all("kube-apiserver", real_facts, lambda path: (real_mirror / path).read_bytes() if (real_mirror / path).exists() else None)
    assert [(r.replica, r.differences) for r in results if r.differences] == []
    assert all(r.compared > 0 for r in results)


@pytest.mark.realtree
def test_replica_docstrings_name_real_go_files(real_mirror: Path) -> None:
    """Every Go file or directory a replica's docstring says it mirrors exists in v1.9.9."""
    import re

    from reader.replicas import load, runnable

    named = set()
    for name in runnable():
        doc = load(name).__doc__ or ""
        named.update(re.findall(r"\b((?:cmd|pkg|plugin|staging|vendor|build)/[\w./-]+)", doc))
    assert len(named) >= 15
    missing = sorted(p for p in named if not (real_mirror / p.rstrip(".,)")).exists())
    assert missing == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "--etcd-servers must be specified"),
        (["--etcd-servers=x", "--service-cluster-ip-range=10.0.0.0/30"], "error determining service IP ranges: The service cluster IP range must be at least 8 IP addresses"),
        (["--etcd-servers=x", "--service-cluster-ip-range=10.0.0.0/8"], "specified --service-cluster-ip-range is too large"),
        (["--etcd-servers=x", "--kubernetes-service-node-port=80"], "kubernetes service port range 30000-32767 doesn't contain 80"),
        (["--apiserver-count=0", "--insecure-port=-1"], "[--etcd-servers must be specified, --insecure-port -1 must be between 0 and 65535, inclusive. 0 for turning off secure port., --apiserver-count should be a positive number, but value '0' provided]"),
    ],
)
def test_defaulting_and_validation_as_v1_9_9(argv: list[str], message: str) -> None:
    with pytest.raises(server_chain.RunError) as err:
        server_chain.create_server_chain(options(*argv))
    assert str(err.value) == message


def test_service_ip_range_is_defaulted(capsys) -> None:
    s = options("--etcd-servers=x", "--insecure-port=0")
    server_chain.create_server_chain(s)
    assert s.ServiceClusterIPRange == "10.0.0.0/24" and s.Etcd.StorageConfig.DeserializationCacheSize == 1000
    assert "Defaulting to 10.0.0.0/24." in capsys.readouterr().err


@pytest.mark.realtree
def test_every_mirrored_go_function_exists_in_v1_9_9(real_index) -> None:
    from reader.replicas import load, runnable
    from reader.replicas.steps import mirrored_functions

    _, index = real_index
    mirrored = [f for name in runnable() for f in mirrored_functions(load(name))]
    assert len(mirrored) > 30
    assert [f.go_function for f in mirrored if f.go_function not in index.symbols] == []


def test_mirrors_must_name_defined_functions() -> None:
    import types

    from reader.replicas.steps import mirrored_functions

    module = types.ModuleType("reader.replicas.fake")
    module.MIRRORS = {"gone": "x.Y"}
    module.__file__ = __file__  # any source: it defines no function named gone
    with pytest.raises(LookupError, match="MIRRORS names gone"):
        mirrored_functions(module)
