"""The kube-controller-manager replicas: options, flags, the controller table and main, on their own;
against the facts extracted from the v1.9.9 tree; and against the real v1.9.9 binary the lab
builds (same command line to both, stdout, stderr and exit code compared)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from reader.lab.differential import COMMAND_SUITES, compare_commands
from reader.replicas.differences import default_differences, flag_differences, step_differences
from reader.replicas.kube_apiserver.server_run_options import tree
from reader.replicas.kube_controller_manager import add_flags as cm_flags, app, main as cm_main, options
from reader.replicas.pflag import FlagError
from reader.replicas.steps import mirrored_functions, mirrored_steps, steps_by_function

REPLICA_MODULES = (options, cm_flags, app, cm_main)


def parsed(*argv: str):
    s, g = cm_flags.command_line()
    g.command_line.err = io.StringIO()
    g.command_line.parse(list(argv))
    return s, g


# ---------------------------------------------------------------- on their own


def test_known_controllers_are_the_table_and_the_token_controller() -> None:
    known = app.known_controllers()
    assert known == sorted(known) and len(known) == len(app.new_controller_initializers()) + 1 == 31
    assert "serviceaccount-token" in known and "serviceaccount-token" not in app.new_controller_initializers()
    assert app.CONTROLLERS_DISABLED_BY_DEFAULT <= set(known)


def test_controllers_usage_is_built_from_the_table() -> None:
    _, g = cm_flags.command_line()
    usage = g.command_line.lookup("controllers").usage
    assert "\nAll controllers: attachdetach, bootstrapsigner, " in usage and ", serviceaccount-token, statefulset, " in usage
    assert usage.endswith("\nDisabled-by-default controllers: bootstrapsigner, tokencleaner")


def test_flags_write_into_the_options_tree() -> None:
    s, _ = parsed("--concurrent_rc_syncs=7", "--leader-elect-lease-duration=1m", "--address=::1", "--controllers=*,-ttl",
                  "--kube-api-qps=5.5", "--leader-elect=false", "--pv-recycler-minimum-timeout-nfs", "9")  # fmt: skip
    c = s.KubeControllerManagerConfiguration
    assert c.ConcurrentRCSyncs == 7 and str(c.LeaderElection.LeaseDuration.Duration) == "1m0s" and c.Address == "::1"
    assert c.Controllers == ["*", "-ttl"] and c.KubeAPIQPS == 5.5 and c.LeaderElection.LeaderElect is False
    assert c.VolumeConfiguration.PersistentVolumeRecyclerConfiguration.MinimumTimeoutNFS == 9


def test_registration_writes_the_flags_own_defaults() -> None:
    before = options.new_cm_server().KubeControllerManagerConfiguration
    after = cm_flags.command_line()[0].KubeControllerManagerConfiguration
    assert (before.EnableProfiling, before.CIDRAllocatorType, before.NodeEvictionRate) == (False, "", 0.0)
    assert (after.EnableProfiling, after.CIDRAllocatorType, after.NodeEvictionRate) == (True, "RangeAllocator", 0.1)


def test_deprecations_as_v1_9_9_leaves_them() -> None:
    _, g = parsed("--node-sync-period=1s")
    fs = g.command_line
    assert g.command_line.err.getvalue() == "Flag --node-sync-period has been deprecated, This flag is currently no-op and will be deleted.\n"
    # marked before it was registered: Go drops MarkDeprecated's error, so this one stays visible
    assert not fs.lookup("insecure-experimental-approve-all-kubelet-csrs-for-group").deprecated
    assert sorted(f.name for f in fs.formal.values() if f.deprecated) == [
        "allow-untagged-cloud", "deleting-pods-burst", "deleting-pods-qps", "node-sync-period", "register-retry-count"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--address=x"], 'invalid argument "x" for --address=x: "x" is not a valid IP address'),
        (["--port=x"], 'invalid argument "x" for --port=x: strconv.ParseInt: parsing "x": invalid syntax'),
        (["--port=3000000000"], 'invalid argument "3000000000" for --port=3000000000: strconv.ParseInt: parsing "3000000000": value out of range'),
        (["--controllers"], "flag needs an argument: --controllers"),
        (["--feature-gates=Nope=true"], 'invalid argument "Nope=true" for --feature-gates=Nope=true: unrecognized key: Nope'),
    ],
)
def test_bad_input_gets_kube_controller_manager_words(argv: list[str], message: str) -> None:
    with pytest.raises(FlagError) as err:
        parsed(*argv)
    assert str(err.value) == message


def test_an_empty_address_leaves_the_field_alone() -> None:
    s, _ = parsed("--address=")
    assert s.KubeControllerManagerConfiguration.Address == "0.0.0.0"


@pytest.mark.parametrize(
    ("controllers", "message"),
    [
        (["*", "-ttl", "bootstrapsigner"], None),
        (["nope"], '"nope" is not in the list of known controllers'),
        (["-nope", "*", "x\ty"], '["nope" is not in the list of known controllers, "x\\ty" is not in the list of known controllers]'),
        (["-"], '"" is not in the list of known controllers'),
    ],
)
def test_validate_names_unknown_controllers(controllers: list[str], message: str | None) -> None:
    s = options.new_cm_server()
    s.KubeControllerManagerConfiguration.Controllers = controllers
    assert s.validate(app.known_controllers(), sorted(app.CONTROLLERS_DISABLED_BY_DEFAULT)) == message


@pytest.fixture
def outside_a_pod(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("outside_a_pod")
@pytest.mark.parametrize(
    ("argv", "code", "last_line"),
    [
        (["--controllers=nope"], 1, '"nope" is not in the list of known controllers'),
        ([], 1, "invalid configuration: no configuration has been provided"),
        (["--kubeconfig=/no/such/kubeconfig"], 1, "stat /no/such/kubeconfig: no such file or directory"),
        (["--master=http://127.0.0.1:1"], cm_main.STOPPED, "replica: stops here: the client configuration is built (--master http://127.0.0.1:1"),
        ([f"--kubeconfig={__file__}"], cm_main.STOPPED, f"replica: stops here: reading the kubeconfig file {__file__}"),
    ],
)
def test_main_runs_as_far_as_it_can_without_a_cluster(argv: list[str], code: int, last_line: str, capsys) -> None:
    assert cm_main.main(argv) == code
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("Version: v1.9.9\n")
    assert captured.err.splitlines()[-1].startswith(last_line)


@pytest.mark.usefixtures("outside_a_pod")
def test_verbosity_2_logs_every_flag_and_logs_can_leave_stderr(capsys) -> None:
    assert cm_main.main(["--v=2", "--controllers=nope"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert 'FLAG: --address="0.0.0.0"' in lines and 'FLAG: --controllers="[nope]"' in lines and 'FLAG: --v="2"' in lines
    # glog off stderr: the Version line would go to a log file, Run's error still reaches stderr
    assert cm_main.main(["--logtostderr=false", "--controllers=nope"]) == 1
    assert capsys.readouterr().err == '"nope" is not in the list of known controllers\n'


def test_version_and_help_exit_codes(capsys) -> None:
    assert cm_main.main(["--version"]) == 0 and capsys.readouterr().out == "Kubernetes v1.9.9\n"
    assert cm_main.main(["--help"]) == 2  # v1.9.9's ExitOnError exits 2 for help too
    assert capsys.readouterr().err.startswith("Usage of kube-controller-manager:\n      --address ip ")


def test_step_markers_follow_main_and_run() -> None:
    steps = mirrored_steps(cm_main) + mirrored_steps(app)
    assert [s.text for s in steps[:2]] == ["s := options.NewCMServer()",
                                           "s.AddFlags(pflag.CommandLine, app.KnownControllers(), app.ControllersDisabledByDefault.List())"]  # fmt: skip
    run = [s for s in steps if s.python_function == "run"]
    assert run[0].text == 'glog.Infof("Version: %+v", version.Get())' and run[-1].text == 'panic("unreachable")'


def test_the_book_lists_the_runnable_replicas(capsys) -> None:
    from reader.books import load_book
    from reader.cli import main

    assert {"kube-controller-manager/main", "kube-controller-manager/options", "kube-controller-manager/add_flags"} <= set(load_book("kube-controller-manager").replicas)
    assert main(["replica", "kube-controller-manager/main", "--version"]) == 0 and capsys.readouterr().out == "Kubernetes v1.9.9\n"


# ---------------------------------------------------------------- against the facts of the v1.9.9 tree


@pytest.fixture(scope="module")
def cm_facts(real_index):
    """The facts stage run on the kube-controller-manager book."""
    from reader.books import load_book
    from reader.facts import extract_facts

    root, index = real_index
    return extract_facts(root, index, load_book("kube-controller-manager"))


@pytest.mark.realtree
def test_every_flag_equals_v1_9_9(cm_facts) -> None:
    _, g = cm_flags.command_line()
    assert flag_differences(g.command_line, cm_facts.flags) == []
    assert len(g.command_line.formal) == len(cm_facts.flags) == 93


@pytest.mark.realtree
def test_the_controller_table_equals_v1_9_9(cm_facts) -> None:
    """The replica's table (names, and which are off by default) against the facts' NewControllerInitializers."""
    assert [(c.name, c.enabled_by_default) for c in cm_facts.controllers] == [(name, name not in app.CONTROLLERS_DISABLED_BY_DEFAULT) for name in app.new_controller_initializers()]


@pytest.mark.realtree
def test_defaults_equal_v1_9_9(cm_facts) -> None:
    # the facts read the tree as main leaves it at the hand-over: after AddFlags wrote each flag's default into its field
    s, _ = cm_flags.command_line()
    assert default_differences(tree(s), cm_facts.defaults, {}) == []
    assert len(cm_facts.defaults) > 80  # metav1.Durations are one row each


@pytest.mark.realtree
def test_steps_equal_v1_9_9(cm_facts) -> None:
    mirrored = steps_by_function(cm_main, app)
    assert sum(map(len, mirrored.values())) == sum(1 for s in cm_facts.steps if s.function in mirrored) == 22  # main and Run (the book also steps StartControllers)
    assert step_differences(mirrored, cm_facts.steps) == []


@pytest.mark.realtree
def test_mirrored_go_functions_and_files_exist_in_v1_9_9(real_index, real_mirror: Path) -> None:
    _, index = real_index
    mirrored = [f.go_function for module in REPLICA_MODULES for f in mirrored_functions(module)]
    assert len(mirrored) >= 10 and [f for f in mirrored if f not in index.symbols] == []
    named = {p for module in REPLICA_MODULES for p in re.findall(r"\b((?:cmd|pkg|staging|vendor)/[\w./-]+)", module.__doc__ or "")}
    assert len(named) >= 10 and sorted(p for p in named if not (real_mirror / p.rstrip(".,)")).exists()) == []


# ---------------------------------------------------------------- against the real binary


@pytest.mark.realtree
def test_command_lines_equal_the_real_binary(real_lab) -> None:
    build, _ = real_lab
    # compare() ignores only reader.lab.differential.ALLOWED: the argv0 in "Usage of …:", glog's
    # line prefix (time, thread id), the Go version the lab built with and go1.19's quoted duration errors
    suite = next(s for s in COMMAND_SUITES if s.component == "kube-controller-manager")
    results = compare_commands(build, suite)
    assert [(r.case.name, r.difference) for r in results if not r.equal] == []
    assert results[0].real.startswith("exit 2\n--- stdout\n--- stderr\nUsage of <argv0>:\n") and results[0].real.count("\n      --") > 80
