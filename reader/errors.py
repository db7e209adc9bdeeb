"""The one exception type users see: a one-line message saying what went wrong and how to fix it."""


class ReaderError(Exception):
    """A failure the user can act on; the CLI prints its message on one line, no traceback."""

    exit_code = 1


class UsageError(ReaderError):
    """Bad options or arguments (exit code 2, like argparse)."""

    exit_code = 2
