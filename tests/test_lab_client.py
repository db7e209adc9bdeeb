"""reader.lab.client against a small fake apiserver on loopback: answers decoded, refusals as one
line naming the method, path, status and message, a conflicting PUT tried again, 404s allowed
where asked, and the collection paths of objects."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.lab.client import Api, collection
from reader.lab.toolchain import LabError


class FakeApiserver(BaseHTTPRequestHandler):
    conflicts_left = 0
    stored = {"metadata": {"name": "web", "resourceVersion": "1"}, "spec": {"replicas": 1}}

    def _answer(self, status: int, body: dict | bytes) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/web":
            self._answer(200, FakeApiserver.stored)
        elif self.path == "/broken":
            self._answer(500, b"<html>not json</html>")
        else:
            self._answer(404, {"kind": "Status", "reason": "NotFound", "message": f'"{self.path}" not found'})

    def do_PUT(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if FakeApiserver.conflicts_left:
            FakeApiserver.conflicts_left -= 1
            self._answer(409, {"reason": "Conflict", "message": "the object has been modified"})
            return
        FakeApiserver.stored = body
        self._answer(200, body)

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def api() -> Iterator[Api]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApiserver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Api(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def test_a_refusal_is_one_line_with_the_servers_reason(api: Api) -> None:
    with pytest.raises(LabError) as caught:
        api.get("/nope")
    assert str(caught.value) == 'GET /nope: 404 NotFound "/nope" not found'
    assert api.call("GET", "/nope", missing_ok=True) == {}
    with pytest.raises(LabError, match=r"^GET /broken: 500 <html>not json</html>$"):
        api.get("/broken")


def test_update_tries_again_after_a_conflict(api: Api) -> None:
    FakeApiserver.conflicts_left = 2
    answer = api.update("/web", lambda obj: obj["spec"].update(replicas=3))
    assert answer["spec"]["replicas"] == 3 and FakeApiserver.conflicts_left == 0
    FakeApiserver.conflicts_left = 100
    with pytest.raises(LabError, match="still conflicting after 20 tries"):
        api.update("/web", lambda obj: None)
    FakeApiserver.conflicts_left = 0


def test_collections_of_namespaced_and_cluster_objects() -> None:
    assert collection({"kind": "Pod", "metadata": {"name": "p"}}) == "/api/v1/namespaces/default/pods"
    assert collection({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "r", "namespace": "x"}}) == "/apis/apps/v1/namespaces/x/replicasets"
    assert collection({"kind": "Node", "metadata": {"name": "n"}}) == "/api/v1/nodes"
