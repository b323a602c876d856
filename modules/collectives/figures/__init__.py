"""Plotly figures built from computed results. Pure: data in, figure out.

Every figure gets a title, axis titles with units, a colour-blind-safe palette (Okabe & Ito),
a layout that fits a phone as well as a laptop, and alt text in ``layout.meta.alt`` that the
site places next to the figure for screen readers. Captions live in the chapter.

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

from collectives.errors import ParameterError

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Black is kept for a highlighted series.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")
# Titles wrap at this many characters so that they stay readable on a phone.
TITLE_WIDTH = 48
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")


def style(fig: go.Figure, *, title: str, x_title: str, y_title: str, alt: str, height: int = 420) -> go.Figure:
    """Apply the course look and attach alt text; returns the same figure.

    ``alt`` says what the figure shows (the finding), not what it is.
    """
    if not alt or not alt.strip():
        raise ParameterError("alt", alt, "a sentence that says what the figure shows")
    lines = textwrap.wrap(title, TITLE_WIDTH) or [title]
    fig.update_layout(
        title={"text": "<br>".join(lines), "x": 0.01, "xref": "container", "xanchor": "left", "font": {"size": 17}},
        xaxis_title=x_title,
        yaxis_title=y_title,
        autosize=True,
        height=height,
        margin={"l": 60, "r": 20, "t": 50 + 22 * len(lines), "b": 60},
        template="plotly_white",
        font={"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13, "color": "#222"},
        colorway=list(OKABE_ITO),
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        hoverlabel={"font_size": 13},
        meta={"alt": alt.strip()},
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


def dropdown_explorer(
    series: dict[str, pd.DataFrame],
    *,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_titles: dict[str, str],
    alt: str,
    hover: Sequence[str] = (),
    label: str = "Series",
) -> go.Figure:
    """A static twin of a live explorer: one trace per entry, a dropdown shows one at a time.

    Works on the static site with no kernel: every choice is precomputed into the figure.
    """
    if not series:
        raise ParameterError("series", series, "at least one series to show")
    fig = go.Figure()
    names = list(series)
    for i, name in enumerate(names):
        rows = series[name].sort_values(x)
        fig.add_trace(
            go.Scatter(
                x=rows[x],
                y=rows[y],
                name=name,
                visible=i == 0,
                mode="lines+markers",
                line={"color": OKABE_ITO[0], "width": 2.5},
                marker={"size": 9},
                customdata=rows[list(hover)].astype(str).to_numpy() if hover else None,
                hovertemplate=_hovertemplate(x, y, hover),
            )
        )
    buttons = [
        {
            "label": name,
            "method": "update",
            "args": [{"visible": [j == i for j in range(len(names))]}, {"yaxis.title.text": y_titles[name]}],
        }
        for i, name in enumerate(names)
    ]
    style(fig, title=title, x_title=x_title, y_title=y_titles[names[0]], alt=alt, height=460)
    fig.update_layout(
        showlegend=False,
        margin={"t": fig.layout.margin.t + 40},
        updatemenus=[
            {
                "buttons": buttons,
                "direction": "down",
                "x": 0,
                "xanchor": "left",
                "y": 1.02,
                "yanchor": "bottom",
                "bgcolor": "#ffffff",
                "bordercolor": "#555555",
                "font": {"color": "#222222"},
                "name": label,
            }
        ],
    )
    return fig


def _hovertemplate(x: str, y: str, hover: Sequence[str]) -> str:
    extra = "".join(f"<br>{name}: %{{customdata[{i}]}}" for i, name in enumerate(hover))
    return f"{x}: %{{x}}<br>{y}: %{{y:,}}{extra}<extra>%{{fullData.name}}</extra>"
