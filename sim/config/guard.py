"""Nothing in a config may run code: the guard that runs before Hydra instantiates anything.

Hydra instantiates objects named by ``_target_`` (callbacks, launchers) and configures logging
from ``hydra.job_logging`` (whose handlers name classes); ``hydra.searchpath`` adds folders of
config files. portsim's own primary config uses these for its sweep callback and launchers; an
override or a user's scenario file must not. The guard therefore refuses, with one line naming
the key and what is allowed:

* any override, value or config file that sets an instantiation key (``_target_``, ``_args_``,
  ``_partial_``, ``_recursive_``, ``_convert_``) — anywhere, at any depth;
* overrides of the ``hydra`` node other than the output folders, the launcher and its options,
  and ``hydra.verbose``; config-group selections under ``hydra/`` other than the launcher;
* a composed ``hydra`` node whose callbacks, search path or logging differ from portsim's own
  (a user's config folder, ``--config-dir``, is composed too, so this also covers its files),
  or whose launcher or sweeper is not one of Hydra's plugins;
* a sweep sub-folder pattern that leaves the sweep folder.

Output folders stay inside ``outputs/`` and ``multirun/`` because ``scenario.name`` may only hold
``a-z 0-9 _ -`` (its rule); a user who sets ``hydra.run.dir`` or ``hydra.sweep.dir`` chooses
another place explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from hydra.core.override_parser.types import Override

from sim.errors import ConfigError

INSTANTIATION_KEYS = frozenset({"_target_", "_args_", "_partial_", "_recursive_", "_convert_"})

HYDRA_KEYS_ALLOWED = ("hydra.run.dir", "hydra.sweep.dir", "hydra.sweep.subdir", "hydra.verbose")
HYDRA_PREFIXES_ALLOWED = ("hydra.launcher.",)
HYDRA_GROUPS_ALLOWED = ("hydra/launcher",)
TRUSTED_TARGET_PREFIXES = ("hydra_plugins.", "hydra._internal.core_plugins.")
GUARDED_NODES = ("callbacks", "searchpath", "job_logging", "hydra_logging")

_ALLOWED_TEXT = (
    "hydra.run.dir=DIR, hydra.sweep.dir=DIR, hydra.sweep.subdir=NAME, hydra.verbose=..., "
    "hydra.launcher.OPTION=VALUE, hydra/launcher=NAME"
)
_NO_CODE = "portsim does not instantiate objects or load logging set-ups from configs"


def instantiation_key(value: Any, path: str = "") -> str | None:
    """The first path in a (nested) value that holds an instantiation key, if any."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            here = f"{path}.{k}" if path else str(k)
            if k in INSTANTIATION_KEYS:
                return here
            found = instantiation_key(v, here)
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = instantiation_key(v, f"{path}[{i}]")
            if found:
                return found
    return None


def check_override(override: Override) -> None:
    """Refuse an override that could run code or leave the output folders."""
    key = override.key_or_group
    parts = set(key.replace("/", ".").split("."))
    if parts & INSTANTIATION_KEYS:
        raise ConfigError(key, _NO_CODE, "plain values")
    if not override.is_sweep_override() and not override.is_delete():
        found = instantiation_key(override.value(), key)
        if found:
            raise ConfigError(found, _NO_CODE, "plain values")
    if key.startswith("hydra/") or key == "hydra":
        if key not in HYDRA_GROUPS_ALLOWED:
            raise ConfigError(key, "this Hydra setting is not open to overrides", _ALLOWED_TEXT)
        return
    if key.startswith("hydra."):
        if key not in HYDRA_KEYS_ALLOWED and not key.startswith(HYDRA_PREFIXES_ALLOWED):
            raise ConfigError(
                key,
                "Hydra callbacks, search paths and logging are not open to overrides "
                "(they can run code)"
                if key.split(".")[1] in GUARDED_NODES
                else "this Hydra setting is not open to overrides",
                _ALLOWED_TEXT,
            )
        if key == "hydra.sweep.subdir" and not override.is_sweep_override():
            check_subdir(str(override.value()))


def check_overrides(overrides: Iterable[Override]) -> None:
    """:func:`check_override` for each."""
    for override in overrides:
        check_override(override)


def check_subdir(pattern: str) -> None:
    """A sweep job's sub-folder must stay inside the sweep folder."""
    if pattern.startswith("/") or ".." in Path(pattern).parts:
        raise ConfigError(
            "hydra.sweep.subdir", f"{pattern!r} leaves the sweep folder", "a relative name"
        )


def check_hydra_node(node: Mapping[str, Any], reference: Mapping[str, Any]) -> None:
    """The composed ``hydra`` node runs nothing portsim's own config would not run."""
    for name in GUARDED_NODES:
        if node.get(name) != reference.get(name):
            raise ConfigError(
                f"hydra.{name}",
                "set by a config file or an override; "
                "portsim only runs its own callbacks and logging set-up",
                "no hydra.callbacks, hydra.searchpath or logging settings in configs",
            )
    for name in ("launcher", "sweeper"):
        target = (node.get(name) or {}).get("_target_", "")
        if target and not str(target).startswith(TRUSTED_TARGET_PREFIXES):
            raise ConfigError(
                f"hydra.{name}._target_", f"{target!r} is not a Hydra plugin", _ALLOWED_TEXT
            )


def check_config_dir(path: Path) -> None:
    """A user's config folder (``--config-dir``) holds plain YAML values only.

    Every YAML file is read (safely: no tags, no objects) and refused if it sets an
    instantiation key, a ``hydra`` node, or selects a ``hydra/`` group other than the launcher.
    """
    if not path.is_dir():
        raise ConfigError("--config-dir", f"{path} is not a folder", "a folder of YAML files")
    for file in sorted(path.rglob("*.yaml")) + sorted(path.rglob("*.yml")):
        where = str(file)
        try:
            data = yaml.safe_load(file.read_text())
        except (OSError, yaml.YAMLError) as exc:
            first = str(exc).strip().splitlines()[0]
            raise ConfigError(where, f"cannot read it as YAML ({first})", "plain YAML") from None
        if not isinstance(data, Mapping):
            continue
        found = instantiation_key(data)
        if found:
            raise ConfigError(f"{where}: {found}", _NO_CODE, "plain values")
        if "hydra" in data:
            raise ConfigError(f"{where}: hydra", "a config file may not set Hydra", _ALLOWED_TEXT)
        for entry in data.get("defaults") or []:
            text = str(entry)
            if "hydra/" in text and "hydra/launcher" not in text:
                raise ConfigError(f"{where}: defaults", f"selects {text}", _ALLOWED_TEXT)
