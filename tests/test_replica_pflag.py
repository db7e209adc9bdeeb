"""The pflag replica, case by case against pflag v1.9.9's source (vendor/github.com/spf13/pflag),
and round-tripped against the defaults the facts stage extracts."""

from __future__ import annotations

import io

import pytest

from reader.replicas.pflag import FlagError, FlagSet, format_duration, parse_duration


def flagset() -> tuple[FlagSet, io.StringIO]:
    err = io.StringIO()
    fs = FlagSet("kube-apiserver", err=err)
    fs.add("string", "etcd-prefix", "/registry", "The prefix to prepend to all resource paths in etcd.")
    fs.add("int", "secure-port", 6443, "The port on which to serve HTTPS.")
    fs.add("bool", "allow-privileged", False, "If true, allow privileged containers.")
    fs.add("bool", "watch-cache", True, "Enable watch caching in the apiserver")
    fs.add("duration", "event-ttl", 3600 * 10**9, "Amount of time to retain events.")
    fs.add("stringSlice", "etcd-servers", [], "List of etcd servers.")
    fs.add("stringSlice", "admission-control", ["AlwaysAdmit"], "Ordered list of plug-ins.")
    fs.add("stringArray", "service-account-key-file", [], "File containing PEM-encoded keys.")
    fs.add("ip", "bind-address", "0.0.0.0", "The IP address on which to listen.")
    fs.add("ipNet", "service-cluster-ip-range", "", "A CIDR notation IP range.")
    fs.add("string", "ssh-user", "", "If non-empty, use secure SSH proxy.")
    fs.mark_deprecated("ssh-user", "This flag will be removed in a future version.")
    fs.add("int", "verbosity", 0, "log level", shorthand="v")
    version = fs.add("bool", "version", False, "Print version information and quit")
    version.no_opt_default = "true"
    return fs, err


def test_long_forms_and_values() -> None:
    fs, _ = flagset()
    fs.parse(["--etcd-prefix=/custom", "--secure-port", "0x1F", "--allow-privileged", "--watch-cache=false",
              "--event-ttl", "1h30m", "--bind-address= 10.0.0.1 ", "--service-cluster-ip-range=10.0.0.5/24", "rest"])  # fmt: skip
    values = {name: flag.value.string() for name, flag in fs.formal.items()}
    assert values["etcd-prefix"] == "/custom"
    assert values["secure-port"] == "31"  # strconv.ParseInt(s, 0, 64): hex allowed
    assert values["allow-privileged"] == "true" and values["watch-cache"] == "false"
    assert values["event-ttl"] == "1h30m0s"
    assert values["bind-address"] == "10.0.0.1"
    assert values["service-cluster-ip-range"] == "10.0.0.0/24"  # the network, as net.ParseCIDR returns it
    assert fs.args == ["rest"]


def test_slices_replace_the_default_then_append() -> None:
    fs, _ = flagset()
    fs.parse(["--admission-control=NamespaceLifecycle,LimitRanger", "--admission-control", "ServiceAccount",
              "--service-account-key-file=a,b", "--service-account-key-file=c"])  # fmt: skip
    assert fs.lookup("admission-control").value.string() == "[NamespaceLifecycle,LimitRanger,ServiceAccount]"
    assert fs.lookup("service-account-key-file").value.value == ["a,b", "c"]  # stringArray does not split


def test_shorthands_and_terminator() -> None:
    fs, _ = flagset()
    fs.parse(["-v3", "--", "--not-a-flag"])
    assert fs.lookup("verbosity").value.value == 3 and fs.args == ["--not-a-flag"]
    fs, _ = flagset()
    fs.parse(["-v", "4"])
    assert fs.lookup("verbosity").value.value == 4
    fs, _ = flagset()
    fs.parse(["-v=5"])
    assert fs.lookup("verbosity").value.value == 5


def test_optional_value_flag() -> None:
    fs, _ = flagset()
    fs.parse(["--version", "leftover"])
    assert fs.lookup("version").value.string() == "true" and fs.args == ["leftover"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--foo"], "unknown flag: --foo"),
        (["-x"], "unknown shorthand flag: 'x' in -x"),
        (["--secure-port=x"], 'invalid argument "x" for --secure-port=x: strconv.ParseInt: parsing "x": invalid syntax'),
        (["--secure-port", "99999999999999999999"], 'invalid argument "99999999999999999999" for --secure-port: strconv.ParseInt: parsing "99999999999999999999": value out of range'),
        (["--watch-cache=maybe"], 'invalid argument "maybe" for --watch-cache=maybe: strconv.ParseBool: parsing "maybe": invalid syntax'),
        (["--event-ttl=5 minutes"], 'invalid argument "5 minutes" for --event-ttl=5 minutes: time: unknown unit  minutes in duration 5 minutes'),
        (["--bind-address=nope"], 'invalid argument "nope" for --bind-address=nope: failed to parse IP: "nope"'),
        (["--service-cluster-ip-range=10.0.0.0"], 'invalid argument "10.0.0.0" for --service-cluster-ip-range=10.0.0.0: invalid CIDR address: 10.0.0.0'),
        (["--secure-port"], "flag needs an argument: --secure-port"),
        (["---x"], "bad flag syntax: ---x"),
    ],
)
def test_errors_are_pflags_words(argv: list[str], message: str) -> None:
    fs, _ = flagset()
    with pytest.raises(FlagError) as err:
        fs.parse(argv)
    assert str(err.value) == message


def test_deprecated_flag_warns_and_is_hidden_from_help() -> None:
    fs, err = flagset()
    fs.parse(["--ssh-user=admin"])
    assert err.getvalue() == "Flag --ssh-user has been deprecated, This flag will be removed in a future version.\n"
    assert "ssh-user" not in fs.flag_usages()


def test_normalisation() -> None:
    fs = FlagSet()
    fs.set_normalize_func(lambda name: name.replace("_", "-"))
    fs.add("string", "log_dir", "", "If non-empty, write log files in this directory")
    fs.parse(["--log_dir=/tmp/x"])
    assert fs.lookup("log-dir").value.string() == "/tmp/x"


def test_help_format() -> None:
    fs, _ = flagset()
    lines = fs.flag_usages().splitlines()
    # sorted by name; bool flags show no type; zero defaults are not printed; strings quoted
    assert lines[0] == "      --admission-control stringSlice          Ordered list of plug-ins. (default [AlwaysAdmit])"
    assert "      --allow-privileged                       If true, allow privileged containers." in lines
    assert '      --etcd-prefix string                     The prefix to prepend to all resource paths in etcd. (default "/registry")' in lines
    assert "      --etcd-servers stringSlice               List of etcd servers." in lines
    assert "      --event-ttl duration                     Amount of time to retain events. (default 1h0m0s)" in lines
    assert "      --bind-address ip                        The IP address on which to listen. (default 0.0.0.0)" in lines
    assert "  -v, --verbosity int                          log level" in lines
    assert "      --version version[=true]" not in "\n".join(lines)  # a bool value type prints no [=true]
    assert "      --version                                Print version information and quit" in lines
    widths = {line.index(line.split("   ")[-1].strip()) for line in lines if "   " in line}
    assert len(widths) == 1  # every usage starts in the same column


@pytest.mark.parametrize(("text", "ns", "back"), [("0", 0, "0s"), ("1h", 3600 * 10**9, "1h0m0s"), ("1.5s", 1_500_000_000, "1.5s"), ("300ms", 300_000_000, "300ms"), ("2m3s", 123 * 10**9, "2m3s")])
def test_durations(text: str, ns: int, back: str) -> None:
    assert parse_duration(text) == ns and format_duration(ns) == back


ROUND_TRIP = {"string", "bool", "int", "int32", "int64", "uint", "float32", "float64", "duration", "stringSlice", "stringArray", "ip", "ipNet"}


def round_trip_mismatches(flags) -> list[str]:
    from reader.replicas.pflag import make_value

    problems = []
    for f in flags:
        if f.type not in ROUND_TRIP or f.default is None:
            continue
        value = make_value(f.type, None if f.type not in ("string", "bool") else ("" if f.type == "string" else False))
        text = f.default[1:-1] if f.type in ("stringSlice", "stringArray") else f.default
        if f.type in ("ip", "ipNet") and text == "<nil>":
            continue
        if f.type in ("stringSlice", "stringArray"):
            value.value, value.changed = [], False
            if text:
                value.set(text) if f.type == "stringSlice" else setattr(value, "value", text.split(","))
        else:
            value.set(text)
        if value.string() != f.default:
            problems.append(f"--{f.name}: {f.default!r} -> {value.string()!r}")
    return problems


def test_round_trip_fixture_defaults(fixture_facts) -> None:
    assert round_trip_mismatches(fixture_facts.flags) == []


@pytest.mark.realtree
def test_round_trip_real_defaults(real_facts) -> None:
    checked = [f for f in real_facts.flags if f.type in ROUND_TRIP and f.default is not None]
    assert len(checked) > 100
    assert round_trip_mismatches(real_facts.flags) == []
