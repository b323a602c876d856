"""The live face of an explorer: ipywidgets controls that recompute on every change."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from collectives.errors import CollectivesError

if TYPE_CHECKING:
    from collectives.explorer.declaration import Explorer


class LiveExplorer(w.VBox):
    """The live face: ipywidgets controls, a message line and an output area."""

    def __init__(self, explorer: Explorer):
        self.explorer = explorer
        self.controls = {c.name: c.live_widget() for c in explorer.controls}
        self.message = w.HTML()
        self.output = w.Output()
        for control in self.controls.values():
            control.style = {"description_width": "initial"}
            control.observe(lambda _change: self.render(), names="value")
        super().__init__([w.HTML(f"<strong>{html.escape(explorer.title)}</strong>"), *self.controls.values(),
                          self.message, self.output])
        self.render()

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def render(self, **overrides: Any) -> Any:
        """Redraw with the controls' values (or ``overrides``); returns the figure, or None after a user error."""
        try:
            shown = self.explorer.figure(**{**self.values(), **overrides})
        except CollectivesError as error:
            self.message.value = f'<p role="alert"><strong>Cannot show this:</strong> {html.escape(str(error))}</p>'
            self.output.outputs = ()
            return None
        self.message.value = ""
        self.output.outputs = (_output(shown),)
        return shown


def _output(shown: Any) -> dict:
    """An output-area entry for a figure or a table (state set directly: no capture messages)."""
    if isinstance(shown, go.Figure):
        alt = html.escape((shown.layout.meta or {}).get("alt", ""))
        data = {"application/vnd.plotly.v1+json": json.loads(shown.to_json()),
                "text/html": f"<p><em>Figure:</em> {alt}</p>"}
    else:
        data = {"text/html": _table_html(shown)}
    return {"output_type": "display_data", "metadata": {}, "data": data}


def _table_html(table: Any) -> str:
    if isinstance(table, pd.DataFrame):
        return table.to_html(index=False, escape=True, classes="table explorer-table", border=0)
    return table.hide(axis="index").to_html()
