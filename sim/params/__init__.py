"""Parameters: the schema with its rules (:mod:`.schema`, :mod:`.rules`) and its conversion from
composed configs (:mod:`.convert`), the configuration reference (:mod:`.docs`), the run's
resource budget (:mod:`.budget`) and the space of levers and uncertainties (:mod:`.space`).

Only the schema and the rules are imported here, so the engine can import its parameter types
without pulling in the lever registry that :mod:`.convert` needs.
"""

from sim.params.rules import Kind
from sim.params.schema import (
    MAX_SCANNERS,
    METHOD_KEYS,
    PORT_KEYS,
    SCHEDULABLE_LEVERS,
    Behaviour,
    CostParams,
    EconomicsParams,
    LearningParams,
    LeverBlock,
    LeverChange,
    MethodParams,
    OrganisationParams,
    Params,
    Period,
    PortParams,
    PressureParams,
    QueueCheckParams,
    RunParams,
    ScanTimeDistribution,
    ScenarioMode,
    ScenarioParams,
    SecurityParams,
    TraffickerParams,
    TrafficParams,
    as_plain,
)

__all__ = [
    "MAX_SCANNERS",
    "METHOD_KEYS",
    "PORT_KEYS",
    "SCHEDULABLE_LEVERS",
    "Behaviour",
    "CostParams",
    "EconomicsParams",
    "Kind",
    "LearningParams",
    "LeverBlock",
    "LeverChange",
    "MethodParams",
    "OrganisationParams",
    "Params",
    "Period",
    "PortParams",
    "PressureParams",
    "QueueCheckParams",
    "RunParams",
    "ScanTimeDistribution",
    "ScenarioMode",
    "ScenarioParams",
    "SecurityParams",
    "TrafficParams",
    "TraffickerParams",
    "as_plain",
]
