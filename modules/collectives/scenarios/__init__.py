"""Scenario simulation (day 5): diffusion curves, a stock-flow model of collectives, sensitivity
analysis, an agent-based model of a municipality's residents, and scenario plans.

One module per concern:

=================  ===========================================================================
diffusion          Bass (1969) and logistic curves; fits with bootstrap intervals
parameters         levers, drivers and every model parameter with its origin (``assumptions``)
stockflow          stock-flow model of collectives; vectorised Monte Carlo ``simulate``
estimate           the stock-flow parameters estimated from the (synthetic) monitor panel
sensitivity        SALib Morris screening: which lever and which uncertainty matter most
agents             Mesa 3 agent-based model after Ghorbani, Nascimento & Filatova (2020)
plans              named strategies, the 2×2 matrix of outside worlds, backcasting
own_data           participants' own starting state in; formula-safe CSV results out
=================  ===========================================================================

Example
-------
>>> from collectives.scenarios import bass_peak, simulate
>>> round(bass_peak(0.03, 0.38), 2)
6.19
"""

from collectives.scenarios._checks import ConvergenceError
from collectives.scenarios.diffusion import (DiffusionFit, bass_curve, bass_peak, bass_share, fit_bass,
                                             fit_logistic, logistic_curve)
from collectives.scenarios.estimate import PanelEstimates, compare_with_truth, estimate_parameters
from collectives.scenarios.own_data import download_link, read_start, results_csv, safe_cell
from collectives.scenarios.plans import STRATEGIES, backcast, outside_worlds, scenario_matrix, scenario_table
from collectives.scenarios.sensitivity import FACTORS, morris, sensitivity
from collectives.scenarios.stockflow import (DEFAULTS, DRIVERS, LEVERS, VARIABLES, ModelParameters, assumptions,
                                             simulate, simulate_loop)

__all__ = [
    "DEFAULTS", "DRIVERS", "FACTORS", "LEVERS", "STRATEGIES", "VARIABLES", "ConvergenceError", "DiffusionFit",
    "ModelParameters", "PanelEstimates", "assumptions", "backcast", "bass_curve", "bass_peak", "bass_share",
    "compare_with_truth", "download_link", "estimate_parameters", "fit_bass", "fit_logistic", "logistic_curve",
    "morris", "outside_worlds", "read_start", "results_csv", "safe_cell", "scenario_matrix", "scenario_table",
    "sensitivity", "simulate", "simulate_loop",
]
