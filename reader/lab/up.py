"""`lab up`: etcd and the real kube-apiserver on loopback, optionally the scheduler and the controller manager.

Everything listens on 127.0.0.1 only.  etcd's data, the apiserver's self-signed certificates
(its --cert-dir would otherwise be /var/run/kubernetes) and every log live in a fresh run
directory under the lab directory; the data goes when the lab stops (unless `keep`), the logs stay.

    with start_lab(build, lab_dir, port=free_port()) as lab:
        urllib.request.urlopen(lab.url + "/healthz")
"""

from __future__ import annotations

import errno
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reader.lab.models import LabBuild
from reader.lab.processes import ChildSpec, Supervisor
from reader.lab.toolchain import LabError

T = TypeVar("T")

HOST = "127.0.0.1"
READY_TIMEOUT = 90.0  # seconds; kube-apiserver is healthy in 3-10 s here
KEEP_RUNS = 10  # older run directories (logs) are pruned
# What `--with` may add, and the component each one runs.
OPTIONAL = {"scheduler": "kube-scheduler", "controller-manager": "kube-controller-manager"}


@dataclass(frozen=True)
class RunningLab:
    url: str  # kube-apiserver's insecure address
    etcd_url: str
    run_dir: Path
    supervisor: Supervisor
    components: dict[str, str] = field(default_factory=dict)  # component → its healthz URL
    logs: dict[str, Path] = field(default_factory=dict)

    def watch(self) -> None:
        """Block until a process dies (raises ChildDied) or the user interrupts."""
        self.supervisor.watch()

    def until_quiet(self, observe: Callable[[], tuple[object, bool, T]], quiet: float, poll: float, deadline: float, stuck: str) -> T:
        """Poll `observe()` — (a state to compare, whether it is settled, what to return) — until
        the state has not changed for `quiet` seconds while settled; a LabError saying `stuck` at
        the monotonic `deadline`.  A process that dies ends it at once."""
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            self.supervisor.check()
            state, settled, result = observe()
            now = time.monotonic()
            if state != last:
                last, since = state, now
            elif settled and now - since >= quiet:
                return result
            time.sleep(poll)
        raise LabError(stuck)


@contextmanager
def start_lab(
    build: LabBuild, lab_dir: Path, port: int = 8080, with_: tuple[str, ...] = (), keep: bool = False, apiserver_args: tuple[str, ...] = (),
    component_args: dict[str, tuple[str, ...]] | None = None,
) -> Iterator[RunningLab]:
    """Start etcd, kube-apiserver on HOST:port (with `apiserver_args` added), then each of `with_`
    (with `component_args[name]` added, e.g. the controllers to run); stop them all on exit."""
    etcd = shutil.which("etcd")
    if etcd is None:
        raise LabError("lab up needs etcd on PATH: apt-get install etcd-server (etcd 3.x)")
    missing = [c for c in components_for(with_) if not build.has(c)]
    if missing:
        raise LabError(f"{missing[0]} is not built: run k8s-reader lab build --components {','.join(missing)}")
    check_port_free(port, "--port")
    run_dir = _new_run_dir(lab_dir)
    data = run_dir / "etcd-data"
    logs = run_dir / "logs"
    client, peer = free_port(), free_port()
    api = f"http://{HOST}:{port}"
    specs = [
        ChildSpec("etcd", (
            etcd, "--name", "lab", "--data-dir", str(data),
            "--listen-client-urls", f"http://{HOST}:{client}", "--advertise-client-urls", f"http://{HOST}:{client}",
            "--listen-peer-urls", f"http://{HOST}:{peer}", "--initial-advertise-peer-urls", f"http://{HOST}:{peer}",
            "--initial-cluster", f"lab=http://{HOST}:{peer}",
        ), logs / "etcd.log", f"http://{HOST}:{client}/health", lambda body: '"health":"true"' in body),  # fmt: skip
        ChildSpec("kube-apiserver", (
            str(build.binary("kube-apiserver")), f"--etcd-servers=http://{HOST}:{client}",
            f"--insecure-bind-address={HOST}", f"--insecure-port={port}", "--secure-port=0",
            f"--cert-dir={run_dir / 'certs'}", *apiserver_args,
        ), logs / "kube-apiserver.log", f"{api}/healthz", lambda body: body == "ok"),  # fmt: skip
    ]
    components = {"kube-apiserver": f"{api}/healthz"}
    for name in with_:
        component, own = OPTIONAL[name], free_port()
        specs.append(ChildSpec(component, (
            str(build.binary(component)), f"--master={api}", f"--address={HOST}", f"--port={own}", *(component_args or {}).get(name, ()),
        ), logs / f"{component}.log", f"http://{HOST}:{own}/healthz", lambda body: body == "ok"))  # fmt: skip
        components[component] = f"http://{HOST}:{own}/healthz"
    try:
        with Supervisor() as supervisor:
            for spec in specs:
                supervisor.start(spec, READY_TIMEOUT)
            yield RunningLab(api, f"http://{HOST}:{client}", run_dir, supervisor, components, {s.name: s.log for s in specs})
    finally:
        if not keep:
            shutil.rmtree(data, ignore_errors=True)
            shutil.rmtree(run_dir / "certs", ignore_errors=True)


def components_for(with_: tuple[str, ...]) -> tuple[str, ...]:
    """The binaries a lab with `with_` runs."""
    for name in with_:
        if name not in OPTIONAL:
            raise LabError(f"--with: no component {name!r}; choose from {', '.join(OPTIONAL)}")
    return ("kube-apiserver", *(OPTIONAL[n] for n in with_))


def check_port_free(port: int, option: str) -> None:
    if not 0 < port < 65536:
        raise LabError(f"{option} {port}: give a port between 1 and 65535")
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Go listens: TIME_WAIT is no obstacle
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise LabError(f"{option} {port}: {HOST}:{port} is in use; stop what listens there or pick another port") from None
            raise LabError(f"{option} {port}: cannot listen on {HOST}:{port} ({exc.strerror})") from None


def free_port() -> int:
    """A port on HOST nobody listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _new_run_dir(lab_dir: Path) -> Path:
    runs = lab_dir / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    for old in sorted(runs.iterdir())[:-KEEP_RUNS]:
        shutil.rmtree(old, ignore_errors=True)
    run_dir = runs / time.strftime("%Y%m%d-%H%M%S")
    suffix = 0
    while True:
        candidate = run_dir.with_name(f"{run_dir.name}-{suffix}") if suffix else run_dir
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            suffix += 1
