"""The add_flags replica: every flag against the facts extracted from the Go source, and what
parsing a command line does to the options tree."""

from __future__ import annotations

import io

import pytest

from reader.replicas.kube_apiserver.add_flags import command_line, main
from reader.replicas.differences import flag_differences
from reader.replicas.pflag import FlagError


def parsed(*argv: str):
    s, g = command_line()
    g.command_line.err = io.StringIO()
    g.command_line.parse(list(argv))
    return s, g


def test_flags_write_into_the_options_tree() -> None:
    s, g = parsed("--etcd-servers=http://a:2379,http://b:2379", "--etcd-servers", "http://c:2379", "--secure-port", "0",
                  "--insecure-bind-address=0.0.0.0", "--event-ttl=30m", "--kubelet-client-key=/k", "--allow-privileged")  # fmt: skip
    assert s.Etcd.StorageConfig.ServerList == ["http://a:2379", "http://b:2379", "http://c:2379"]
    assert s.SecureServing.BindPort == 0 and s.InsecureServing.BindAddress == "0.0.0.0"
    assert str(s.EventTTL) == "30m0s" and s.KubeletConfig.TLSClientConfig.KeyFile == "/k" and s.AllowPrivileged is True


def test_registration_writes_defaults_the_constructor_did_not() -> None:
    s, _ = command_line()
    assert s.Authentication.OIDC.UsernameClaim == "sub"  # the flag's default, stored by StringVar
    assert s.Etcd.StorageConfig.ServerList is None  # a nil default stays nil


def test_deprecated_aliases_share_the_field_and_warn() -> None:
    s, g = parsed("--port=9090", "--address=10.0.0.1")
    assert (s.InsecureServing.BindPort, s.InsecureServing.BindAddress) == (9090, "10.0.0.1")
    assert g.command_line.err.getvalue().splitlines() == [
        "Flag --port has been deprecated, see --insecure-port instead.",
        "Flag --address has been deprecated, see --insecure-bind-address instead.",
    ]


def test_custom_values() -> None:
    s, g = parsed("--service-node-port-range=1000-2000", "--runtime-config=api/all=false,apis/apps/v1=true",
                  "--tls-sni-cert-key=a.crt,a.key:*.a.com,a.com", "--tls-sni-cert-key", "b.crt,b.key",
                  "--feature-gates=AllAlpha=true,CPUManager=false", "--log_dir=/var/log/x", "-v", "4")  # fmt: skip
    fs = g.command_line
    assert (s.ServiceNodePortRange.Base, s.ServiceNodePortRange.Size) == (1000, 1001)
    assert s.APIEnablement.RuntimeConfig == {"api/all": "false", "apis/apps/v1": "true"}
    assert s.SecureServing.SNICertKeys == ["a.crt,a.key:*.a.com,a.com", "b.crt,b.key"]
    assert g.feature_gate.enabled_feature("HugePages") and not g.feature_gate.enabled_feature("CPUManager")
    assert g.feature_gate.enabled_feature("AppArmor")  # beta gates keep their default
    assert fs.lookup("log-dir").value.string() == "/var/log/x" and fs.lookup("v").value.string() == "4"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--foo"], "unknown flag: --foo"),
        (["--secure-port=x"], 'invalid argument "x" for --secure-port=x: strconv.ParseInt: parsing "x": invalid syntax'),
        (["--service-node-port-range=3-1"], 'invalid argument "3-1" for --service-node-port-range=3-1: end port cannot be less than start port: 3-1'),
        (["--feature-gates=Nope=true"], 'invalid argument "Nope=true" for --feature-gates=Nope=true: unrecognized key: Nope'),
        (["--feature-gates=HugePages"], 'invalid argument "HugePages" for --feature-gates=HugePages: missing bool value for HugePages'),
        (["--tls-sni-cert-key=a.crt"], 'invalid argument "a.crt" for --tls-sni-cert-key=a.crt: expected comma separated certificate and key file paths'),
        (["--vmodule=x"], 'invalid argument "x" for --vmodule=x: syntax error: expect comma-separated list of filename=N'),
        (["--v=high"], 'invalid argument "high" for --v=high: strconv.Atoi: parsing "high": invalid syntax'),
    ],
)
def test_bad_input_gets_kube_apiserver_words(argv: list[str], message: str) -> None:
    with pytest.raises(FlagError) as err:
        parsed(*argv)
    assert str(err.value) == message


def test_main_exit_codes(capsys) -> None:
    assert main(["--etcd-prefix=/x"]) == 0 and capsys.readouterr().out == "--etcd-prefix=/x\n"
    assert main(["--nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("unknown flag: --nope\nUsage of kube-apiserver:\n")
    assert main(["--help"]) == 2  # v1.9.9's ExitOnError exits 2 for help too
    assert capsys.readouterr().err.startswith("Usage of kube-apiserver:\n      --admission-control stringSlice")


def test_differences_are_found_on_a_fixture_tree(fixture_facts) -> None:
    s, g = command_line()
    found = flag_differences(g.command_line, fixture_facts.flags)
    joined = "\n".join(found)
    assert "--etcd-prefix" not in joined  # same type, default and usage on both sides
    assert "--apiserver-count: usage is 'The number of apiservers running in the cluster, must be a positive number.' in the replica, 'The number of apiservers.' in the Go source" in found
    assert "--apiserver-count: hidden is False in the replica, True in the Go source" in found
    assert "--etcd-qps: registered by the Go source, missing from the replica" in found
    assert "--secure-port: registered by the replica, not by the Go source" in found


@pytest.mark.realtree
def test_every_flag_equals_v1_9_9(real_facts) -> None:
    _, g = command_line()
    assert flag_differences(g.command_line, real_facts.flags) == []
    assert len(g.command_line.formal) == len(real_facts.flags) == 136


@pytest.mark.realtree
def test_help_shows_every_visible_flag_as_v1_9_9_would(real_facts) -> None:
    _, g = command_line()
    text = g.command_line.flag_usages()
    lines = text.splitlines()
    visible = [f for f in real_facts.flags if not f.hidden]
    assert len(visible) > 100
    for fact in visible:
        head = f"-{fact.shorthand}, --{fact.name}" if fact.shorthand else f"      --{fact.name}"
        assert any(line.startswith(("  " + head) if fact.shorthand else head) for line in lines), fact.name
        assert f"{fact.usage}{fact.help_default}\n" in text, fact.name
    hidden = [f for f in real_facts.flags if f.hidden]
    assert hidden and not [f.name for f in hidden if f"--{f.name} " in text]
