"""Figures drawn from the result tables of a run (never from the engine).

The figure functions live in :mod:`sim.plots.run_figures`; import them from there so that matplotlib
is only loaded when figures are actually drawn.
"""
