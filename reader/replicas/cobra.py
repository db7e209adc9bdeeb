"""A replica of spf13/cobra's Command, as vendored in Kubernetes v1.9.9, for a root command.

Mirrors vendor/github.com/spf13/cobra (Godeps rev f62e98d) at Kubernetes v1.9.9: command.go
(Flags, PersistentFlags, LocalFlags, mergePersistentFlags, initHelpFlag, ParseFlags, execute,
ExecuteC, UsageFunc's and HelpFunc's defaults, UsageString) and cobra.go (trim, trimRightSpace,
appendIfNotPresent).  Only what kube-scheduler uses: one runnable command with no parent, no
subcommands, aliases or examples, so the template sections that need those never appear.

What the user sees (the same as the real binary):
  --help, -h     the help (Long, an empty line, the usage) on stdout; Execute returns nil.
  a flag error   "Error: <pflag's message>", then the usage and an empty line, on stderr;
                 Execute returns the error (kube-scheduler's main then exits 1).
pflag's own report of a flag error ("<error>" and "Usage of <name>:") goes to the command's
flagErrorBuf, a buffer nothing prints, so the replica does not write it at all.  Deprecated
flags warn on stderr as they are parsed (pflag writes those to os.Stderr directly).

The usage lists no --help: LocalFlags are the command's flags as they were when
mergePersistentFlags first ran, and with any argument that is during Find, before execute adds
the help flag.  (Without arguments the first merge is ParseFlags', after: --help would be listed.)

Run it:  python -m reader.replicas.cobra --help
         python -m reader.replicas.cobra --nope
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.replicas.pflag import HELP_REQUESTED, FlagError, FlagSet

MIRRORS = {
    "Command.merge_persistent_flags": "github.com/spf13/cobra.(*Command).mergePersistentFlags",
    "Command.local_flags": "github.com/spf13/cobra.(*Command).LocalFlags",
    "Command.usage_string": "github.com/spf13/cobra.(*Command).UsageString",
    "Command.help": "github.com/spf13/cobra.(*Command).Help",
    "Command.execute": "github.com/spf13/cobra.(*Command).execute",
    "Command.execute_c": "github.com/spf13/cobra.(*Command).ExecuteC",
}

Run = Callable[["Command", list[str]], None]


def go_is_space(c: str) -> bool:
    """unicode.IsSpace: Python's isspace less the four separators \\x1c-\\x1f Go does not count."""
    return c.isspace() and c not in "\x1c\x1d\x1e\x1f"


def trim(text: str) -> str:
    """strings.TrimSpace (the template's `trim`)."""
    start, end = 0, len(text)
    while start < end and go_is_space(text[start]):
        start += 1
    while end > start and go_is_space(text[end - 1]):
        end -= 1
    return text[start:end]


def trim_right_space(text: str) -> str:
    """cobra's trimRightSpace: strings.TrimRightFunc(s, unicode.IsSpace)."""
    end = len(text)
    while end and go_is_space(text[end - 1]):
        end -= 1
    return text[:end]


def append_if_not_present(text: str, suffix: str) -> str:
    """cobra's appendIfNotPresent: `s + " " + suffix` unless s already contains it."""
    return text if suffix in text else text + " " + suffix


@dataclass
class Command:
    """cobra.Command with the fields kube-scheduler sets.  `command_line` is pflag.CommandLine, a
    package variable in Go that a root command merges into its flags; the replica has no globals."""

    use: str
    command_line: FlagSet
    long: str = ""
    short: str = ""
    run: Run | None = None
    _flags: FlagSet | None = field(default=None, repr=False)  # c.flags: every flag the command parses
    _persistent: FlagSet | None = field(default=None, repr=False)  # c.pflags
    _local: FlagSet | None = field(default=None, repr=False)  # c.lflags: fixed at the first merge

    def name(self) -> str:
        """The first word of Use."""
        return self.use.split(" ", 1)[0]

    def runnable(self) -> bool:
        return self.run is not None

    def use_line(self) -> str:
        return self.use  # a root command: no parent's path in front

    def flags(self) -> FlagSet:
        """Flags(): made on first use, named after the command, ContinueOnError (errors return)."""
        if self._flags is None:
            self._flags = FlagSet(self.name())
        return self._flags

    def persistent_flags(self) -> FlagSet:
        if self._persistent is None:
            self._persistent = FlagSet(self.name())
        return self._persistent

    # -------------------------------------------------------- flag sets

    def merge_persistent_flags(self) -> None:
        # go: if c.lflags == nil {
        if self._local is None:
            # the local flags, once: what Flags() and PersistentFlags() hold right now
            self._local = FlagSet(self.name())
            for flag in [*self.flags().formal.values(), *self.persistent_flags().formal.values()]:
                self._local.add_flag(flag)
        # go: rmerge = func(x *Command) {
        # a root command: pflag.CommandLine's flags become persistent ones, then all persistent
        # flags join Flags(); the same Flag objects, so a value set through one is set in both
        for flag in sorted(self.command_line.formal.values(), key=lambda f: f.name):
            if self.persistent_flags().lookup(flag.name) is None:
                self.persistent_flags().add_flag(flag)
        for flag in sorted(self.persistent_flags().formal.values(), key=lambda f: f.name):
            if self.flags().lookup(flag.name) is None:
                self.flags().add_flag(flag)
        # go: rmerge(c)
        # (rmerge climbs to the parents; a root command has none)

    def local_flags(self) -> FlagSet:
        # go: c.mergePersistentFlags()
        self.merge_persistent_flags()
        # go: local := flag.NewFlagSet(c.Name(), flag.ContinueOnError)
        local = FlagSet(self.name())
        # go: c.lflags.VisitAll(func(f *flag.Flag) {
        for name in sorted(self._local.formal):
            local.add_flag(self._local.formal[name])
        # go: if !c.HasParent() {
        for name in sorted(self.command_line.formal):
            if local.lookup(name) is None:
                local.add_flag(self.command_line.formal[name])
        # go: return local
        return local

    def has_available_flags(self) -> bool:
        """HasAvailableFlags: a flag neither deprecated nor hidden (Flags(), persistent ones merged)."""
        return any(not f.deprecated and not f.hidden for f in self.flags().formal.values())

    def has_available_local_flags(self) -> bool:
        return any(not f.deprecated and not f.hidden for f in self.local_flags().formal.values())

    def init_help_flag(self) -> None:
        """initHelpFlag: `-h, --help` "help for <name>", unless the command defined its own."""
        if self.flags().lookup("help") is None:
            self.flags().add("bool", "help", False, f"help for {self.name()}", shorthand="h")

    # -------------------------------------------------------- the templates (a root command's branches)

    def usage_string(self) -> str:
        """The default UsageFunc's output: mergePersistentFlags, then the usage template."""
        self.merge_persistent_flags()
        # template: Usage:{{if .Runnable}} {{if .HasAvailableFlags}}{{appendIfNotPresent .UseLine "[flags]"}}{{else}}{{.UseLine}}{{end}}
        text = "Usage:"
        if self.runnable():
            line = append_if_not_present(self.use_line(), "[flags]") if self.has_available_flags() else self.use_line()
            text += "\n  " + line
        # (the Aliases, Examples, Available Commands and Additional help topics sections need
        # aliases, an example or subcommands; Global Flags needs a parent: none here)
        # template: {{ if .HasAvailableLocalFlags}} Flags: {{.LocalFlags.FlagUsages | trimRightSpace}}
        if self.has_available_local_flags():
            text += "\n\nFlags:\n" + trim_right_space(self.local_flags().flag_usages())
        return text + "\n"  # the template's last line break

    def help(self) -> None:
        """The default HelpFunc: mergePersistentFlags, then the help template, on stdout."""
        self.merge_persistent_flags()
        # template: {{with or .Long .Short }}{{. | trim}}, an empty line
        text = trim(self.long or self.short) + "\n\n" if self.long or self.short else ""
        # template: {{if or .Runnable .HasSubCommands}}{{.UsageString}}{{end}}
        if self.runnable():
            text += self.usage_string()
        print(text, end="", file=sys.stdout)

    # -------------------------------------------------------- running it

    def find(self, args: list[str]) -> tuple[Command, list[str]]:
        """Find, for a command without subcommands: it takes every argument.  Its one effect here is
        stripFlags' mergePersistentFlags, which runs only when there are arguments."""
        if args:
            self.merge_persistent_flags()
        return self, args

    def execute(self, a: list[str]) -> Exception | None:
        # go: c.initHelpFlag()
        self.init_help_flag()
        # go: err = c.ParseFlags(a)
        self.merge_persistent_flags()
        try:
            self.flags().parse(a)
        except FlagError as err:
            return err
        # go: helpVal, err := c.Flags().GetBool("help")
        help_requested = self.flags().lookup("help").value.string() == "true"
        # go: if helpVal || !c.Runnable() {
        if help_requested or not self.runnable():
            return FlagError(HELP_REQUESTED)  # flag.ErrHelp
        # go: c.preRun()
        # (cobra.OnInitialize functions: kube-scheduler registers none; nor any Pre/PostRun hooks)
        # go: argWoFlags := c.Flags().Args()
        arg_wo_flags = list(self.flags().args)
        # go: c.Run(c, argWoFlags)
        self.run(self, arg_wo_flags)
        return None

    def execute_c(self, args: list[str]) -> tuple[Command, Exception | None]:
        # go: c.initHelpCmd()
        # (a help subcommand is added only to a command with subcommands)
        # go: cmd, flags, err := c.Find(args)
        cmd, flags = self.find(args)
        # go: err = cmd.execute(flags)
        err = cmd.execute(flags)
        # go: if err != nil {
        if err is not None:
            # go: if err == flag.ErrHelp {
            if str(err) == HELP_REQUESTED:
                cmd.help()
                return cmd, None
            # go: if !cmd.SilenceErrors && !c.SilenceErrors {
            print("Error:", err, file=sys.stderr)
            # go: if !cmd.SilenceUsage && !c.SilenceUsage {
            print(cmd.usage_string(), file=sys.stderr)  # Println: the usage, then one more line break
            return cmd, err
        return cmd, None

    def execute_args(self, args: list[str]) -> Exception | None:
        """Execute(), with os.Args[1:] passed in."""
        return self.execute_c(args)[1]


# ---------------------------------------------------------------- run it


def main(argv: list[str]) -> int:
    """A small root command: --help shows cobra's help, a bad flag its error and usage."""
    command_line = FlagSet("cobra-demo")  # pflag.CommandLine: merged in at execute time
    command_line.add("bool", "verbose", False, "say more (a package-level flag)", shorthand="v")

    def greet(cmd: Command, args: list[str]) -> None:
        print(f"hello, {cmd.flags().lookup('name').value.string()}; arguments: {args}")

    cmd = Command(use="cobra-demo", command_line=command_line, long="A root command, run by the cobra replica.", run=greet)
    cmd.flags().add("string", "name", "world", "who to greet")
    return 1 if cmd.execute_args(argv) is not None else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
