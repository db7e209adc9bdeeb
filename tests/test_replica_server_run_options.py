"""The server_run_options replica: its defaults tree against the one extracted from the Go source."""

from __future__ import annotations

import pytest

from reader.replicas.kube_apiserver import server_run_options as o
from reader.replicas.differences import default_differences


def test_tree_lists_every_field_with_go_values() -> None:
    rows = dict(o.tree(o.new_server_run_options()))
    assert rows["Etcd.StorageConfig.Prefix"] == '"/registry"'
    assert rows["EventTTL"] == "1h0m0s" and rows["GenericServerRunOptions.RequestTimeout"] == "1m0s"
    assert rows["Etcd.StorageConfig.ServerList"] == "nil"  # nil, not an empty list
    assert rows["SecureServing.BindAddress"] == "0.0.0.0" and rows["GenericServerRunOptions.AdvertiseAddress"] == "<nil>"
    assert rows["Admission.PluginNames"] == '["AlwaysAdmit"]'
    assert rows["ServiceNodePortRange"] == "{…}" and rows["ServiceNodePortRange.Size"] == "2768"


def test_constructor_order_matters() -> None:
    """The generic SecureServing constructor says 443; kube-apiserver's own says 6443 — the
    replica follows NewServerRunOptions, which calls the latter."""
    s = o.new_server_run_options()
    assert s.SecureServing.BindPort == 6443 and s.Etcd.DefaultStorageMediaType == "application/vnd.kubernetes.protobuf"
    assert "AlwaysAdmit" in s.Admission.Plugins.registry and "NamespaceLifecycle" in s.Admission.Plugins.registry


def test_main_prints_the_tree(capsys) -> None:
    assert o.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "GenericServerRunOptions\t{…}" and "MasterCount\t1" in lines
    assert o.main(["extra"]) == 2


def test_differences_are_found_on_a_fixture_tree(fixture_facts) -> None:
    """The check can fail: the fixture's options differ from v1.9.9's in known ways."""
    found = default_differences(o.tree(o.new_server_run_options()), fixture_facts.defaults, {})
    assert "EventTTL" not in " ".join(found)  # 1h0m0s on both sides
    assert "MasterCount" not in " ".join(found)
    assert "Etcd.StorageConfig.ServerList: nil in the replica, [\"http://127.0.0.1:2379\"] in the Go source" in found
    assert "PortRange: in the Go source ({…}), missing from the replica" in found
    assert "AllowPrivileged: in the replica, not a field in the Go source" in found
    listed = default_differences([("EventTTL", "1h0m0s")], fixture_facts.defaults, {"EventTTL": "why"})
    assert "EventTTL: listed as not replicated, but the replica has it" in listed


@pytest.mark.realtree
def test_every_default_equals_v1_9_9(real_facts) -> None:
    """The facts read the tree as main leaves it at the hand-over: after AddFlags wrote each flag's default into its field."""
    from reader.replicas.kube_apiserver.add_flags import command_line

    options, _ = command_line()
    assert default_differences(o.tree(options), real_facts.defaults, o.NOT_REPLICATED) == []
    assert len(real_facts.defaults) > 150
