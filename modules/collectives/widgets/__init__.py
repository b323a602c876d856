"""ipywidgets explorers: controls wired to a computation and a figure (live kernel only).

Every explorer has a static twin on the page (a plotly figure with dropdowns); the widget
adds what only a live kernel can do. Explorers are built with :func:`explorer`, which keeps
the pattern in one place: a note for readers of the static page, labelled controls that
work with the keyboard, an output area, and friendly messages instead of tracebacks.

Example
-------
>>> import ipywidgets as w, plotly.graph_objects as go
>>> from collectives.figures import style
>>> def draw(n):
...     return style(go.Figure(go.Bar(x=["a"], y=[n])), title="t", x_title="x", y_title="y", alt="One bar.")
>>> box = explorer("Demo", {"n": w.IntSlider(value=3, min=1, max=5, description="Bars")}, draw)
>>> box.render(n=4) is not None
True
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go
from IPython import get_ipython

from collectives import trends
from collectives.errors import CollectivesError
from collectives.figures import line_chart

STATIC_NOTE = (
    "<p><strong>{title}.</strong> This explorer runs Python: it responds when the page is "
    "open with a kernel (Binder, JupyterHub, the <em>Live code</em> button, or JupyterLab on "
    "your own computer). On the static page, use the figure above, which works without one.</p>"
)


class Explorer(w.VBox):
    """A VBox of a note, controls and an output area; ``render(**values)`` redraws."""

    def __init__(self, title: str, controls: dict[str, w.Widget], draw: Callable[..., go.Figure]):
        self.controls, self.draw = controls, draw
        self.output = w.Output()
        self.message = w.HTML()
        for control in controls.values():
            control.observe(self._on_change, names="value")
            control.style = {"description_width": "initial"}
        super().__init__([w.HTML(STATIC_NOTE.format(title=title)), *controls.values(), self.message, self.output])
        self.render()

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def render(self, **overrides: Any) -> go.Figure | None:
        """Redraw with the controls' values (or ``overrides``); returns the figure, or None on a user error."""
        values = {**self.values(), **overrides}
        try:
            figure = self.draw(**values)
        except CollectivesError as error:  # a choice the user made that cannot be drawn
            self.message.value = f'<p role="alert"><strong>Cannot draw this:</strong> {error}</p>'
            return None
        self.message.value = ""
        if get_ipython() is None:  # no kernel (a script or a benchmark): nothing to show
            return figure
        alt = html.escape((figure.layout.meta or {}).get("alt", ""))
        # The output area's state is set directly (no clear_output/capture messages, which can
        # stall notebook execution). A live kernel draws the plotly figure; the static page
        # shows the text that says what it would show.
        self.output.outputs = ({
            "output_type": "display_data",
            "metadata": {},
            "data": {"application/vnd.plotly.v1+json": json.loads(figure.to_json()),
                     "text/html": f"<p><em>Figure, drawn when a kernel runs:</em> {alt}</p>"},
        },)
        return figure

    def _on_change(self, _change: dict) -> None:
        self.render()


def explorer(title: str, controls: dict[str, w.Widget], draw: Callable[..., go.Figure]) -> Explorer:
    """Build an explorer: ``draw(**{name: control.value})`` must return a styled plotly figure."""
    return Explorer(title, controls, draw)


def growth_explorer(figures: pd.DataFrame) -> Explorer:
    """Compare the growth of published series (index, first year = 100) or their reported values."""
    catalogue = trends.series_catalogue(figures, min_years=2)
    options = [(row.label, (row.country, row.sector, row.indicator)) for row in catalogue.itertuples()]
    defaults = tuple(value for label, value in options if "cooperatives" in label)[:3] or (options[0][1],)

    def draw(chosen: tuple, scale: str) -> go.Figure:
        if not chosen:
            raise CollectivesError("choose at least one series (hold Ctrl or Shift to choose several).")
        frames = []
        for country, sector, indicator in chosen:
            rows = trends.series(figures, country, sector, indicator)
            rows = trends.as_index(rows) if scale == "index" else rows.assign(index=rows["value"])
            frames.append(rows.assign(series=trends.series_label(country, sector, indicator)))
        data = pd.concat(frames, ignore_index=True)
        names = ", ".join(data["series"].unique())
        y_title = "Index (first reported year = 100)" if scale == "index" else "Reported value (units differ per series)"
        return line_chart(
            data, x="year", y="index", color="series", hover=("source_key", "qualifier"),
            title="Published figures on citizen collectives", x_title="Year", y_title=y_title,
            alt=f"Published figures over time for: {names}, shown as {'an index' if scale == 'index' else 'reported values'}.",
        )

    controls = {
        "chosen": w.SelectMultiple(options=options, value=defaults, rows=8, description="Series",
                                   layout={"width": "100%"}),
        "scale": w.ToggleButtons(options=[("Growth index", "index"), ("Reported values", "values")],
                                 value="index", description="Show"),
    }
    return explorer("Growth explorer", controls, draw)
