"""The cobra replica on its own: the help and usage it renders, flag errors, the help flag, and
how pflag.CommandLine joins a root command.  Nothing external is needed."""

from __future__ import annotations

import pytest

from reader.replicas.cobra import Command, trim, trim_right_space
from reader.replicas.pflag import FlagSet

def demo(run=None, long: str = "\n  Demo does things.\nTwo lines.  \n") -> tuple[Command, FlagSet, list]:
    """A root command with two flags of its own and one from its pflag.CommandLine."""
    command_line = FlagSet("demo")
    command_line.add("bool", "verbose", False, "say more", shorthand="v")
    calls: list = []
    cmd = Command(use="demo", command_line=command_line, long=long, run=run or (lambda c, args: calls.append(args)))
    cmd.flags().add("string", "name", "world", "who")
    cmd.flags().add("int", "count", 1, "how many")
    return cmd, command_line, calls


FLAGS = (
    "      --count int     how many (default 1)\n"
    "      --name string   who (default \"world\")\n"
    "  -v, --verbose       say more\n"
)


def test_help_is_long_trimmed_then_usage_on_stdout(capsys) -> None:
    cmd, _, calls = demo()
    assert cmd.execute_args(["--help"]) is None
    out, err = capsys.readouterr()
    assert out == "Demo does things.\nTwo lines.\n\nUsage:\n  demo [flags]\n\nFlags:\n" + FLAGS and err == ""
    assert calls == []  # help does not run the command


def test_short_help_and_help_after_other_flags(capsys) -> None:
    cmd, _, calls = demo()
    assert cmd.execute_args(["--name=x", "-h"]) is None
    assert capsys.readouterr().out.startswith("Demo does things.") and calls == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--nope"], "unknown flag: --nope"),
        (["--count=x"], 'invalid argument "x" for --count=x: strconv.ParseInt: parsing "x": invalid syntax'),
        (["--name"], "flag needs an argument: --name"),
        (["-q"], "unknown shorthand flag: 'q' in -q"),
        (["--nope", "--help"], "unknown flag: --nope"),  # parsing stops at the error: no help
    ],
)
def test_flag_errors_print_error_and_usage_on_stderr(capsys, argv, message) -> None:
    cmd, _, calls = demo()
    err = cmd.execute_args(argv)
    assert str(err) == message and calls == []
    out, printed = capsys.readouterr()
    assert out == ""
    # "Error: …", the usage (without --help: see below), then Println's extra line break
    assert printed == f"Error: {message}\nUsage:\n  demo [flags]\n\nFlags:\n{FLAGS}\n"


def test_run_gets_the_arguments_and_shares_command_line_flags(capsys) -> None:
    cmd, command_line, calls = demo()
    assert cmd.execute_args(["a", "-v", "--count", "3", "--", "--b"]) is None
    assert calls == [["a", "--b"]]
    assert command_line.lookup("verbose").value.string() == "true"  # the same Flag, merged in
    assert cmd.flags().lookup("count").value.string() == "3"
    assert capsys.readouterr() == ("", "")


def test_help_flag_is_listed_only_when_the_first_merge_comes_after_it() -> None:
    seen: list[str] = []
    cmd, _, _ = demo(run=lambda c, args: seen.append(c.usage_string()))
    cmd.execute_args([])  # no arguments: Find does not merge, ParseFlags does, after initHelpFlag
    assert "  -h, --help          help for demo\n" in seen[0]
    cmd, _, _ = demo(run=lambda c, args: seen.append(c.usage_string()))
    cmd.execute_args(["x"])  # Find merges first: the local flags are fixed without --help
    assert "--help" not in seen[1]


def test_deprecated_flags_warn_and_are_not_listed(capsys) -> None:
    cmd, _, calls = demo()
    cmd.flags().add("string", "old", "", "gone")
    cmd.flags().mark_deprecated("old", "use --name")
    assert cmd.execute_args(["--old=1"]) is None and calls == [[]]
    assert capsys.readouterr().err == "Flag --old has been deprecated, use --name\n"
    assert "--old" not in cmd.usage_string()


def test_a_command_without_run_prints_help_without_usage(capsys) -> None:
    cmd = Command(use="group", command_line=FlagSet("group"), long="Only a group.")
    assert cmd.execute_args(["--help"]) is None
    assert capsys.readouterr().out == "Only a group.\n\n"


def test_templates_trim_as_go_does() -> None:
    assert trim("\t\n x \u00a0") == "x"  # unicode.IsSpace counts NBSP
    assert trim("\x1fx\x1f") == "\x1fx\x1f"  # but not the ASCII separators Python's isspace does
    assert trim_right_space(" a \n\n") == " a"
