"""Exceptions that carry a one-line, user-facing message.

Every error an analyst can cause (a typo in a key, a bad value, an unknown port or scenario, code
in a config) ends up as a :class:`ConfigError` whose message is ``KEY: what is wrong; allowed:
...``. The command line prints it as ``portsim: error: <message>`` on one line and exits with
status 2, without a traceback and before any output is written.
"""

from __future__ import annotations


class ConfigError(ValueError):
    """Invalid configuration: names the offending key, what is wrong and what is allowed."""

    def __init__(self, key: str, problem: str, allowed: str | None = None) -> None:
        self.key = key
        self.problem = problem
        self.allowed = allowed
        text = f"{key}: {problem}" if key else problem
        if allowed:
            text = f"{text}; allowed: {allowed}"
        super().__init__(" ".join(text.split("\n")))


class ConservationError(RuntimeError):
    """A run lost or created containers or kilograms: a bug in the engine, never an input error."""
