"""Figures for evaluation designs: estimates against the truth, event studies, interrupted time series.

Pure: results in (from :mod:`collectives.evaluation` and :mod:`collectives.evaluation.case_study`),
plotly figures out, styled with :func:`collectives.figures.style`.

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"label": ["A", "B"], "estimate": [2.0, 5.0], "ci_low": [1.0, 4.0], "ci_high": [3.0, 6.0]})
>>> fig = estimates_vs_truth(t, truth=3.0, alt="A covers the truth, B does not.", x_title="Effect (points)")
>>> fig.layout.meta["alt"]
'A covers the truth, B does not.'
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives.errors import ParameterError
from collectives.figures import OKABE_ITO, style
from collectives.figures.kpi import fast_figure

__all__ = ["estimates_vs_truth", "evaluation_view", "event_study_plot", "its_plot"]

_TRUTH_COLOUR = OKABE_ITO[5]


def _forest_traces(table: pd.DataFrame, highlight: str | None = None, visible: bool = True,
                   showlegend: bool = True, axes: tuple[str, str] = ("x", "y")) -> list[dict]:
    t = table.iloc[::-1]
    is_hi = (t["method"] == highlight).to_numpy() if highlight is not None and "method" in t else np.zeros(len(t), bool)
    return [{
        "type": "scatter", "x": t["estimate"].tolist(), "y": [_wrap(v) for v in t["label"]], "mode": "markers",
        "name": "Estimate with 95% interval", "visible": visible, "showlegend": showlegend,
        "xaxis": axes[0], "yaxis": axes[1],
        "error_x": {"type": "data", "symmetric": False, "array": (t["ci_high"] - t["estimate"]).tolist(),
                    "arrayminus": (t["estimate"] - t["ci_low"]).tolist(), "color": "#444444", "thickness": 2,
                    "width": 6},
        "marker": {"color": ["#000000" if h else OKABE_ITO[0] for h in is_hi],
                   "size": [15 if h else 10 for h in is_hi],
                   "symbol": ["diamond" if h else "circle" for h in is_hi]},
        "customdata": np.column_stack([t["ci_low"], t["ci_high"]]).tolist(),
        "hovertemplate": "%{y}<br>estimate %{x:.2f}<br>95% interval %{customdata[0]:.2f} to %{customdata[1]:.2f}"
                         "<extra></extra>"}]


def _wrap(label: str, width: int = 30) -> str:
    """Long design names on two lines, so that the plot keeps most of the width on a phone."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def _vline(x: float, colour: str, dash: str, xref: str = "x", label: str | None = None) -> tuple[dict, list[dict]]:
    shape = {"type": "line", "x0": x, "x1": x, "xref": xref, "y0": 0, "y1": 1,
             "yref": "paper" if xref == "x" else f"y{xref[1:]} domain", "line": {"color": colour, "dash": dash,
                                                                                  "width": 2}}
    notes = [] if label is None else [{"x": x, "xref": xref, "y": 1, "yref": shape["yref"], "yanchor": "bottom",
                                       "text": label, "showarrow": False, "font": {"color": "#222222"}}]
    return shape, notes


def estimates_vs_truth(table: pd.DataFrame, *, truth: float, alt: str, x_title: str,
                       title: str = "Which design recovers the true effect? (synthetic panel)", highlight: str | None = None,
                       truth_label: str = "true effect") -> go.Figure:
    """Forest plot: one row per design, its estimate and 95% interval, and the truth as a dashed line.

    ``table`` needs label, estimate, ci_low, ci_high (and method, to ``highlight`` one design).
    Built from plain dictionaries without plotly's validation, so that the explorer answers fast.
    """
    needed = {"label", "estimate", "ci_low", "ci_high"}
    if not needed <= set(table.columns):
        raise ParameterError("table", sorted(table.columns), "columns " + ", ".join(sorted(needed)))
    truth_line, notes = _vline(truth, _TRUTH_COLOUR, "dash", label=f"{truth_label} ({truth:g})")
    zero_line, _ = _vline(0.0, "#888888", "dot")
    return fast_figure(_forest_traces(table, highlight), {
        "shapes": [truth_line, zero_line], "annotations": notes, "showlegend": False, "margin": {"l": 10},
        "xaxis": {"title": {"text": x_title}, "zeroline": False}, "yaxis": {"automargin": True}},
        title=title, alt=alt, height=max(340, 110 + 48 * len(table)))


def evaluation_view(table: pd.DataFrame, *, method: str, selection_strength: float, outcome_label: str) -> go.Figure:
    """The evaluation explorer's figure: every design's estimate on one stored panel, ``method`` highlighted.

    ``table`` holds the rows of one strength and outcome of the stored grid (with ``method``,
    ``label``, ``estimate``, ``ci_low``, ``ci_high``, ``truth`` and ``covers_truth``).
    """
    chosen = table[table["method"] == method]
    if chosen.empty:
        raise ParameterError("method", method, "one of the designs in the menu")
    row = chosen.iloc[0]
    verdict = "its interval contains the truth" if row["covers_truth"] else "its interval misses the truth"
    return estimates_vs_truth(
        table, truth=float(row["truth"]), highlight=method, x_title=f"Effect on {outcome_label.lower()} (points)",
        title=f"{row['label']}: {row['estimate']:+.1f} (truth {row['truth']:+g}), synthetic panel at selection "
              f"strength {selection_strength:g}",
        alt=(f"On the synthetic panel with selection strength {selection_strength:g}, {row['label']} estimates "
             f"{row['estimate']:+.1f} points (95% interval {row['ci_low']:.1f} to {row['ci_high']:.1f}) for "
             f"{outcome_label.lower()}; the true effect is {row['truth']:+g}, so {verdict}."))


def event_study_plot(es: pd.DataFrame, *, alt: str, y_title: str, start_label: str = "programme starts",
                     title: str = "Event study on the synthetic panel: before the start, the groups move in parallel") -> go.Figure:
    """Leads and lags (output of ``impact.event_study``) with 95% intervals; the reference period is 0."""
    fig = go.Figure()
    est = es[~es["reference"]]
    ref = es[es["reference"]]
    fig.add_trace(go.Scatter(
        x=est["relative_time"], y=est["estimate"], mode="markers+lines", name="Estimate with 95% interval",
        line={"color": OKABE_ITO[0], "width": 2}, marker={"size": 9, "symbol": "circle"},
        error_y={"type": "data", "symmetric": False, "array": est["ci_high"] - est["estimate"],
                 "arrayminus": est["estimate"] - est["ci_low"], "color": "#444444", "width": 6},
        hovertemplate="%{x} years from the start: %{y:.2f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=ref["relative_time"], y=ref["estimate"], mode="markers",
                             name="Reference year (set to 0)", marker={"size": 11, "symbol": "square-open",
                                                                        "color": "#000000", "line": {"width": 2}},
                             hovertemplate="reference year<extra></extra>"))
    fig.add_hline(y=0, line={"dash": "dot", "color": "#888888"})
    fig.add_vline(x=-0.5, line={"dash": "dash", "color": _TRUTH_COLOUR}, annotation_text=start_label,
                  annotation_position="top right")
    style(fig, title=title, x_title="Years relative to the programme start (0 = first year)", y_title=y_title,
          alt=alt)
    fig.update_xaxes(dtick=1)
    return fig


def its_plot(fitted: pd.DataFrame, *, time: str, outcome: str, intervention_time: float, alt: str, y_title: str,
             title: str = "Interrupted time series on the synthetic panel: the line before, carried forward") -> go.Figure:
    """Observed series, fitted segments and the counterfactual (the pre-intervention line carried on)."""
    f = fitted.sort_values(time)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=f[time], y=f[outcome], mode="markers", name="Observed",
                             marker={"color": OKABE_ITO[0], "size": 10, "symbol": "circle"}))
    for after, name, dash in ((False, "Fitted line before", "solid"), (True, "Fitted line after", "solid")):
        seg = f[f["after"] == after]
        fig.add_trace(go.Scatter(x=seg[time], y=seg["fitted"], mode="lines", name=name,
                                 line={"color": OKABE_ITO[1] if after else OKABE_ITO[2], "dash": dash, "width": 3}))
    post = f[f["after"]]
    fig.add_trace(go.Scatter(x=post[time], y=post["counterfactual"], mode="lines",
                             name="Without the programme (the line before, carried on)",
                             line={"color": "#555555", "dash": "dash", "width": 2}))
    fig.add_vline(x=intervention_time - 0.5, line={"dash": "dot", "color": _TRUTH_COLOUR})
    style(fig, title=title, x_title="Year", y_title=y_title, alt=alt)
    return fig
