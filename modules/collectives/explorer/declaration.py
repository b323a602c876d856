"""An explorer declared once, its precomputed views (the static twin) and the agreement check."""

from __future__ import annotations

import html
import itertools
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from collectives.errors import CollectivesError, ParameterError
from collectives.explorer.controls import Choice, Control, Number, Text, _start
from collectives.explorer.live import LiveExplorer, _table_html

EXPLORER_MIME = "application/vnd.collectives.explorer+json"
# The most views a static twin may hold: each view is a stored figure, and the page must stay light.
MAX_VIEWS = 150
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


@dataclass(frozen=True)
class View:
    """One precomputed view of a twin: a figure (plotly JSON), a table (HTML) or a message."""

    figure: dict | None = None
    table: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Twin:
    """The static twin: the controls shown on the page and every precomputed view.

    ``views`` maps a tuple of option indices (one per shown control, in order) to a :class:`View`.
    """

    name: str
    title: str
    controls: tuple[Control, ...]
    views: dict[tuple[int, ...], View]
    fixed: tuple[str, ...]

    @property
    def start(self) -> tuple[int, ...]:
        """The view shown first: every control at its declared value."""
        return tuple(_start(c) for c in self.controls)

    def payload(self) -> dict:
        """The JSON the site turns into HTML controls (see :func:`twin_html`)."""
        figures = [v.figure for v in self.views.values() if v.figure is not None]
        templates = {json.dumps(f.get("layout", {}).get("template"), sort_keys=True) for f in figures}
        shared = json.loads(templates.pop()) if len(templates) == 1 else None
        views = {}
        for key, view in self.views.items():
            entry: dict[str, Any] = {}
            if view.figure is not None:
                figure = json.loads(json.dumps(view.figure))
                if shared is not None:
                    figure.get("layout", {}).pop("template", None)
                entry["figure"] = figure
                entry["alt"] = _alt(view.figure)
            if view.table is not None:
                entry["table"] = view.table
            if view.message is not None:
                entry["message"] = view.message
            views["|".join(map(str, key))] = entry
        return {
            "name": self.name, "title": self.title,
            "controls": [{"name": c.name, "label": c.label,
                          "widget": getattr(c, "widget", "select"),
                          "options": [label for label, _ in c.twin_options()],
                          "start": _start(c)} for c in self.controls],
            "fixed": list(self.fixed), "template": shared, "views": views,
        }


class Explorer:
    """An explorer declared once; see the module docstring.

    Parameters
    ----------
    name : a short id, unique in the book (``"stakeholder"``).
    title : what the reader sees (``"Stakeholder explorer"``).
    controls : :class:`Choice`, :class:`Number` and :class:`Text` controls.
    compute : ``compute(**values)`` → a result (a pure computation).
    draw : ``draw(result, **values)`` → a styled plotly figure (with alt text), or a DataFrame shown as a table.
    """

    def __init__(self, name: str, title: str, controls: Sequence[Control], compute: Callable[..., Any],
                 draw: Callable[..., Any]):
        if not isinstance(name, str) or not _NAME.match(name):
            raise ParameterError("name", name, "a short id of lower-case letters, digits and hyphens")
        names = [c.name for c in controls]
        if len(set(names)) != len(names):
            raise ParameterError("controls", names, "each control with its own name")
        self.name, self.title, self.controls = name, title, tuple(controls)
        self.compute, self.draw = compute, draw

    @property
    def defaults(self) -> dict[str, Any]:
        return {c.name: c.value for c in self.controls}

    def values(self, **overrides: Any) -> dict[str, Any]:
        """The defaults with ``overrides`` applied, each checked against its control."""
        unknown = set(overrides) - {c.name for c in self.controls}
        if unknown:
            raise ParameterError("control", sorted(unknown)[0], f"one of {', '.join(c.name for c in self.controls)}")
        chosen = {**self.defaults, **overrides}
        return {c.name: c.check(chosen[c.name]) for c in self.controls}

    def figure(self, **overrides: Any) -> Any:
        """The figure (or table) for one choice of values; raises the package's own error."""
        values = self.values(**overrides)
        return self.draw(self.compute(**values), **values)

    def view(self, **overrides: Any) -> View:
        """The figure for one choice as a :class:`View`; a user error becomes its message."""
        try:
            shown = self.figure(**overrides)
        except CollectivesError as error:
            return View(message=str(error))
        return _as_view(shown)

    def twin(self) -> Twin:
        """Precompute every combination of the shown controls' options."""
        shown = [c for c in self.controls if len(c.twin_options()) > 1]
        fixed = tuple(c.label for c in self.controls if len(c.twin_options()) <= 1
                      and (isinstance(c, Text) or (isinstance(c, Number) and c.min < c.max)
                           or (isinstance(c, Choice) and len(c.pairs) > 1)))
        sizes = [len(c.twin_options()) for c in shown]
        if math.prod(sizes) > MAX_VIEWS:
            raise ParameterError(f"options of the {self.title}", " × ".join(map(str, sizes)),
                                 f"at most {MAX_VIEWS} combinations on the static page: offer fewer options "
                                 "in the twin (the live widget can offer more)")
        views = {}
        for key in itertools.product(*(range(n) for n in sizes)):
            choice = {c.name: c.twin_options()[i][1] for c, i in zip(shown, key)}
            views[key] = self.view(**choice)
        return Twin(self.name, self.title, tuple(shown), views, fixed)

    def widget(self) -> LiveExplorer:
        """The live ipywidgets explorer (recomputes on every change)."""
        return LiveExplorer(self)

    def show(self) -> None:
        """Display the explorer: the twin on the static site, the live widget in a kernel."""
        from IPython.display import display

        display(_Both(self), raw=False)


class _Both:
    """One output with the twin (for the site) and the live widget (for a kernel)."""

    def __init__(self, explorer: Explorer):
        self.explorer = explorer

    def _repr_mimebundle_(self, include=None, exclude=None):  # noqa: ANN001, ANN202 - IPython's protocol
        bundle = {
            EXPLORER_MIME: self.explorer.twin().payload(),
            "text/plain": f"{self.explorer.title}: run this notebook with a kernel to use it live.",
        }
        live = self.explorer.widget()
        bundle.update({k: v for k, v in live._repr_mimebundle_().items() if k != "text/plain"})
        return bundle


def _as_view(shown: Any) -> View:
    if isinstance(shown, go.Figure):
        return View(figure=json.loads(shown.to_json()))
    if isinstance(shown, (pd.DataFrame, pd.io.formats.style.Styler)):
        return View(table=_table_html(shown))
    raise TypeError(f"an explorer's draw must return a plotly figure or a DataFrame, not {type(shown).__name__}")


def assert_twin_matches_live(explorer: Explorer) -> None:
    """Check that every view of the static twin equals what the live widget draws for that choice."""
    twin = explorer.twin()
    live = explorer.widget()
    for key, view in twin.views.items():
        choice = {c.name: c.twin_options()[i][1] for c, i in zip(twin.controls, key)}
        shown = live.render(**choice)
        if view.message is not None:
            assert shown is None and html.escape(view.message) in live.message.value, (key, view.message)
        else:
            assert _as_view(shown) == view, f"{explorer.title}: the twin and the live widget differ for {choice}"


def _alt(figure: Mapping[str, Any]) -> str:
    meta = (figure.get("layout") or {}).get("meta")
    return meta.get("alt", "") if isinstance(meta, dict) else ""


