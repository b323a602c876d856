"""Figures for evaluation designs: estimates against the truth, event studies, interrupted time series.

Pure: results in (from :mod:`collectives.evaluation` and :mod:`collectives.programme_evaluation`),
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

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from collectives.errors import ParameterError
from collectives.figures import OKABE_ITO, style

__all__ = ["estimates_vs_truth", "event_study_plot", "its_plot", "method_explorer"]

_TRUTH_COLOUR = OKABE_ITO[5]


def _forest_traces(table: pd.DataFrame, highlight: str | None = None, visible: bool = True,
                   showlegend: bool = True) -> list[go.Scatter]:
    t = table.iloc[::-1]
    is_hi = (t["method"] == highlight).to_numpy() if highlight is not None and "method" in t else np.zeros(len(t), bool)
    colours = np.where(is_hi, "#000000", OKABE_ITO[0])
    sizes = np.where(is_hi, 15, 10)
    return [go.Scatter(
        x=t["estimate"], y=t["label"], mode="markers", name="Estimate with 95% interval", visible=visible,
        showlegend=showlegend,
        error_x={"type": "data", "symmetric": False, "array": t["ci_high"] - t["estimate"],
                 "arrayminus": t["estimate"] - t["ci_low"], "color": "#444444", "thickness": 2, "width": 6},
        marker={"color": list(colours), "size": list(sizes), "symbol": ["diamond" if h else "circle" for h in is_hi]},
        customdata=np.column_stack([t["ci_low"], t["ci_high"]]),
        hovertemplate="%{y}<br>estimate %{x:.2f}<br>95% interval %{customdata[0]:.2f} to %{customdata[1]:.2f}"
                      "<extra></extra>")]


def estimates_vs_truth(table: pd.DataFrame, *, truth: float, alt: str, x_title: str,
                       title: str = "Which design recovers the true effect?", highlight: str | None = None,
                       truth_label: str = "true effect") -> go.Figure:
    """Forest plot: one row per design, its estimate and 95% interval, and the truth as a dashed line.

    ``table`` needs label, estimate, ci_low, ci_high (and method, to ``highlight`` one design).
    """
    needed = {"label", "estimate", "ci_low", "ci_high"}
    if not needed <= set(table.columns):
        raise ParameterError("table", sorted(table.columns), "columns " + ", ".join(sorted(needed)))
    fig = go.Figure(_forest_traces(table, highlight))
    fig.add_vline(x=truth, line={"dash": "dash", "color": _TRUTH_COLOUR, "width": 2},
                  annotation_text=f"{truth_label} ({truth:g})", annotation_position="top")
    fig.add_vline(x=0, line={"dash": "dot", "color": "#888888", "width": 1})
    style(fig, title=title, x_title=x_title, y_title="", alt=alt, height=max(320, 90 + 48 * len(table)))
    fig.update_yaxes(automargin=True)
    fig.update_layout(margin={"l": 10})
    return fig


def method_explorer(grid: pd.DataFrame, *, truths: dict[str, float], outcome_titles: dict[str, str],
                    alt: str, title: str = "How self-selection biases each design (synthetic panel)") -> go.Figure:
    """Static twin of the evaluation explorer: a slider over selection strengths; one panel per outcome.

    ``grid`` is the output of :func:`collectives.programme_evaluation.method_grid`.
    """
    outcomes = list(outcome_titles)
    strengths = sorted(grid["selection_strength"].unique())
    if not strengths:
        raise ParameterError("grid", "an empty table", "the output of method_grid")
    fig = make_subplots(rows=1, cols=len(outcomes), shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=[outcome_titles[o] for o in outcomes])
    for si, s in enumerate(strengths):
        for oi, o in enumerate(outcomes):
            t = grid[(grid["selection_strength"] == s) & (grid["outcome"] == o)]
            for tr in _forest_traces(t, visible=si == 0, showlegend=False):
                fig.add_trace(tr, row=1, col=oi + 1)
    per = len(outcomes)
    steps = [{"label": f"{s:g}", "method": "update",
              "args": [{"visible": [j // per == i for j in range(per * len(strengths))]}]}
             for i, s in enumerate(strengths)]
    for oi, o in enumerate(outcomes):
        fig.add_vline(x=truths[o], line={"dash": "dash", "color": _TRUTH_COLOUR, "width": 2}, row=1, col=oi + 1,
                      annotation_text=f"truth {truths[o]:g}", annotation_position="top")
        fig.add_vline(x=0, line={"dash": "dot", "color": "#888888", "width": 1}, row=1, col=oi + 1)
        fig.update_xaxes(title_text="Estimated effect (percentage points)", row=1, col=oi + 1)
    style(fig, title=title, x_title="Estimated effect (percentage points)", y_title="", alt=alt, height=560)
    fig.update_yaxes(automargin=True)
    fig.update_layout(
        showlegend=False, margin={"l": 10, "b": 120},
        sliders=[{"active": 0, "steps": steps, "x": 0, "len": 1, "y": -0.12, "yanchor": "top",
                  "currentvalue": {"prefix": "Selection strength: ", "font": {"size": 14}},
                  "pad": {"t": 30}}])
    return fig


def event_study_plot(es: pd.DataFrame, *, alt: str, y_title: str, start_label: str = "programme starts",
                     title: str = "Event study: before the start, the groups move in parallel") -> go.Figure:
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
             title: str = "Interrupted time series: the line before, carried forward") -> go.Figure:
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
