"""The request replica (reader/replicas/kube_apiserver/request.py and its helpers): Go's wording
of JSON and YAML errors, quantities, image tags, validation messages and allocators on their own;
then, with the API types read from the real v1.9.9 tree, the seed's three objects and a few
variants end to end (the lab test compares the whole corpus with the real server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from reader.replicas.kube_apiserver import go_json
from reader.replicas.kube_apiserver.api_errors import aggregate, go_format, invalid, new_invalid, required
from reader.replicas.kube_apiserver.defaults import parse_image_tag
from reader.replicas.kube_apiserver.go_values import IntOrString, Quantity
from reader.replicas.kube_apiserver.registry import IPAllocator, PortAllocator, RESOURCES
from reader.replicas.kube_apiserver import validation as v

SEEDS = Path(__file__).resolve().parents[1] / "reader" / "lab" / "requests" / "seed"


# ---------------------------------------------------------------- pieces, no tree


def test_json_syntax_errors_are_encoding_json_s() -> None:
    assert go_json.syntax_error(b'{"a": 1}') is None
    assert go_json.syntax_error(b'{"apiVersion": "v1", "kind": ') == "unexpected end of JSON input"
    assert go_json.syntax_error(b"") == "unexpected end of JSON input"
    assert go_json.syntax_error(b"name=app") == "invalid character 'a' in literal null (expecting 'u')"
    assert go_json.syntax_error(b"{a: 1}") == "invalid character 'a' looking for beginning of object key string"
    assert go_json.syntax_error(b'{"a" 1}') == "invalid character '1' after object key"
    assert go_json.syntax_error(b'{"a": 1 "b": 2}') == "invalid character '\"' after object key:value pair"
    assert go_json.syntax_error(b"[1,]") == "invalid character ']' looking for beginning of value"
    assert go_json.syntax_error(b"{} x") == "invalid character 'x' after top-level value"
    assert go_json.syntax_error(b"'x'") == "invalid character '\\'' looking for beginning of value"


def test_yaml_becomes_go_json_with_sorted_keys_and_go_yaml_errors() -> None:
    assert go_json.yaml_to_json(b"b: 3.0\na: yes\nc: 2001-12-14\nd: <x>\n") == b'{"a":true,"b":3,"c":"2001-12-14","d":"\\u003cx\\u003e"}'
    with pytest.raises(go_json.YAMLError) as caught:
        go_json.yaml_to_json(b"a: b\n  c: d\n   e: f\n")
    assert caught.value.replicated and caught.value.message == "yaml: line 1: mapping values are not allowed in this context"


def test_iterator_errors_point_at_the_byte() -> None:
    data = b'{"data":{"debug_mode":true},"kind":"ConfigMap"}'
    head = data.index(b"true") + 1
    assert go_json.iterator_error(data, head, "ReadString", 'expects " or n, but found t') == (
        'ReadString: expects " or n, but found t, error found in #10 byte of ...|ug_mode":true},"kind|..., '
        'bigger context ...|{"data":{"debug_mode":true},"kind":"ConfigMap"}|...')  # fmt: skip


def test_quantities_are_rounded_to_milli_units_and_printed_canonically() -> None:
    assert [str(Quantity.parse(q)) for q in ("0.5", "128Mi", "67108864", "1Gi", "1000m", "1.5", "100k", "1e3")] == \
        ["500m", "128Mi", "67108864", "1Gi", "1", "1500m", "100k", "1e3"]  # fmt: skip
    assert str(Quantity.parse("0.0001").round_up(-3)) == "1m"
    assert Quantity.parse("2Ki").value == Decimal(2048)
    with pytest.raises(ValueError, match="quantities must match the regular expression"):
        Quantity.parse("lots")


def test_image_tags_decide_the_pull_policy() -> None:
    assert parse_image_tag("nginx") == "latest" and parse_image_tag("nginx:1.14.2") == "1.14.2"
    assert parse_image_tag("registry.example.com:5000/team/app") == "latest"  # the port is not a tag
    assert parse_image_tag("busybox@sha256:" + "4b" * 32) == ""


def test_validation_messages_are_go_s() -> None:
    assert v.is_dns1123_label("Nginx_1") == ["a DNS-1123 label must consist of lower case alphanumeric characters or '-', and must start "
                                             "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                                             "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]  # fmt: skip
    assert v.is_config_map_key("..a") == ["must not start with '..'"]
    assert v.is_valid_port_name("a--b-") == ["must not contain consecutive hyphens", "must not begin or end with a hyphen"]
    assert v.is_qualified_name("a/b/c")[0].startswith("a qualified name must consist of alphanumeric characters")
    assert go_format({"app": "web"}) == 'map[string]string{"app":"web"}' and go_format(IntOrString.from_string("1%")).startswith("intstr.IntOrString{Type:1")
    errors = [required("spec.selector"), invalid("spec.replicas", -1, "must be greater than or equal to 0"), required("spec.selector")]
    assert aggregate(errors) == "[spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]"
    status = new_invalid("apps", "Deployment", "web", errors[:1]).status()
    assert status["code"] == 422 and status["message"] == 'Deployment.apps "web" is invalid: spec.selector: Required value'
    assert status["details"]["causes"] == [{"reason": "FieldValueRequired", "message": "Required value", "field": "spec.selector"}]


def test_allocators_scan_from_a_random_offset_and_refuse_taken_or_foreign_values() -> None:
    ips = IPAllocator("10.0.0.0/29")  # 6 usable addresses: .1 … .6
    ips.allocate("10.0.0.1")
    taken = {ips.allocate_next() for _ in range(5)}
    assert taken == {f"10.0.0.{i}" for i in range(2, 7)}
    with pytest.raises(ValueError, match="range is full"):
        ips.allocate_next()
    with pytest.raises(ValueError, match="provided IP is already allocated"):
        ips.allocate("10.0.0.3")
    with pytest.raises(ValueError, match="provided IP is not in the valid range. The range of valid IPs is 10.0.0.0/29"):
        ips.allocate("10.0.0.7")  # the broadcast address
    ports = PortAllocator(30000, 2768)
    with pytest.raises(ValueError, match="The range of valid ports is 30000-32767"):
        ports.allocate(20000)
    assert 30000 <= ports.allocate_next() <= 32767


def test_the_resources_and_their_etcd_keys() -> None:
    assert RESOURCES[("apps", "v1", "deployments")].key("ns", "web") == "/registry/deployments/ns/web"
    assert RESOURCES[("apps", "v1", "deployments")].stored == "k8s.io/api/extensions/v1beta1.Deployment"
    assert RESOURCES[("", "v1", "services")].key("ns", "web") == "/registry/services/specs/ns/web"
    assert RESOURCES[("", "v1", "namespaces")].key("", "team") == "/registry/namespaces/team"
    assert ("apps", "v1beta1", "replicasets") not in RESOURCES  # apps/v1beta1 has no ReplicaSets


# ---------------------------------------------------------------- end to end, with the real tree's types


@pytest.fixture(scope="module")
def server(real_index):
    from reader.replicas.kube_apiserver.request import APIServer, api_types_of, types_from

    root, index = real_index
    return APIServer(types_from(api_types_of(index, root)))


def post(server, path: str, body: bytes, content_type: str = "application/yaml"):
    from reader.replicas.kube_apiserver.server_chain import Request

    response = server.serve(Request(path, {}, "test", "POST", body, content_type))
    return response.status, json.loads(response.body)


@pytest.mark.realtree
def test_the_seed_deployment_is_defaulted_as_v1_9_9_does(server) -> None:
    status, body = post(server, "/apis/apps/v1/namespaces/seed/deployments", (SEEDS / "deployment.yaml").read_bytes())
    assert status == 201 and body["metadata"]["generation"] == 1 and body["metadata"]["labels"] == {"app": "nginx"}
    spec = body["spec"]
    assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}
    assert (spec["revisionHistoryLimit"], spec["progressDeadlineSeconds"]) == (10, 600)
    pod = spec["template"]["spec"]
    assert (pod["restartPolicy"], pod["dnsPolicy"], pod["terminationGracePeriodSeconds"], pod["schedulerName"], pod["securityContext"]) == \
        ("Always", "ClusterFirst", 30, "default-scheduler", {})  # fmt: skip
    container = pod["containers"][0]
    assert (container["imagePullPolicy"], container["ports"][0]["protocol"], container["terminationMessagePolicy"]) == ("IfNotPresent", "TCP", "File")
    assert "PUT /registry/deployments/seed/nginx-deployment (extensions/v1beta1 Deployment, resourceVersion" in server.memory.log[-1]


@pytest.mark.realtree
def test_the_seed_service_gets_an_ip_and_a_node_port(server) -> None:
    status, body = post(server, "/api/v1/namespaces/seed/services", (SEEDS / "service.yaml").read_bytes())
    assert status == 201
    assert body["spec"]["clusterIP"].startswith("10.0.0.") and body["spec"]["clusterIP"] != "10.0.0.1"  # .1 is the kubernetes Service's
    assert 30000 <= body["spec"]["ports"][0]["nodePort"] <= 32767
    assert (body["spec"]["sessionAffinity"], body["spec"]["externalTrafficPolicy"]) == ("None", "Cluster")


@pytest.mark.realtree
def test_the_seed_configmap_and_its_unquoted_variant(server) -> None:
    status, body = post(server, "/api/v1/namespaces/seed/configmaps", (SEEDS / "configmap.yaml").read_bytes())
    assert status == 201 and body["data"] == {"database_url": "mysql://localhost:3306/mydb", "debug_mode": "true"}
    unquoted = (SEEDS / "configmap.yaml").read_bytes().replace(b'"true"', b"true").replace(b"app-config", b"unquoted")
    status, body = post(server, "/api/v1/namespaces/seed/configmaps", unquoted)
    assert status == 400 and body["message"].startswith('ConfigMap in version "v1" cannot be handled as a ConfigMap: v1.ConfigMap.Data: ReadString: expects " or n, but found t')


@pytest.mark.realtree
def test_apps_v1_needs_a_selector_and_apps_v1beta1_makes_one(server) -> None:
    seed = (SEEDS / "deployment.yaml").read_text()
    without = seed.replace("  selector:\n    matchLabels:\n      app: nginx\n", "")
    status, body = post(server, "/apis/apps/v1/namespaces/v/deployments", without.encode())
    assert status == 422 and [c["field"] for c in body["details"]["causes"]] == ["spec.selector", "spec.template.metadata.labels"]
    status, body = post(server, "/apis/apps/v1beta1/namespaces/v/deployments", without.replace("apps/v1", "apps/v1beta1").encode())
    assert status == 201 and body["spec"]["selector"] == {"matchLabels": {"app": "nginx"}} and body["spec"]["revisionHistoryLimit"] == 2


@pytest.mark.realtree
def test_what_is_not_replicated_says_so(server) -> None:
    body = b"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  tolerations: [{operator: Exists}]\n  containers: [{name: c, image: i}]\n"
    status, answer = post(server, "/api/v1/namespaces/v/pods", body)
    assert status == 501 and answer["message"] == "replica: validating spec.tolerations is not replicated"


@pytest.mark.realtree
def test_the_cli_prints_the_answer_and_the_key(real_index, tmp_path: Path) -> None:
    from reader.replicas.kube_apiserver.request import TYPES_ENV, api_types_of

    root, index = real_index
    types = tmp_path / "types.json"
    types.write_text(json.dumps(api_types_of(index, root)))
    done = subprocess.run([sys.executable, "-m", "reader", "replica", "kube-apiserver/request", str(SEEDS / "configmap.yaml")],
                          capture_output=True, text=True, env={**os.environ, TYPES_ENV: str(types)}, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("POST /api/v1/namespaces/default/configmaps\n201\n{\n")
    assert "etcd: PUT /registry/configmaps/default/app-config (v1 ConfigMap, resourceVersion" in done.stdout
    assert "storage is in memory" in done.stderr


@pytest.mark.realtree
def test_every_go_marker_quotes_a_line_of_the_go_function_in_order(real_index) -> None:
    """The `# go:` comments of the request replica and its helpers are lines of the Go they name,
    in the order the Go has them (the replica pages put each beside that line)."""
    from reader.replicas.kube_apiserver import conversion, defaults, request
    from reader.replicas.steps import mirrored_steps

    root, index = real_index
    problems = []
    for module in (request, defaults, conversion):
        after: dict[str, int] = {}
        for step in mirrored_steps(module):
            symbol = index.symbols.get(step.go_function)
            if symbol is None:
                problems.append(f"{module.__name__}: no Go function {step.go_function}")
                continue
            lines = (root / symbol.file).read_text().splitlines()[symbol.span.line - 1 : symbol.span.end_line]
            start = after.get(step.go_function, -1) + 1
            hits = [n for n in range(start, len(lines)) if lines[n].strip() == step.text]
            if not hits:
                problems.append(f"{module.__name__}.{step.python_function}: {step.text!r} is no line of {step.go_function} after line {symbol.span.line + start}")
            else:
                after[step.go_function] = hits[0]
    assert not problems, "\n".join(problems)
