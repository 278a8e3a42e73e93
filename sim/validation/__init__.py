"""Validation against published data: what agencies report, blind calibration targets, scores.

* :mod:`sim.validation.reporting` — the reporting layer: published figures
  (``seeds/published.csv``) → the range of cocaine at a port in a calendar year that the sources
  allow (:class:`ObservedRange`), and a model value → what a given source would print.
* :mod:`sim.validation.scores` — direction, interval coverage, MAE, CRPS, the two naive forecasts
  and the per-port score table.
* :mod:`sim.validation.targets` — the figures the calibration may use, with every year after the
  calibration window dropped before anything else is read.
"""

from sim.validation.reporting import (
    NotReportableError,
    ObservedRange,
    as_reported,
    covered_fraction,
    load_published,
    observed_history,
    observed_range,
    observed_ranges,
)
from sim.validation.scores import (
    FLAT_TOLERANCE,
    crps_ensemble,
    crps_ensemble_range,
    crps_point,
    crps_point_range,
    direction,
    direction_agrees,
    distance_to_range,
    interval_covers,
    linear_trend_forecast,
    mae,
    persistence_forecast,
    prediction_interval,
    score_summary,
    score_table,
    summary_line,
)
from sim.validation.targets import calibration_published, calibration_targets

__all__ = [
    "FLAT_TOLERANCE",
    "NotReportableError",
    "ObservedRange",
    "as_reported",
    "calibration_published",
    "calibration_targets",
    "covered_fraction",
    "crps_ensemble",
    "crps_ensemble_range",
    "crps_point",
    "crps_point_range",
    "direction",
    "direction_agrees",
    "distance_to_range",
    "interval_covers",
    "linear_trend_forecast",
    "load_published",
    "mae",
    "observed_history",
    "observed_range",
    "observed_ranges",
    "persistence_forecast",
    "prediction_interval",
    "score_summary",
    "score_table",
    "summary_line",
]
