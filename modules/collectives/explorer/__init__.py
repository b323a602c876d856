"""Explorers declared once: the static twin and the live widget come from one declaration.

An explorer is a set of controls, a computation and a figure. :class:`Explorer` holds that
declaration and derives both faces from it, so they cannot drift:

* the **static twin** (:meth:`Explorer.twin`): every combination of the controls' listed
  options is computed in advance; on the static page real HTML controls (a labelled
  ``<select>``, a range input) switch between the precomputed figures, with the keyboard and
  announced to screen readers, with no kernel and no widget manager;
* the **live widget** (:meth:`Explorer.widget`): ipywidgets controls that recompute on every
  change, with any value a :class:`Number` allows and the live-only :class:`Text` controls.

:meth:`Explorer.show` puts both in one output: the site shows the twin, a live kernel (Binder,
JupyterHub, JupyterLab) the widget. A computation that raises a
:class:`~collectives.errors.CollectivesError` (a filter that matches nothing, a bad ballot)
becomes a message in place of the figure, in both faces.

Example
-------
>>> import plotly.graph_objects as go
>>> from collectives.figures import style
>>> def compute(n, scale):
...     return [scale * i for i in range(n)]
>>> def draw(values, n, scale):
...     return style(go.Figure(go.Bar(y=values)), title=f"{n} bars", x_title="bar",
...                  y_title="height (m)", alt=f"{n} bars rising by {scale} m.")
>>> demo = Explorer("demo", "Demo explorer",
...                 (Choice("n", "Number of bars", [2, 3]), Number("scale", "Step (m)", value=1, min=0, max=5, twin=(1, 2))),
...                 compute, draw)
>>> len(demo.twin().views)
4
>>> demo.figure(n=3, scale=2).layout.meta["alt"]
'3 bars rising by 2 m.'
>>> assert_twin_matches_live(demo)
"""

from collectives.explorer.controls import Choice, Control, Number, Text
from collectives.explorer.declaration import (
    EXPLORER_MIME,
    MAX_VIEWS,
    Explorer,
    Twin,
    View,
    assert_twin_matches_live,
)
from collectives.explorer.live import LiveExplorer
from collectives.explorer.page import twin_html

__all__ = ["EXPLORER_MIME", "MAX_VIEWS", "Choice", "Control", "Explorer", "LiveExplorer", "Number",
           "Text", "Twin", "View", "assert_twin_matches_live", "twin_html"]
