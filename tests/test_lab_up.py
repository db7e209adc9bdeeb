"""lab up's process handling, on tiny stand-in programs (no Go, no real tree): ready checks, a child
that dies, a port in use, Ctrl-C / SIGTERM, and no process outliving the command, SIGKILL included."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from reader.lab import LabBuild, LabError, free_port, start_lab
from reader.lab.processes import ChildDied

# A stand-in server: answers its health path until told to stop; --die-after N exits 3 after N seconds.
STAND_IN = textwrap.dedent('''\
    #!{python}
    import http.server, sys, time, threading
    argv, args = sys.argv[1:], {{}}
    for i, a in enumerate(argv):
        if "=" in a:
            args.update([a.lstrip("-").split("=", 1)])
        elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            args[a.lstrip("-")] = argv[i + 1]
    port = int(args.get("insecure-port") or args.get("port") or args["listen-client-urls"].rsplit(":", 1)[1])
    body = b'{{"health":"true"}}' if "listen-client-urls" in args else b"ok"
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.end_headers(); self.wfile.write(body)
        def log_message(self, *a): pass
    print("stand-in", sys.argv[0], "listening on", port, flush=True)
    if "die-after" in args:
        threading.Timer(float(args["die-after"]), lambda: (print("stand-in: giving up", flush=True), __import__("os")._exit(3))).start()
    http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
''')


@pytest.fixture
def stand_ins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LabBuild:
    """A LabBuild whose binaries, and an `etcd` on PATH, are the stand-in server."""
    bin_dir = tmp_path / "build" / "bin"
    bin_dir.mkdir(parents=True)
    path_dir = tmp_path / "path"
    path_dir.mkdir()
    for target in (bin_dir / "kube-apiserver", bin_dir / "kube-scheduler", bin_dir / "kube-controller-manager", path_dir / "etcd"):
        target.write_text(STAND_IN.format(python=sys.executable))
        target.chmod(0o755)
    monkeypatch.setenv("PATH", f"{path_dir}{os.pathsep}{os.environ['PATH']}")
    return LabBuild(tmp_path / "build", "fixture", "go1.19")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie is gone for our purposes (its parent has not reaped it yet)
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


def test_lab_starts_everything_and_stops_everything(stand_ins: LabBuild, tmp_path: Path) -> None:
    port = free_port()
    with start_lab(stand_ins, tmp_path / "lab", port, with_=("scheduler", "controller-manager")) as lab:
        assert lab.url == f"http://127.0.0.1:{port}"
        assert _get(lab.url + "/healthz") == "ok"
        assert set(lab.components) == {"kube-apiserver", "kube-scheduler", "kube-controller-manager"}
        for health in lab.components.values():
            assert _get(health) == "ok"
        pids = [c.process.pid for c in lab.supervisor.children]
        assert len(pids) == 4
        scheduler = Path(f"/proc/{pids[2]}/cmdline").read_bytes().split(b"\0")
        assert f"--master={lab.url}".encode() in scheduler and b"--address=127.0.0.1" in scheduler
        data = lab.run_dir / "etcd-data"
        args = Path(f"/proc/{pids[1]}/cmdline").read_bytes().split(b"\0")
        assert f"--etcd-servers={lab.etcd_url}".encode() in args and b"--secure-port=0" in args
    assert all(_gone(pid) for pid in pids)
    assert not data.exists() and (lab.run_dir / "logs" / "kube-apiserver.log").is_file()


def test_a_child_that_dies_is_reported_with_its_log_and_the_others_stop(stand_ins: LabBuild, tmp_path: Path) -> None:
    with pytest.raises(ChildDied) as caught:
        with start_lab(stand_ins, tmp_path / "lab", free_port(), apiserver_args=("--die-after=0.5",)) as lab:
            pids = [c.process.pid for c in lab.supervisor.children]
            lab.watch()
    message = str(caught.value)
    assert message.startswith("kube-apiserver exited with code 3; the end of ")
    assert "stand-in: giving up" in message
    assert all(_gone(pid) for pid in pids)


def test_port_in_use_is_one_line(stand_ins: LabBuild, tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(LabError, match=rf"^--port {port}: 127.0.0.1:{port} is in use; stop what listens there or pick another port$"):
            with start_lab(stand_ins, tmp_path / "lab", port):
                pass


def test_missing_etcd_and_missing_binary_say_what_to_install(stand_ins: LabBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (stand_ins.root / "bin" / "kube-scheduler").unlink()
    with pytest.raises(LabError, match="kube-scheduler is not built: run k8s-reader lab build --components kube-scheduler"):
        with start_lab(stand_ins, tmp_path / "lab", free_port(), with_=("scheduler",)):
            pass
    with pytest.raises(LabError, match="--with: no component 'kubelet'"):
        with start_lab(stand_ins, tmp_path / "lab", free_port(), with_=("kubelet",)):
            pass
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(LabError, match="^lab up needs etcd on PATH: apt-get install etcd-server"):
        with start_lab(stand_ins, tmp_path / "lab", free_port()):
            pass


# A program that runs a lab the way `k8s-reader lab up` does (SIGTERM is Ctrl-C) and prints its children.
RUNNER = textwrap.dedent('''\
    import signal, sys
    from pathlib import Path
    from reader.lab import LabBuild, start_lab
    def interrupt(*_): raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as the CLI does: even if SIGINT came in ignored
    build = LabBuild(Path(sys.argv[1]), "fixture", "go1.19")
    try:
        with start_lab(build, Path(sys.argv[2]), int(sys.argv[3])) as lab:
            print(" ".join(str(c.process.pid) for c in lab.supervisor.children), lab.run_dir, flush=True)
            lab.watch()
    except KeyboardInterrupt:
        print("stopped", flush=True)
''')


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_no_process_outlives_the_lab(stand_ins: LabBuild, tmp_path: Path, how: signal.Signals) -> None:
    port = free_port()
    runner = subprocess.Popen([sys.executable, "-c", RUNNER, str(stand_ins.root), str(tmp_path / "lab"), str(port)],
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})  # fmt: skip
    try:
        *pids, run_dir = runner.stdout.readline().split()
        assert _get(f"http://127.0.0.1:{port}/healthz") == "ok"
        runner.send_signal(how)
        runner.wait(30)
        deadline = time.monotonic() + 10
        while not all(_gone(int(pid)) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(_gone(int(pid)) for pid in pids), f"children left after {how.name}"
        if how != signal.SIGKILL:
            assert runner.stdout.read().strip() == "stopped"
            assert not (Path(run_dir) / "etcd-data").exists()
    finally:
        runner.kill()
        runner.wait()
        runner.stdout.close()
