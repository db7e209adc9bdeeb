"""The request chapter's directives (reader/render/requests.py) on a small hand-written Go tree:
a handler chain drawn from the statements that wrap the handler, and YAML keys linked to the Go
fields their json tags name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.index import build_index
from reader.render.requests import RequestPages
from reader.render.strings import load_ui
from tests.conftest import write_tree

ZH = load_ui(Path(__file__).resolve().parents[1])["zh"]

TREE = {
    "pkg/server/chain.go": """
        package server

        import "net/http"

        func WithOuter(h http.Handler) http.Handler { return h }
        func WithInner(h http.Handler) http.Handler { return h }
        func WithNew(h http.Handler) http.Handler { return h }
        func WithOld(h http.Handler) http.Handler { return h }
        func WithFailed(h http.Handler) http.Handler { return h }

        var modern bool

        func BuildChain(api http.Handler) http.Handler {
            handler := WithInner(api)
            if modern {
                handler = WithNew(handler)
            } else {
                handler = WithOld(handler)
            }
            failed := WithFailed(api)
            _ = failed
            handler = WithOuter(handler)
            return handler
        }
        """,
    "staging/src/k8s.io/api/demo/v1/types.go": """
        package v1

        type TypeMeta struct {
            Kind string `json:"kind,omitempty"`
        }

        type Thing struct {
            TypeMeta `json:",inline"`
            Spec ThingSpec `json:"spec"`
        }

        type ThingSpec struct {
            Replicas *int32            `json:"replicas,omitempty"`
            Labels   map[string]string `json:"labels,omitempty"`
            Ports    []Port            `json:"ports"`
        }

        type Port struct {
            Number int32 `json:"port"`
        }
        """,
}


@dataclass
class _Source:
    root: Path


class _Renderer:
    """What RequestPages uses of a Renderer: the index, the tree, links."""

    def __init__(self, root: Path, index) -> None:
        self.index, self.src = index, _Source(root)

    def href(self, page: str, symbol_id: str) -> str:
        return "#" + symbol_id

    def symbol_link(self, page: str, symbol_id: str, text: str | None = None) -> str:
        return f"[{text or symbol_id}]"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> RequestPages:
    root = write_tree(tmp_path_factory.mktemp("tree"), TREE)
    return RequestPages(_Renderer(root, build_index(root, "fixture", workers=1)))


def test_the_chain_is_in_the_order_a_request_meets_it(pages: RequestPages) -> None:
    chain = pages.handler_chain("p", "k8s.io/kubernetes/pkg/server.BuildChain", ZH)
    assert chain.index("WithOuter") < chain.index("WithNew") < chain.index("WithOld") < chain.index("WithInner")
    assert "if modern" in chain and "WithFailed" not in chain  # the failed handler is not the chain


def test_yaml_keys_link_to_the_fields_their_json_tags_name(pages: RequestPages) -> None:
    text = "kind: Thing\nspec:\n  replicas: 2\n  labels:\n    app: web\n  ports:\n  - port: 80\n  extra: 1\n"
    out = pages.yaml_text_fields("p", text, "k8s.io/api/demo/v1.Thing", ZH)
    assert '<a class="k8s-yaml-key" href="#k8s.io/api/demo/v1.TypeMeta.Kind"' in out  # through the inline TypeMeta
    assert 'href="#k8s.io/api/demo/v1.ThingSpec.Replicas"' in out and 'href="#k8s.io/api/demo/v1.Port.Number"' in out
    assert 'title="spec.labels.app: map key">app</span>' in out  # a map key is no field
    assert "extra" in out and 'href="#k8s.io/api/demo/v1.ThingSpec.extra' not in out  # unknown keys are shown, not linked
    assert "| `spec.ports[].port` | [v1.Port.Number] | `int32` | `port` |" in out and "| YAML | Go | 类型 | json |" in out
    assert "| `spec.replicas` | [v1.ThingSpec.Replicas] | `*int32` | `replicas,omitempty` |" in out
