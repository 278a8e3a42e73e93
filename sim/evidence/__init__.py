"""Sourced evidence (throughput, seizures, published figures, scanning, prices, conversions) loaded
from ``seeds/``."""

from sim.evidence.loader import (
    MODEL_YEARS,
    ORIGIN_LOCODES,
    PORT_LOCODES,
    Evidence,
    EvidenceError,
    conversion,
    load_evidence,
    parse_table,
    read_raw_table,
    used_seizures_t,
    used_throughput_teu,
)

__all__ = [
    "MODEL_YEARS",
    "ORIGIN_LOCODES",
    "PORT_LOCODES",
    "Evidence",
    "EvidenceError",
    "conversion",
    "load_evidence",
    "parse_table",
    "read_raw_table",
    "used_seizures_t",
    "used_throughput_teu",
]
