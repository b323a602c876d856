"""Figures of the scenario lab (day 5). Pure: computed results in, styled plotly figure out.

Every function takes ``title`` and ``alt`` (what the figure shows, for screen readers) and
returns a figure styled with :func:`collectives.figures.style`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives.errors import ParameterError
from collectives.figures import DASHES, MARKERS, OKABE_ITO, style

__all__ = ["backcast_figure", "bottleneck_figure", "diffusion_figure", "fan_chart", "monitor_series_figure",
           "scenario_lines", "sensitivity_figure"]


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)}, {int(h[2:4], 16)}, {int(h[4:6], 16)}, {alpha})"


def monitor_series_figure(df: pd.DataFrame, *, title: str, y_title: str, alt: str) -> go.Figure:
    """Published figures by edition: the preferred series as a line, other sources as open markers.

    ``df`` holds rows of ``energy_monitor`` for one indicator (edition_year, value, source_key,
    preferred, qualifier).
    """
    if df.empty:
        raise ParameterError("df", "an empty table", "rows of energy_monitor for one indicator")
    fig = go.Figure()
    pref = df[df["preferred"].astype(bool)].sort_values("edition_year")
    other = df[~df["preferred"].astype(bool)]
    fig.add_trace(go.Scatter(x=pref["edition_year"], y=pref["value"], mode="lines+markers", name="figure of the edition",
                             line={"color": OKABE_ITO[0], "width": 2.5}, marker={"size": 9},
                             customdata=np.column_stack([pref["source_key"].astype(str), pref["qualifier"].astype(str)]),
                             hovertemplate="%{x}: %{y:,}<br>%{customdata[1]}, source %{customdata[0]}<extra></extra>"))
    if len(other):
        fig.add_trace(go.Scatter(x=other["edition_year"], y=other["value"], mode="markers", name="other report or restated",
                                 marker={"size": 11, "symbol": "diamond-open", "color": OKABE_ITO[5], "line": {"width": 2}},
                                 customdata=np.column_stack([other["source_key"].astype(str), other["qualifier"].astype(str)]),
                                 hovertemplate="%{x}: %{y:,}<br>%{customdata[1]}, source %{customdata[0]}<extra></extra>"))
    return style(fig, title=title, x_title="Edition (year the figure refers to)", y_title=y_title, alt=alt)


def diffusion_figure(fits: dict, years, *, title: str, y_title: str, alt: str, goal: float | None = None,
                     goal_label: str = "goal") -> go.Figure:
    """Data points and one or more fitted curves with their 95% bootstrap bands.

    ``fits`` maps a label to a :class:`~collectives.scenarios.DiffusionFit`; ``years`` are the
    years to draw the curves at.
    """
    if not fits:
        raise ParameterError("fits", fits, "at least one fitted curve")
    fig = go.Figure()
    first = next(iter(fits.values()))
    for i, (label, fit) in enumerate(fits.items()):
        fc = fit.forecast(years)
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        fig.add_trace(go.Scatter(x=np.concatenate([fc["year"], fc["year"][::-1]]),
                                 y=np.concatenate([fc["high"], fc["low"][::-1]]), fill="toself",
                                 fillcolor=_rgba(colour, 0.18), line={"width": 0}, hoverinfo="skip",
                                 name=f"{label}: 95% band", showlegend=True))
        fig.add_trace(go.Scatter(x=fc["year"], y=fc["fitted"], mode="lines", name=label,
                                 line={"color": colour, "width": 2.5, "dash": DASHES[i % len(DASHES)]},
                                 hovertemplate="%{x:.0f}: %{y:,.0f}<extra>" + label + "</extra>"))
    fig.add_trace(go.Scatter(x=first.years, y=first.counts, mode="markers", name="published figure",
                             marker={"color": "#000000", "size": 9, "symbol": "circle"},
                             hovertemplate="%{x:.0f}: %{y:,}<extra>published</extra>"))
    if goal is not None:
        fig.add_hline(y=goal, line={"color": "#555555", "dash": "dot"}, annotation_text=goal_label,
                      annotation_position="top left")
    return style(fig, title=title, x_title="Year", y_title=y_title, alt=alt)


def fan_chart(sim: pd.DataFrame, variable: str, *, title: str, y_title: str, alt: str,
              by: str | None = None) -> go.Figure:
    """Median line with 50% and 90% bands of a Monte Carlo (tidy run, year, variable, value).

    With ``by`` (a column such as ``scenario``) one fan per value of that column.
    """
    sel = sim[sim["variable"] == variable]
    if sel.empty:
        raise ParameterError("variable", variable, "a variable in the simulation: " + ", ".join(map(str, sim["variable"].unique())))
    groups = [(None, sel)] if by is None else list(sel.groupby(by, sort=False, observed=True))
    fig = go.Figure()
    for i, (name, rows) in enumerate(groups):
        q = rows.groupby("year")["value"].quantile([0.05, 0.25, 0.5, 0.75, 0.95]).unstack()
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        label = "median" if name is None else str(name)
        for lo, hi, alpha, band in ((0.05, 0.95, 0.15, "90%"), (0.25, 0.75, 0.3, "50%")):
            fig.add_trace(go.Scatter(x=np.concatenate([q.index, q.index[::-1]]), y=np.concatenate([q[hi], q[lo][::-1]]),
                                     fill="toself", fillcolor=_rgba(colour, alpha), line={"width": 0}, hoverinfo="skip",
                                     name=f"{band} of runs" if name is None else f"{label}: {band} of runs",
                                     showlegend=by is None or band == "90%"))
        fig.add_trace(go.Scatter(x=q.index, y=q[0.5], mode="lines+markers", name=label,
                                 line={"color": colour, "width": 2.5, "dash": DASHES[i % len(DASHES)]},
                                 marker={"symbol": MARKERS[i % len(MARKERS)], "size": 6},
                                 hovertemplate="%{x}: %{y:,.0f}<extra>" + label + "</extra>"))
    return style(fig, title=title, x_title="Year", y_title=y_title, alt=alt)


def scenario_lines(matrix: pd.DataFrame, variable: str, world: str, *, title: str, y_title: str, alt: str) -> go.Figure:
    """One world of a scenario matrix: each strategy's median with its 90% band."""
    sel = matrix[(matrix["variable"] == variable) & (matrix["world"] == world)]
    if sel.empty:
        raise ParameterError("world", world, "a world of the matrix: " + ", ".join(matrix["world"].unique()))
    fig = go.Figure()
    for i, (name, rows) in enumerate(sel.groupby("strategy", sort=False)):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        fig.add_trace(go.Scatter(x=np.concatenate([rows["year"], rows["year"][::-1]]),
                                 y=np.concatenate([rows["high"], rows["low"][::-1]]), fill="toself",
                                 fillcolor=_rgba(colour, 0.16), line={"width": 0}, hoverinfo="skip", showlegend=False,
                                 name=f"{name}: 90% band"))
        fig.add_trace(go.Scatter(x=rows["year"], y=rows["median"], mode="lines+markers", name=str(name),
                                 line={"color": colour, "width": 2.5, "dash": DASHES[i % len(DASHES)]},
                                 marker={"symbol": MARKERS[i % len(MARKERS)], "size": 7},
                                 hovertemplate="%{x}: %{y:,.0f}<extra>" + str(name) + "</extra>"))
    return style(fig, title=title, x_title="Year", y_title=y_title, alt=alt)


def sensitivity_figure(res: pd.DataFrame, *, title: str, x_title: str, alt: str) -> go.Figure:
    """Morris mu* per factor as horizontal bars (with confidence), coloured by kind."""
    if res.empty:
        raise ParameterError("res", "an empty table", "the result of sensitivity() or morris()")
    res = res.sort_values("mu_star")
    kinds = list(dict.fromkeys(res.get("kind", pd.Series(["factor"] * len(res)))))
    fig = go.Figure()
    for i, kind in enumerate(kinds):
        rows = res[res["kind"] == kind] if "kind" in res else res
        labels = rows["label"] if "label" in rows else rows["factor"]
        fig.add_trace(go.Bar(x=rows["mu_star"], y=labels, orientation="h", name=str(kind),
                             marker={"color": OKABE_ITO[i % len(OKABE_ITO)], "pattern": {"shape": ["", "/", "."][i % 3]}},
                             error_x={"type": "data", "array": rows["mu_star_conf"], "color": "#444444"},
                             hovertemplate="%{y}: %{x:,.1f}<extra>" + str(kind) + "</extra>"))
    fig = style(fig, title=title, x_title=x_title, y_title="", alt=alt, height=120 + 30 * len(res))
    fig.update_layout(yaxis={"categoryorder": "array", "categoryarray": list(res["label"] if "label" in res else res["factor"])},
                      margin={"l": 20})
    fig.update_yaxes(automargin=True)
    return fig


def bottleneck_figure(grid: pd.DataFrame, *, title: str, alt: str) -> go.Figure:
    """Initiatives formed against the share of potential leaders, one line per supporter share."""
    fig = go.Figure()
    for i, (share, rows) in enumerate(grid.groupby("supporter_share", sort=True)):
        rows = rows.sort_values("leader_share")
        fig.add_trace(go.Scatter(x=100 * rows["leader_share"], y=rows["initiatives"], mode="lines+markers",
                                 name=f"{100 * share:.0f}% willing to invest",
                                 line={"color": OKABE_ITO[i % len(OKABE_ITO)], "dash": DASHES[i % len(DASHES)], "width": 2.5},
                                 marker={"symbol": MARKERS[i % len(MARKERS)], "size": 9},
                                 hovertemplate="%{x:.0f}% potential leaders: %{y:.1f} initiatives<extra></extra>"))
    return style(fig, title=title, x_title="Residents with leadership potential (%)",
                 y_title="Initiatives after 10 years (mean of runs)", alt=alt)


def backcast_figure(table: pd.DataFrame, *, probability: float, title: str, alt: str) -> go.Figure:
    """Chance of reaching the goal against the year the strategy starts, one line per strategy."""
    fig = go.Figure()
    for i, (name, rows) in enumerate(table.groupby("strategy", sort=False)):
        fig.add_trace(go.Scatter(x=rows["start_year"], y=100 * rows["chance"], mode="lines+markers", name=str(name),
                                 line={"color": OKABE_ITO[i % len(OKABE_ITO)], "dash": DASHES[i % len(DASHES)], "width": 2.5},
                                 marker={"symbol": MARKERS[i % len(MARKERS)], "size": 9},
                                 hovertemplate="start %{x}: %{y:.0f}% of runs reach the goal<extra>" + str(name) + "</extra>"))
    fig.add_hline(y=100 * probability, line={"color": "#555555", "dash": "dot"},
                  annotation_text=f"wanted certainty {100 * probability:.0f}%", annotation_position="bottom left")
    fig = style(fig, title=title, x_title="Year the strategy starts", y_title="Runs reaching the goal (%)", alt=alt)
    fig.update_yaxes(range=[-3, 103])
    return fig
