"""The lab's client for kube-apiserver's insecure port: JSON in, JSON out, one-line errors.

Every lab suite (scheduling, rollouts, slow start, node lifecycle) talks to the real apiserver
through this one class; a refusal becomes a LabError naming the method, the path, the status and
the server's message."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from reader.lab.toolchain import LabError

TIMEOUT = 90  # seconds; two shared cores: a busy apiserver can be slow
CONFLICT_RETRIES = 20


def collection(obj: dict) -> str:
    """The API path of an object's collection: /api/v1/namespaces/default/pods, /apis/apps/v1/…/replicasets, /api/v1/nodes."""
    version = obj.get("apiVersion", "v1")
    prefix = "/api/v1" if version == "v1" else f"/apis/{version}"
    plural = obj["kind"].lower() + "s"
    if obj["kind"] in ("Node", "Namespace"):
        return f"{prefix}/{plural}"
    return f"{prefix}/namespaces/{obj['metadata'].get('namespace') or 'default'}/{plural}"


class Api:
    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, method: str, path: str, body: dict | None = None, content_type: str = "application/json") -> tuple[int, dict]:
        """The status and the decoded answer, whatever the status."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            text = exc.read()
            try:
                return exc.code, json.loads(text or b"{}")
            except ValueError:
                return exc.code, {"message": text.decode(errors="replace")[:300]}

    def call(self, method: str, path: str, body: dict | None = None, missing_ok: bool = False, content_type: str = "application/json") -> dict:
        """The answer of a request that must succeed ({} for a 404 when `missing_ok`)."""
        status, answer = self.send(method, path, body, content_type)
        if status == 404 and missing_ok:
            return {}
        if not 200 <= status < 300:
            raise LabError(f"{method} {path}: {status} {answer.get('reason', '')} {answer.get('message', answer)}".replace("  ", " "))
        return answer

    def get(self, path: str) -> dict:
        return self.call("GET", path)

    def create(self, collection_path: str, obj: dict, exist_ok: bool = False) -> str:
        """POST `obj`; its path (an object that already exists is fine with `exist_ok`)."""
        status, answer = self.send("POST", collection_path, obj)
        if not (status in (200, 201) or status == 409 and exist_ok):
            raise LabError(f"POST {collection_path} {obj['metadata']['name']}: {status} {answer.get('message', answer)}")
        return f"{collection_path}/{urllib.parse.quote(obj['metadata']['name'])}"

    def delete(self, path: str) -> None:
        """Delete at once (grace period 0); an object already gone is fine."""
        self.call("DELETE", path, {"apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0}, missing_ok=True)

    def patch_status(self, path: str, patch: dict) -> None:
        self.call("PATCH", path, patch, content_type="application/merge-patch+json")

    def update(self, path: str, change: Callable[[dict], None], subresource: str = "", missing_ok: bool = False) -> dict:
        """GET, change, PUT; again on a conflict (another writer got there first)."""
        for _ in range(CONFLICT_RETRIES):
            obj = self.call("GET", path, missing_ok=missing_ok)
            if not obj:
                return obj  # gone meanwhile (a pod a controller deleted)
            change(obj)
            status, answer = self.send("PUT", path + subresource, obj)
            if status == 404 and missing_ok:
                return {}
            if 200 <= status < 300:
                return answer
            if status != 409:
                raise LabError(f"PUT {path}{subresource}: {status} {answer.get('message', answer)}")
        raise LabError(f"PUT {path}{subresource}: still conflicting after {CONFLICT_RETRIES} tries")

    def update_status(self, path: str, change: Callable[[dict], None]) -> dict:
        return self.update(path, change, "/status", missing_ok=True)
