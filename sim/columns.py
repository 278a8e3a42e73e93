"""A column of an output table: its name, dtype, unit and meaning (the data dictionary's row).

Shared by the table schemas (:mod:`sim.results.schema`) and the policy levers, which declare the
columns they add (:mod:`sim.engine.levers.base`); it depends on nothing else in the package.
"""

from __future__ import annotations

from dataclasses import dataclass

DTYPES = ("int64", "float64", "str", "bool")


@dataclass(frozen=True)
class Column:
    """One column: ``dtype`` is one of :data:`DTYPES`; ``default`` fills it when nothing sets it."""

    name: str
    dtype: str
    unit: str
    description: str
    default: float | int | str | bool | None = None

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"column {self.name}: dtype {self.dtype!r} not in {DTYPES}")
