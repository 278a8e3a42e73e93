"""Named, independent random streams (numpy ``SeedSequence``), one per stochastic process.

A stream is identified by (run seed, replication, name, part). Its seed is
``SeedSequence(seed, spawn_key=(replication, crc32(name), part))``, so:

* replications are independent and a replication is reproducible on its own;
* adding a new stream never changes the draws of existing ones;
* every scenario of a study draws the same legitimate traffic for the same port and replication
  (common random numbers), whatever happens at other ports.

There is no global random state anywhere in the package.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, replication: int, name: str, part: int = 0) -> np.random.Generator:
    """Return the generator of stream ``name`` (sub-part ``part``) for one replication."""
    key = (replication, zlib.crc32(name.encode()), part)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def replication_seed(seed: int, replication: int) -> int:
    """A 63-bit integer identifying a replication (reported as ``rng_seed``).

    Only a label for tables (the streams are built from ``seed`` and ``replication``); 63 bits so
    that it stays an exact signed 64-bit integer in CSV and Parquet files.
    """
    state = np.random.SeedSequence(seed, spawn_key=(replication,)).generate_state(1, np.uint64)
    return int(state[0]) & 0x7FFF_FFFF_FFFF_FFFF
