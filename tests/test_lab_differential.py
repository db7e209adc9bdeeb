"""The replicas against the real kube-apiserver v1.9.9: built from the real tree by the lab, run on
loopback with etcd.  Needs the real tree, Go and etcd; skips with the reason otherwise.  The
normalisations (differential.ALLOWED) are tested on their own below, with no lab at all."""

from __future__ import annotations

import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

from reader import settings
from reader.lab import free_port, start_lab
from reader.lab.differential import (
    ALLOWED, SERVER_VARIANTS, Case, Kind, compare, compare_commands, compare_http, enabled_by, first_difference, normalize,
)  # fmt: skip


def _report(results) -> str:
    different = [r for r in results if not r.equal]
    return f"{len(different)} of {len(results)} differ:\n" + "\n".join(f"  {r.case.name} {r.case.args}: {r.difference}" for r in different[:40])


@pytest.mark.realtree
def test_real_binaries_report_the_release_version(real_lab) -> None:
    build, _ = real_lab
    for component in ("kube-apiserver", "kube-scheduler", "kube-controller-manager"):
        out = subprocess.run([build.binary(component), "--version=raw"], capture_output=True, text=True, timeout=60).stdout
        assert out.startswith('version.Info{Major:"1", Minor:"9", GitVersion:"v1.9.9", GitCommit:"57729ea3d9a1b75f3fc7bbbadc597ba707d47c8a", '
                              'GitTreeState:"clean", BuildDate:"2018-06-27T08:42:53Z", GoVersion:"go'), (component, out)  # fmt: skip


@pytest.mark.realtree
def test_command_lines_equal_the_real_binary(real_lab) -> None:
    build, _ = real_lab
    results = compare_commands(build)
    assert all(r.equal for r in results), _report(results)


@pytest.mark.realtree
def test_http_equals_the_real_binary(real_lab, real_index) -> None:
    from reader.facts.resources import api_resources

    build, lab_dir = real_lab
    root, index = real_index
    results = compare_http(build, lab_dir, api_resources(index, root, enable=enabled_by(SERVER_VARIANTS)).bodies())
    assert len(results) > 1000  # every listed path × 3 clients × pretty or not × 4 flag sets
    assert all(r.equal for r in results), _report(results)


@pytest.mark.realtree
def test_the_whole_control_plane_comes_up(real_lab) -> None:
    build, lab_dir = real_lab
    with start_lab(build, lab_dir, free_port(), with_=("scheduler", "controller-manager")) as lab:
        for component, health in lab.components.items():
            with urllib.request.urlopen(health, timeout=10) as response:
                assert response.read() == b"ok", component


# ---------------------------------------------------------------- the comparison itself, no lab


def test_allowed_differences_are_the_only_ones_ignored() -> None:
    glog = "I1201 09:36:08.714711   12997 server.go:121] Version: v1.9.9\n"
    assert normalize(glog) == "Version: v1.9.9\n"
    assert normalize("Usage of /tmp/x/kube-apiserver:\n") == normalize("Usage of kube-apiserver:\n")
    assert normalize('"goVersion": "go1.19.8",') == normalize('"goVersion": "go1.9.3",')
    assert normalize('time: unknown unit "x" in duration "1x"') == "time: unknown unit x in duration 1x"
    cidrs = "      --cloud-provider-gce-lb-src-cidrs cidrs   CIDRs opened (default {})\n"
    assert normalize(cidrs.format("35.191.0.0/16,130.211.0.0/22")) == normalize(cidrs.format("130.211.0.0/22,35.191.0.0/16"))
    # everything else counts, a space or a newline included
    assert compare(Case(Kind.COMMAND, "x", ()), "exit 1\nVersion: v1.9.9\n", "exit 1\nVersion: v1.9.9 \n").difference == \
        "line 2: real 'Version: v1.9.9', replica 'Version: v1.9.9 '"  # fmt: skip
    assert first_difference("a\nb", "a\nb\nc") == "line 3: only the replica has 'c'"
    assert first_difference("a\n", "a") == "same lines, different line endings or trailing newline"
    assert len({a.name for a in ALLOWED}) == len(ALLOWED) and all(a.reason for a in ALLOWED)


def test_enabled_by_reads_the_runtime_config_variants() -> None:
    variants = ((), ("--runtime-config=batch/v2alpha1=true,apps/v1beta1=false",), ("--secure-port=0", "--runtime-config=a/v1=true"))
    assert enabled_by(variants) == ("batch/v2alpha1", "a/v1")


@pytest.mark.realtree
def test_cli_lab_compare_prints_the_cases_and_the_total(real_lab, real_mirror: Path, capsys) -> None:
    from reader.cli import main

    cache = os.environ.get("K8S_READER_CACHE") or str(settings.default_cache_dir())
    assert main(["lab", "compare", "--only", "commands", "--all", "--source", str(real_mirror), "--cache-dir", cache]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "= kube-apiserver command line: --version=raw [--version=raw]" in out
    assert "= kube-scheduler command line: -h [-h]" in out and "= kube-controller-manager command line: --help [--help]" in out
    assert out[-1].startswith(f"51/51 equal to the real binaries ({real_lab[0].go_version} build), after: glog prefixes; ")
