"""Computations, figures and widgets for the course book on citizen collectives.

One module per concern (see DESIGN.md): ``data`` loads and validates, the computation
modules work on tidy DataFrames, ``figures`` draws, ``widgets`` wires controls, ``book``
holds the glue the static site needs.
"""

from collectives.errors import CollectivesError, DataError, ParameterError

__all__ = ["CollectivesError", "DataError", "ParameterError"]
__version__ = "0.1.0"
