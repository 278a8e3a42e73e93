"""Comparison of finished runs and sweeps: loading, combined tables, figures, ``portsim-compare``.

Everything here reads the stored result tables back (columns: :mod:`sim.results.schema`); nothing
reruns the model. :mod:`sim.compare.load` reads run and sweep directories,
:mod:`sim.compare.comparison_figures` draws the comparison figures and :mod:`sim.compare.cli` is
the ``portsim-compare`` command.
"""
