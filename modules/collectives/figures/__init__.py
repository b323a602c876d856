"""Plotly figures built from computed results. Pure: data in, figure out.

Every figure gets a title, axis titles with units, a colour-blind-safe palette (Okabe & Ito),
a layout that fits a phone as well as a laptop, and alt text in ``layout.meta.alt`` that the
site places next to the figure for screen readers. Captions live in the chapter.

Figures use the small ``course`` template (:data:`COURSE_TEMPLATE`, registered with plotly
and made the default when this module is imported) instead of plotly's default, which adds
defaults for some 30 trace types to every figure's JSON. On the site, ``course.js`` rewraps
titles and axis titles to the width of the screen; ``style`` anchors the title to the top
of the figure so that the rewrapped lines stay inside it.

Example
-------
>>> import pandas as pd
>>> df = pd.DataFrame({"year": [2021, 2022], "value": [676, 705], "series": ["a", "a"]})
>>> fig = line_chart(df, x="year", y="value", color="series", title="Cooperatives",
...                  x_title="Year", y_title="Cooperatives (count)", alt="A rising line.")
>>> fig.layout.meta["alt"]
'A rising line.'
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from collectives.errors import ParameterError

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Black is kept for a highlighted series.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")
# Titles wrap at this many characters so that they stay readable on a phone.
TITLE_WIDTH = 48
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")
# A figure taller than this (a projector's 720 lines) needs a stated reason (``tall_reason``).
MAX_HEIGHT = 720
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
_AXIS = {"gridcolor": "#e5e5e5", "linecolor": "#767676", "zerolinecolor": "#bdbdbd", "automargin": True,
         "ticks": "outside", "tickcolor": "#767676", "title": {"standoff": 10}}
# Layout defaults only: a few hundred bytes per figure instead of plotly's ~8 kB default template.
COURSE_TEMPLATE = go.layout.Template(layout={
    "font": {"family": FONT, "size": 13, "color": "#222222"},
    "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "colorway": list(OKABE_ITO),
    "hovermode": "closest", "hoverlabel": {"align": "left", "font": {"size": 13}},
    "xaxis": _AXIS, "yaxis": _AXIS,
})
pio.templates["course"] = COURSE_TEMPLATE
pio.templates.default = "course"


def style(fig: go.Figure, *, title: str, x_title: str, y_title: str, alt: str, height: int = 420,
          tall_reason: str | None = None) -> go.Figure:
    """Apply the course look and attach alt text; returns the same figure.

    ``alt`` says what the figure shows (the finding), not what it is. A figure taller than
    :data:`MAX_HEIGHT` needs ``tall_reason`` (why it cannot be shorter), kept in ``layout.meta``;
    the site's tests list figures that are taller without one.
    """
    if not alt or not alt.strip():
        raise ParameterError("alt", alt, "a sentence that says what the figure shows")
    if not isinstance(height, (int, float)) or height <= 0:
        raise ParameterError("height", height, "a height in pixels")
    lines = textwrap.wrap(title, TITLE_WIDTH) or [title]
    meta = {"alt": alt.strip()}
    if tall_reason:
        meta["tall_reason"] = tall_reason.strip()
    fig.update_layout(
        title={"text": "<br>".join(lines), "x": 0.01, "xref": "container", "xanchor": "left",
               "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}, "font": {"size": 17}},
        xaxis_title=x_title,
        yaxis_title=y_title,
        autosize=True,
        height=height,
        margin={"l": 60, "r": 20, "t": 40 + 22 * len(lines), "b": 60},
        template=COURSE_TEMPLATE,
        font={"family": FONT, "size": 13, "color": "#222"},
        colorway=list(OKABE_ITO),
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        hoverlabel={"font_size": 13},
        meta=meta,
    )
    return fig


def line_chart(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str,
    title: str,
    x_title: str,
    y_title: str,
    alt: str,
    hover: Sequence[str] = (),
) -> go.Figure:
    """One line with markers per value of ``color``; markers and dashes differ too, not only colour."""
    fig = go.Figure()
    for i, (name, rows) in enumerate(df.groupby(color, sort=False, observed=True)):
        rows = rows.sort_values(x)
        fig.add_trace(
            go.Scatter(
                x=rows[x],
                y=rows[y],
                name=str(name),
                mode="lines+markers",
                line={"color": OKABE_ITO[i % len(OKABE_ITO)], "dash": DASHES[i % len(DASHES)], "width": 2.5},
                marker={"symbol": MARKERS[i % len(MARKERS)], "size": 9},
                customdata=rows[list(hover)].astype(str).to_numpy() if hover else None,
                hovertemplate=_hovertemplate(x, y, hover),
            )
        )
    return style(fig, title=title, x_title=x_title, y_title=y_title, alt=alt)


def _hovertemplate(x: str, y: str, hover: Sequence[str]) -> str:
    extra = "".join(f"<br>{name}: %{{customdata[{i}]}}" for i, name in enumerate(hover))
    return f"{x}: %{{x}}<br>{y}: %{{y:,}}{extra}<extra>%{{fullData.name}}</extra>"
