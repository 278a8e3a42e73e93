"""Configuration: Hydra composition of ``configs/`` (:mod:`.compose`) and the guard that keeps
code, logging set-ups and stray paths out of it (:mod:`.guard`).

Only this package and the command-line shells (:mod:`sim.cli`, :mod:`sim.callbacks`) import Hydra
or OmegaConf; the model never does.
"""

from sim.config.compose import (
    CONFIG_DIR,
    CONFIG_NAME,
    GROUPS,
    compose,
    group_options,
    plain,
)

__all__ = ["CONFIG_DIR", "CONFIG_NAME", "GROUPS", "compose", "group_options", "plain"]
