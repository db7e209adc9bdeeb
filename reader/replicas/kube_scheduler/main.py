"""kube-scheduler's main and its cobra command, statement by statement.

Mirrors, at Kubernetes v1.9.9: plugin/cmd/kube-scheduler/scheduler.go `main`,
plugin/cmd/kube-scheduler/app/server.go `NewSchedulerCommand` (and its Run closure), and
pkg/kubectl/cmd/util/helpers.go `CheckErr` as the closure uses it; the command runs on the cobra
replica, the options on the options replica (reader/replicas/kube_scheduler/options.py).

Go's os.Exit inside the command's Run (verflag, CheckErr, glog.Fatal) is SystemExit here; main
turns it back into the exit status.  The replica stops where the real scheduler would create
its API clients (see options.py): one line on stderr says so, and it exits with status 3.

Run it:  python -m reader.replicas.kube_scheduler.main --help
         python -m reader.replicas.kube_scheduler.main --version=raw
         python -m reader.replicas.kube_scheduler.main --port=abc
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from reader.replicas.cobra import Command
from reader.replicas.component_flags import (
    FEATURE_GATES, FeatureGate, GlogValue, VersionValue, add_version_and_logging_flags, print_version_if_requested, word_sep_normalize,
)  # fmt: skip
from reader.replicas.kube_scheduler.options import STOPPED, Options, ReplicaStops, add_flags, apply_defaults, glog_fatal, new_options
from reader.replicas.pflag import FlagSet, GoFlagSet

MIRRORS = {
    "main": "k8s.io/kubernetes/plugin/cmd/kube-scheduler.main",
    "new_scheduler_command": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.NewSchedulerCommand",
    "check_err": "k8s.io/kubernetes/pkg/kubectl/cmd/util.CheckErr",
}

LONG = """The Kubernetes scheduler is a policy-rich, topology-aware,
workload-specific function that significantly impacts availability, performance,
and capacity. The scheduler needs to take into account individual and collective
resource requirements, quality of service requirements, hardware/software/policy
constraints, affinity and anti-affinity specifications, data locality, inter-workload
interference, deadlines, and so on. Workload-specific requirements will be exposed
through the API as necessary."""


@dataclass
class Linked:
    """What package initialisation leaves behind, before main runs: pflag.CommandLine, Go's
    flag.CommandLine (glog's flags), verflag's --version value and utilfeature.DefaultFeatureGate."""

    command_line: FlagSet
    go_flags: GoFlagSet
    version: VersionValue
    feature_gate: FeatureGate

    def verbosity(self) -> int:
        """glog's -v level (the Level value the go flag set holds)."""
        level = self.go_flags.formal["v"][0]
        assert isinstance(level, GlogValue)
        return int(level.value)


def package_level_flags() -> Linked:
    command_line, go_flags = FlagSet("kube-scheduler"), GoFlagSet()
    version = add_version_and_logging_flags(command_line, go_flags)
    return Linked(command_line, go_flags, version, FeatureGate(dict(FEATURE_GATES)))


def check_err(err: Exception | None, linked: Linked) -> None:
    """cmdutil.CheckErr for the plain errors the scheduler's options return: "error: <message>" on
    stderr and exit 1; from -v=2 on, fatal() hands the message to glog.FatalDepth (exit 255)."""
    if err is None:
        return
    message = str(err) if str(err).startswith("error: ") else f"error: {err}"
    if linked.verbosity() >= 2:
        glog_fatal(message)
    print(message, file=sys.stderr)
    raise SystemExit(1)  # DefaultErrorExitCode


def command_run(opts: Options, linked: Linked, args: list[str]) -> None:
    """The command's Run closure (server.go, inside NewSchedulerCommand), line by line."""
    # verflag.PrintAndExitIfRequested()
    if print_version_if_requested(linked.version):
        raise SystemExit(0)
    # cmdutil.CheckErr(opts.Complete())
    check_err(opts.complete(), linked)
    # cmdutil.CheckErr(opts.Validate(args))
    check_err(opts.validate(args), linked)
    # cmdutil.CheckErr(opts.Run())
    check_err(opts.run(linked.feature_gate), linked)


def new_scheduler_command(linked: Linked) -> Command:
    # go: opts, err := NewOptions()
    opts = new_options()
    # go: if err != nil {
    # (NewOptions fails only if registering componentconfig's types in its scheme does)
    # go: cmd := &cobra.Command{
    cmd = Command(use="kube-scheduler", long=LONG, command_line=linked.command_line,
                  run=lambda cmd, args: command_run(opts, linked, args))  # fmt: skip
    # go: opts.config, err = opts.ApplyDefaults(opts.config)
    opts.config = apply_defaults(opts.config)
    # go: if err != nil {
    # (converting and defaulting these plain fields cannot fail)
    # go: flags := cmd.Flags()
    flags = cmd.flags()
    # go: AddFlags(opts, flags)
    add_flags(opts, flags, linked.feature_gate)
    # go: cmd.MarkFlagFilename("config", "yaml", "yml", "json")
    # (an annotation for bash completion: nothing changes on the command line)
    # go: return cmd
    return cmd


def main(argv: list[str]) -> int:
    linked = package_level_flags()  # package initialisation, before main runs
    try:
        # go: command := app.NewSchedulerCommand()
        command = new_scheduler_command(linked)
        # go: pflag.CommandLine.SetNormalizeFunc(utilflag.WordSepNormalizeFunc)
        # (only pflag.CommandLine's: the command's own flag set has no normaliser, and parsing
        # uses that one, so `--log_dir` is an unknown flag)
        linked.command_line.set_normalize_func(word_sep_normalize)
        # go: pflag.CommandLine.AddGoFlagSet(goflag.CommandLine)
        linked.command_line.add_go_flag_set(linked.go_flags)
        # go: logs.InitLogs()
        # (glog writes to stderr here; the replica prints its few log lines there too)
        # go: defer logs.FlushLogs()
        # (nothing is buffered in the replica, so there is nothing to flush)
        # go: if err := command.Execute(); err != nil {
        if command.execute_args(argv) is not None:
            return 1
        return 0
    except ReplicaStops as stop:
        print(f"kube-scheduler replica: stops here, before {stop}; the real kube-scheduler goes on to run the scheduler", file=sys.stderr)
        return STOPPED
    except SystemExit as exiting:  # os.Exit inside the command's Run
        return int(exiting.code or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
