"""portsim: where does the cocaine go when a port adds scanning capacity?

A discrete-event simulation (SimPy) of containers from Latin-American origin ports into European
ports, with per-port risk targeting, scanners, inspection teams and insiders, and trafficking
organisations choosing routes. Simulation time is hours.

Layout (data flows one way):

* :mod:`sim.params`, :mod:`sim.config` — schema, Hydra composition, validation;
* :mod:`sim.evidence` — the sourced tables in ``seeds/`` and the inputs derived from them;
* :mod:`sim.engine` — the model (no files, no Hydra, no pandas);
* :mod:`sim.results` — result tables, summary, files;
* :mod:`sim.plots` — figures drawn from the tables only;
* :mod:`sim.cli` — the ``portsim`` command.
"""
