"""kube-controller-manager's main, statement by statement.

Mirrors cmd/kube-controller-manager/controller-manager.go `main` at Kubernetes v1.9.9, and what it
calls: options.NewCMServer and AddFlags (options.py, add_flags.py), apiserver's util/flag
(InitFlags: parse, then at --v=2 every flag's value), util/logs (InitLogs, FlushLogs),
pkg/version/verflag (PrintAndExitIfRequested) and app.Run (app.py).  Each `# go:` line is the Go
statement the block below it does; the tests hold these to the statements extracted from the Go
source, in order.

Exit codes are the real binary's: 2 for a command line pflag rejects (and for --help), 0 after
--version, 1 when Run returns an error.  Where Run would go on to talk to the API server the
replica stops instead, says so in one line on stderr ("replica: stops here: …") and exits with
STOPPED (3), a code kube-controller-manager itself never uses.  glog's lines are the message
alone, without glog's prefix; a replica writes no log files (the "feature gates: map[…]" line
featureGate.Set logs while --feature-gates is parsed goes to stderr, keys sorted as today's Go prints them).

Run it:  python -m reader.replicas.kube_controller_manager.main --version
         python -m reader.replicas.kube_controller_manager.main --controllers=*,-nope
         python -m reader.replicas.kube_controller_manager.main --master=http://127.0.0.1:8080
"""

from __future__ import annotations

import sys

from reader.replicas import component_flags
from reader.replicas.component_flags import GlogOutput
from reader.replicas.pflag import go_quote
from reader.replicas.kube_controller_manager import app
from reader.replicas.kube_controller_manager.add_flags import add_flags, package_level_flags
from reader.replicas.kube_controller_manager.options import new_cm_server

MIRRORS = {"main": "k8s.io/kubernetes/cmd/kube-controller-manager.main"}

STOPPED = 3  # the replica went as far as it can without a cluster


def main(argv: list[str]) -> int:
    g = package_level_flags("kube-controller-manager")  # package initialisation, before main runs
    # go: s := options.NewCMServer()
    s = new_cm_server()
    # go: s.AddFlags(pflag.CommandLine, app.KnownControllers(), app.ControllersDisabledByDefault.List())
    add_flags(s, g.command_line, app.known_controllers(), sorted(app.CONTROLLERS_DISABLED_BY_DEFAULT), g)
    # go: flag.InitFlags()
    component_flags.init_flags(g.command_line, g.go_flags)
    if not g.command_line.parse_exit_on_error(argv):  # InitFlags' pflag.Parse(): ExitOnError
        return 2
    log = GlogOutput.from_flags(g.command_line)
    if log.v(2):  # pflag.VisitAll: every flag, sorted by name, at glog.V(2)
        for name in sorted(g.command_line.formal):
            log.log("INFO", f"FLAG: --{name}={go_quote(g.command_line.formal[name].value.string())}")
    # go: logs.InitLogs()
    # (glog writes to stderr here; the replica prints its few log lines there too)
    # go: defer logs.FlushLogs()
    # (nothing is buffered in the replica, so there is nothing to flush)
    # go: verflag.PrintAndExitIfRequested()
    if component_flags.print_version_if_requested(g.version):
        return 0
    # go: if err := app.Run(s); err != nil {
    try:
        app.run(s, log)
    except app.RunError as exc:
        print(exc, file=sys.stderr)
        return 1
    except app.ReplicaStops as stop:
        print(f"replica: {stop}", file=sys.stderr)
        return STOPPED


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
