"""Domain errors, each with the exit code the CLI maps it to (one place, no tracebacks for users)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class FactxError(Exception):
    """Base class: a problem the user can fix, reported as one line."""

    exit_code = EXIT_USAGE


class RuleError(FactxError):
    """A rule file that cannot be used: names the file, the rule and the problem."""

    def __init__(self, path: str, problem: str, rule: str | None = None) -> None:
        self.path = path
        self.rule = rule
        self.problem = problem
        where = f"{path}: rule {rule!r}" if rule else path
        super().__init__(f"{where}: {problem}")


class UnknownTypeError(FactxError, ValueError):
    """A fact type no rule gives (``--types mony``): said at once, instead of a run that finds nothing."""

    def __init__(self, unknown: set[str], known: set[str]) -> None:
        names = ", ".join(repr(name) for name in sorted(unknown))
        super().__init__(f"no rule gives fact type {names} (the rules give: {', '.join(sorted(known))})")


class BadDateError(FactxError, ValueError):
    """A reference date that is no date (``ref_date="yesterday"``)."""
