"""kube-apiserver's main, statement by statement.

Mirrors cmd/kube-apiserver/apiserver.go `main` at Kubernetes v1.9.9, and what it calls up to
app.Run: pkg/version/verflag (PrintAndExitIfRequested), apiserver's util/flag (InitFlags),
util/logs (InitLogs, FlushLogs) and server.SetupSignalHandler (signal.go).  Each `# go:` line is
the Go statement the block below it does; the tests hold these to the statements extracted from
the Go source, in order.

Run it:  python -m reader.replicas.kube_apiserver.main --version
         python -m reader.replicas.kube_apiserver.main --etcd-servers=http://127.0.0.1:2379 --insecure-port=8080
"""

from __future__ import annotations

import random
import signal
import sys
import threading
import time

from reader.replicas import component_flags
from reader.replicas.kube_apiserver import server_chain
from reader.replicas.kube_apiserver.add_flags import add_flags, init_flags, package_level_flags
from reader.replicas.kube_apiserver.server_run_options import new_server_run_options

MIRRORS = {
    "main": "k8s.io/kubernetes/cmd/kube-apiserver.main",
    "setup_signal_handler": "k8s.io/apiserver/pkg/server.SetupSignalHandler",
}


def setup_signal_handler() -> threading.Event:
    """server.SetupSignalHandler: the first SIGINT/SIGTERM closes stopCh; a second exits at once (code 1)."""
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        if stop.is_set():
            sys.exit(1)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    return stop


def main(argv: list[str]) -> int:
    g = package_level_flags("kube-apiserver")  # package initialisation, before main runs
    # go: rand.Seed(time.Now().UTC().UnixNano())
    random.seed(time.time_ns())
    # go: s := options.NewServerRunOptions()
    s = new_server_run_options()
    # go: s.AddFlags(pflag.CommandLine)
    add_flags(s, g.command_line, g)
    # go: flag.InitFlags()
    init_flags(g)
    if not g.command_line.parse_exit_on_error(argv):  # InitFlags ends with pflag.Parse(): ExitOnError
        return 2
    # go: logs.InitLogs()
    # (glog writes to stderr here; the replica prints its few log lines there too)
    # go: defer logs.FlushLogs()
    # (nothing is buffered in the replica, so there is nothing to flush)
    # go: verflag.PrintAndExitIfRequested()
    if component_flags.print_version_if_requested(g.version):
        return 0
    # go: stopCh := server.SetupSignalHandler()
    stop = setup_signal_handler()
    # go: if err := app.Run(s, stopCh); err != nil {
    try:
        server_chain.run(s, stop)
    except server_chain.RunError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
