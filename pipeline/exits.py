"""Exit codes of the `disclosure` command, and the errors that end a command with one of them.

Defined once, here: the command (pipeline.cli) prints a CommandError's message and returns its
exit code; the functions behind the commands raise them. Nothing heavy is imported, so that the
command's start-up stays fast.
"""

from __future__ import annotations

EXIT_OK = 0  # every document ok or partial; eval: every truth cell found; harvest: all fetched and ingested
EXIT_SOME_FAILED = 1  # a document failed; eval: truth cells missed; inspect: unreadable; harvest: some failed
EXIT_USAGE = 2  # bad arguments, no input, not a dataset folder, an SQL error, a bad SOURCES.toml
EXIT_BUSY = 3  # another run holds the dataset (or harvest folder) lock
EXIT_ALL_FAILED = 4  # harvest: nothing could be fetched at all (network or site down?)
EXIT_OUTPUT_CLOSED = 141  # stdout's reader stopped reading (`… | head`): as a process SIGPIPE ends


class CommandError(Exception):
    """An error that ends a command: a one-line message (stderr) and `exit_code`.

    `soft_wrap`: the message is printed on one line however long (it names paths to copy).
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, soft_wrap: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.soft_wrap = soft_wrap


class UsageError(CommandError):
    """Bad arguments or input the command cannot work with."""

    exit_code = EXIT_USAGE


class Busy(CommandError):
    """Another run holds the lock of the dataset or harvest folder."""

    exit_code = EXIT_BUSY


class Unreadable(CommandError):
    """The file to inspect cannot be read as a PDF."""

    exit_code = EXIT_SOME_FAILED
