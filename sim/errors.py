"""Exceptions that carry a one-line, user-facing message.

Every error an analyst can cause (a typo in a key, a bad value, an unknown port or scenario)
ends up as
a :class:`ConfigError` whose message names the key and what is allowed. The command line prints that
message on one line and exits with status 2, without a traceback and before any output is written.
"""

from __future__ import annotations


class ConfigError(ValueError):
    """Invalid configuration: the message names the offending key and the allowed values."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"{key}: {problem}" if key else problem)


class ConservationError(RuntimeError):
    """A run lost or created containers or kilograms: a bug in the engine, never an input error."""
