"""Figures for key performance indicators: peers and a highlighted collective, benchmarks, rankings.

Pure: computed results in (the outputs of :mod:`collectives.kpi`), plotly figures out, styled
with :func:`collectives.figures.style` (title, axis titles, colour-blind-safe colours, alt text).

Example
-------
>>> import pandas as pd
>>> v = pd.DataFrame({"collective_id": ["A", "B", "C"], "year": 2025, "sector": "energy",
...     "size_band": "50–249", "kpi": "active_member_share", "value": [0.2, 0.3, 0.4]})
>>> fig = kpi_peer_explorer(v, ["active_member_share"], highlight="B", year=2025,
...                         alt="B sits in the middle of the energy collectives.")
>>> len(fig.data)
2
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from collectives import kpi
from collectives.errors import ParameterError
from collectives.figures import MARKERS, OKABE_ITO, style

__all__ = ["SECTOR_LABELS", "benchmark_bars", "composite_panel", "kpi_peer_explorer", "rank_ranges"]

SECTOR_LABELS = {"energy": "Energy", "housing": "Housing", "care": "Care", "social_wellbeing": "Social well-being",
                 "food": "Food", "work": "Work", "mobility": "Mobility"}

_HIGHLIGHT = "#000000"


def _names() -> dict[str, tuple[str, str]]:
    cat = kpi.catalogue().set_index("id")
    return {k: (r["name"], r["unit"]) for k, r in cat.iterrows()}


def kpi_peer_explorer(kpi_values: pd.DataFrame, kpis: Sequence[str], *, highlight: str, year: int, alt: str,
                      title: str | None = None) -> go.Figure:
    """Static twin of the KPI explorer: one indicator at a time, every collective as a dot by sector.

    A first menu chooses the indicator (precomputed: every listed KPI is in the figure); a second
    menu zooms in on one sector. The ``highlight`` collective is a large black star with its name.
    """
    names = _names()
    kpis = list(kpis)
    if not kpis:
        raise ParameterError("kpis", kpis, "at least one KPI id")
    rows = kpi_values[kpi_values["year"] == year]
    if rows.empty:
        raise ParameterError("year", year, "a year with KPI values")
    sectors = [s for s in SECTOR_LABELS if s in set(rows["sector"].astype(str))]
    labels = [SECTOR_LABELS[s] for s in sectors]
    fig = go.Figure()
    groups = []
    for i, k in enumerate(kpis):
        sub = rows[rows["kpi"] == k]
        if sub.empty:
            raise ParameterError("kpis", k, f"KPIs with values in {year}")
        x = sub["sector"].astype(str).map(SECTOR_LABELS)
        # a fixed, seeded jitter so that dots of one sector do not sit on top of each other
        jitter = np.random.default_rng(i).uniform(-0.28, 0.28, len(sub))
        xpos = x.map({lab: j for j, lab in enumerate(labels)}).to_numpy(dtype=float) + jitter
        fig.add_trace(go.Scatter(
            x=xpos, y=sub["value"], mode="markers", name="Other collectives", visible=i == 0,
            marker={"color": OKABE_ITO[0], "size": 7, "opacity": 0.55, "symbol": MARKERS[0]},
            customdata=np.column_stack([sub["collective_id"], x, sub["size_band"].astype(str)]),
            hovertemplate="%{customdata[0]} (%{customdata[1]}, %{customdata[2]} members)<br>%{y:.3g}<extra></extra>"))
        me = sub[sub["collective_id"] == highlight]
        mx = me["sector"].astype(str).map(SECTOR_LABELS).map({lab: j for j, lab in enumerate(labels)})
        fig.add_trace(go.Scatter(
            x=mx, y=me["value"], mode="markers+text", name=f"{highlight} (highlighted)", visible=i == 0,
            text=[highlight] * len(me), textposition="middle right",
            marker={"color": _HIGHLIGHT, "size": 16, "symbol": "star", "line": {"color": "#ffffff", "width": 1}},
            hovertemplate=f"{highlight}<br>%{{y:.3g}}<extra></extra>"))
        groups.append(k)
    n = len(kpis)
    kpi_buttons = [{
        "label": names[k][0], "method": "update",
        "args": [{"visible": [j // 2 == i for j in range(2 * n)]},
                 {"yaxis.title.text": f"{names[k][0]} ({names[k][1]})"}]} for i, k in enumerate(kpis)]
    sector_buttons = [{"label": "All sectors", "method": "relayout",
                       "args": [{"xaxis.range": [-0.6, len(labels) - 0.4]}]}]
    sector_buttons += [{"label": lab, "method": "relayout", "args": [{"xaxis.range": [j - 0.5, j + 0.5]}]}
                       for j, lab in enumerate(labels)]
    style(fig, title=title or f"Key performance indicators, {year} (synthetic panel)", x_title="Sector",
          y_title=f"{names[kpis[0]][0]} ({names[kpis[0]][1]})", alt=alt, height=500)
    menu = {"direction": "down", "yanchor": "top", "bgcolor": "#ffffff", "bordercolor": "#555555",
            "font": {"color": "#222222"}}
    fig.update_layout(
        margin={"t": 120},
        xaxis={"tickmode": "array", "tickvals": list(range(len(labels))), "ticktext": labels,
               "range": [-0.6, len(labels) - 0.4], "zeroline": False},
        updatemenus=[{**menu, "buttons": kpi_buttons, "x": 0, "xanchor": "left", "y": 1.2, "name": "Indicator"},
                     {**menu, "buttons": sector_buttons, "x": 1, "xanchor": "right", "y": 1.2, "name": "Sector"}],
    )
    return fig


def benchmark_bars(bench: pd.DataFrame, *, collective_id: str, alt: str, title: str | None = None) -> go.Figure:
    """Horizontal bars: the collective's percentile among its peers per indicator, turned so that
    right is always better; the peer median is the dashed line at 50."""
    if bench.empty:
        raise ParameterError("bench", "an empty table", "the output of kpi.benchmark")
    b = bench.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=b["percentile_better"], y=b["name"], orientation="h", marker={"color": OKABE_ITO[0]},
        text=[f"{p:.0f} (of {n})" for p, n in zip(b["percentile_better"], b["n_peers"])], textposition="auto",
        customdata=np.column_stack([b["value"], b["peer_median"]]),
        hovertemplate="%{y}<br>percentile (better = higher): %{x:.0f}<br>value %{customdata[0]:.3g}, "
                      "peer median %{customdata[1]:.3g}<extra></extra>", name=collective_id))
    fig.add_vline(x=50, line={"dash": "dash", "color": "#555555"}, annotation_text="peer median",
                  annotation_position="top")
    style(fig, title=title or f"{collective_id} among its peers", x_title="Percentile among peers (100 = best)",
          y_title="", alt=alt, height=max(300, 60 + 34 * len(b)))
    fig.update_layout(showlegend=False, xaxis={"range": [0, 100]}, margin={"l": 10})
    fig.update_yaxes(automargin=True)
    return fig


def rank_ranges(summary: pd.DataFrame, *, alt: str, top: int = 25, title: str | None = None) -> go.Figure:
    """How far each collective's rank moves when the weights change (output of kpi.weight_sensitivity).

    One row per collective (the ``top`` best by the base weights): a line from its best to its worst
    rank, a diamond at its rank with your weights, a circle at its median rank.
    """
    s = summary.head(top).iloc[::-1]
    ids = s["collective_id"].astype(str)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=np.column_stack([s["best_rank"], s["worst_rank"], np.full(len(s), np.nan)]).ravel(),
        y=np.repeat(ids.to_numpy(), 3), mode="lines", name="Best to worst rank over the weightings",
        line={"color": OKABE_ITO[4], "width": 5}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=s["median_rank"], y=ids, mode="markers", name="Median rank",
                             marker={"symbol": "circle-open", "size": 10, "color": OKABE_ITO[1], "line": {"width": 2}},
                             hovertemplate="%{y}: median rank %{x}<extra></extra>"))
    fig.add_trace(go.Scatter(x=s["base_rank"], y=ids, mode="markers", name="Rank with your weights",
                             marker={"symbol": "diamond", "size": 10, "color": OKABE_ITO[5]},
                             hovertemplate="%{y}: rank %{x} with your weights<extra></extra>"))
    style(fig, title=title or "Ranks move when the weights change", x_title="Rank (1 = best)",
          y_title="Collective", alt=alt, height=max(380, 120 + 18 * len(s)))
    fig.update_xaxes(autorange="reversed")
    return fig


def composite_panel(bench: pd.DataFrame, scores: pd.DataFrame, *, collective_id: str, alt: str,
                    subtitle: str = "") -> go.Figure:
    """The live explorer's figure: left, percentiles per weighted indicator; right, every peer's
    composite score with the chosen collective highlighted."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.5, 0.5], horizontal_spacing=0.2,
                        subplot_titles=("Percentile among peers (100 = best)", "Composite score of every peer"))
    b = bench.iloc[::-1]
    fig.add_trace(go.Bar(x=b["percentile_better"], y=b["name"], orientation="h", marker={"color": OKABE_ITO[0]},
                         text=[f"{p:.0f}" for p in b["percentile_better"]], textposition="auto", name="Percentile",
                         hovertemplate="%{y}: %{x:.0f}<extra></extra>"), row=1, col=1)
    sc = scores.sort_values("score").reset_index(drop=True)
    me = sc["collective_id"] == collective_id
    fig.add_trace(go.Scatter(x=sc.loc[~me, "score"], y=sc.index[~me], mode="markers", name="Peers",
                             marker={"color": OKABE_ITO[4], "size": 6, "symbol": "circle"},
                             customdata=sc.loc[~me, ["collective_id", "rank"]].to_numpy(),
                             hovertemplate="%{customdata[0]}: score %{x:.2f}, rank %{customdata[1]}<extra></extra>"),
                  row=1, col=2)
    fig.add_trace(go.Scatter(x=sc.loc[me, "score"], y=sc.index[me], mode="markers+text", name=collective_id,
                             text=[collective_id] * int(me.sum()), textposition="middle left",
                             marker={"color": _HIGHLIGHT, "size": 15, "symbol": "star"},
                             hovertemplate=f"{collective_id}: score %{{x:.2f}}<extra></extra>"), row=1, col=2)
    style(fig, title=f"{collective_id}: benchmark and composite rank{subtitle}", x_title="", y_title="", alt=alt,
          height=max(380, 80 + 32 * len(b)))
    fig.update_xaxes(range=[0, 100], row=1, col=1)
    fig.update_xaxes(range=[-0.05, 1.05], title_text="Score (0 = worst, 1 = best)", row=1, col=2)
    fig.update_yaxes(automargin=True, row=1, col=1)
    fig.update_yaxes(title_text="Peers, lowest to highest score", showticklabels=False, row=1, col=2)
    return fig
