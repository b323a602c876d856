"""Figures for key performance indicators: peers and a highlighted collective, benchmarks, rankings.

Pure: computed results in (the outputs of :mod:`collectives.kpi`), plotly figures out, styled
with :func:`collectives.figures.style` (title, axis titles, colour-blind-safe colours, alt text).

Example
-------
>>> import pandas as pd
>>> bench = pd.DataFrame({"name": ["Active-member share"], "percentile_better": [62.0], "n_peers": [40],
...                       "value": [0.3], "peer_median": [0.25]})
>>> fig = benchmark_bars(bench, collective_id="B", alt="B is above the peer median.")
>>> fig.layout.meta["alt"]
'B is above the peer median.'
"""

from __future__ import annotations

import copy
import textwrap
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives import kpi
from collectives.errors import ParameterError
from collectives.figures import OKABE_ITO, TITLE_WIDTH, style

__all__ = ["SECTOR_LABELS", "benchmark_bars", "composite_panel", "fast_figure", "kpi_view", "rank_ranges"]

from collectives.vocabulary import SECTOR_LABELS  # noqa: E402  (re-exported for the explorers)

_HIGHLIGHT = "#000000"


def _names() -> dict[str, tuple[str, str]]:
    cat = kpi.catalogue().set_index("id")
    return {k: (r["name"], r["unit"]) for k, r in cat.iterrows()}


def fast_figure(data: list[dict], layout: dict, *, title: str, alt: str, height: int) -> go.Figure:
    """A figure in the course style, built from plain dictionaries without plotly's validation.

    Explorers redraw on every change, and validating every property takes most of the time. The
    inputs here are produced by the package, so validation is skipped. The course style comes
    from :func:`collectives.figures.style` (computed once per title length and height, then
    reused); axis titles go in ``layout`` as ``{"title": {"text": ...}}``.
    """
    if not alt or not alt.strip():
        raise ParameterError("alt", alt, "a sentence that says what the figure shows")
    lines = textwrap.wrap(title, TITLE_WIDTH) or [title]
    styled = _styled_layout(len(lines), int(height))
    merged = copy.deepcopy({k: v for k, v in styled.items() if k != "template"})
    merged["title"]["text"] = "<br>".join(lines)
    merged["meta"] = {"alt": alt.strip()}
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    merged["template"] = _template(styled["template"])
    return go.Figure(data=data, layout=merged, _validate=False)


@lru_cache(maxsize=64)
def _styled_layout(n_lines: int, height: int) -> dict:
    base = go.Figure()
    style(base, title="\n".join(["x" * TITLE_WIDTH] * n_lines), x_title="", y_title="", alt="-", height=height)
    out = base.layout.to_plotly_json()
    out.pop("template", None)
    for key in ("xaxis", "yaxis"):
        out.pop(key, None)
    out["template"] = base.layout.template  # resolved once below
    return out


_TEMPLATES: dict = {}


def _template(template) -> dict:
    """A template as a plain dictionary (a name is looked up once)."""
    if isinstance(template, dict):
        return template
    key = id(template)
    if key not in _TEMPLATES:
        _TEMPLATES[key] = template.to_plotly_json() if hasattr(template, "to_plotly_json") else {}
    return _TEMPLATES[key]

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
          y_title="Collective", alt=alt, height=max(380, 140 + 26 * len(s)),
          tall_reason="one row per collective, each needs about 26 px to stay readable")
    fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(dtick=1, automargin=True)
    return fig


def composite_panel(bench: pd.DataFrame, scores: pd.DataFrame, *, collective_id: str, alt: str,
                    subtitle: str = "") -> go.Figure:
    """The live explorer's figure: left, percentiles per weighted indicator; right, every peer's
    composite score with the chosen collective highlighted.

    Built from plain dictionaries without plotly's property validation, so that the explorer
    answers fast (the inputs are computed by the package, not typed by a user).
    """
    b = bench.iloc[::-1]
    sc = scores.sort_values("score").reset_index(drop=True)
    me = (sc["collective_id"] == collective_id).to_numpy()
    pos = np.arange(len(sc))
    data = [
        {"type": "bar", "x": b["percentile_better"].tolist(), "y": b["name"].tolist(), "orientation": "h",
         "marker": {"color": OKABE_ITO[0]}, "text": [f"{p:.0f}" for p in b["percentile_better"]],
         "textposition": "auto", "name": "Percentile", "hovertemplate": "%{y}: %{x:.0f}<extra></extra>",
         "xaxis": "x", "yaxis": "y"},
        {"type": "scatter", "x": sc.loc[~me, "score"].tolist(), "y": pos[~me].tolist(), "mode": "markers",
         "name": "Peers", "marker": {"color": OKABE_ITO[4], "size": 6, "symbol": "circle"},
         "customdata": sc.loc[~me, ["collective_id", "rank"]].astype(str).to_numpy().tolist(),
         "hovertemplate": "%{customdata[0]}: score %{x:.2f}, rank %{customdata[1]}<extra></extra>",
         "xaxis": "x2", "yaxis": "y2"},
        {"type": "scatter", "x": sc.loc[me, "score"].tolist(), "y": pos[me].tolist(), "mode": "markers+text",
         "name": collective_id, "text": [collective_id] * int(me.sum()), "textposition": "middle left",
         "marker": {"color": _HIGHLIGHT, "size": 15, "symbol": "star"},
         "hovertemplate": f"{collective_id}: score %{{x:.2f}}<extra></extra>", "xaxis": "x2", "yaxis": "y2"},
    ]
    head = {"xref": "paper", "yref": "paper", "y": 1.0, "yanchor": "bottom", "showarrow": False,
            "font": {"size": 13}}
    return fast_figure(data, {
        "xaxis": {"domain": [0, 0.42], "range": [0, 100], "anchor": "y", "title": {"text": "Percentile (100 = best)"}},
        "yaxis": {"anchor": "x", "automargin": True},
        "xaxis2": {"domain": [0.58, 1], "range": [-0.05, 1.05], "anchor": "y2",
                   "title": {"text": "Composite score (0 = worst, 1 = best)"}},
        "yaxis2": {"anchor": "x2", "showticklabels": False, "title": {"text": "Peers, lowest to highest"}},
        "annotations": [{**head, "x": 0, "xanchor": "left", "text": "Among peers of the same sector and size"},
                        {**head, "x": 0.58, "xanchor": "left", "text": "Composite score of every sector peer"}],
    }, title=f"{collective_id} (synthetic panel): benchmark and composite rank{subtitle}", alt=alt, height=max(400, 100 + 32 * len(b)))


def kpi_view(view, *, names: dict[str, str]) -> go.Figure:  # noqa: ANN001 - a widgets.kpi.KPIView
    """The KPI explorer's figure (:func:`composite_panel`) with a subtitle and alt text from ``view``."""
    sector = SECTOR_LABELS.get(view.sector, view.sector)
    n = len(view.scores)
    moves = f"; other weightings: rank {view.best_rank} to {view.worst_rank}" if view.best_rank is not None else ""
    weights = ", ".join(f"{names[k].lower()} {v:g}" for k, v in view.weights.items())
    return composite_panel(
        view.bench, view.scores, collective_id=view.collective_id,
        subtitle=f" — rank {view.rank} of {n} {sector.lower()} collectives{moves}",
        alt=(f"Synthetic panel, {view.year}: {view.collective_id} ranks {view.rank} of {n} in its sector on a composite "
             f"of {weights}{moves.replace(';', ',')}. Its percentiles among peers of the same sector and size: "
             + ", ".join(f"{r.name} {r.percentile_better:.0f}" for r in view.bench.itertuples()) + "."))
