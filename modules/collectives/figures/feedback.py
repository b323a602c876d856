"""Figures for feedback loops: causal loop diagrams, the PDCA cycle, simulation plots.

Causal loop diagrams are drawn as plotly figures: variables as labelled boxes, links as
curved arrows whose polarity is written next to the arrowhead ("+" solid blue, "−" dashed
vermillion: never colour alone), and loops labelled R (reinforcing) or B (balancing) in
their middle. Hovering a link's midpoint reads it out as a sentence. The alt text should
name every loop and say how it works.

Example
-------
>>> nodes = {"participation": (0.2, 0.5), "trust": (0.8, 0.5)}
>>> links = [("participation", "trust", "+", 0.3), ("trust", "participation", "+", 0.3)]
>>> fig = causal_loop_diagram(nodes, links, loops=[("R1", 0.5, 0.5, "trust builds participation")],
...                           title="t", alt="A reinforcing loop.")
>>> fig.layout.meta["alt"]
'A reinforcing loop.'
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives.errors import ParameterError
from collectives.feedback import BurnoutResult, DelayResult
from collectives.figures import DASHES, MARKERS, OKABE_ITO, style

try:  # titles set after styling wrap like the ones style() sets
    from collectives.figures import TITLE_WIDTH
except ImportError:  # pragma: no cover - older shared module
    TITLE_WIDTH = 48


def _wrapped(title: str) -> str:
    return "<br>".join(textwrap.wrap(title, TITLE_WIDTH)) or title

__all__ = [
    "burnout_figure",
    "causal_loop_diagram",
    "delay_figure",
    "pdca_cycle",
    "survey_items_figure",
]

_POLARITY_STYLE = {
    "+": {"color": OKABE_ITO[0], "dash": "solid", "word": "more", "label": "+"},
    "-": {"color": "#B34700", "dash": "dash", "word": "less", "label": "−"},
    "": {"color": "#444444", "dash": "solid", "word": "", "label": ""},
}
_NODE_HALF = (0.13, 0.085)  # half width and half height of a variable's box, in axis units


def _polarity(p) -> str:
    p = {"−": "-", 1: "+", -1: "-", None: ""}.get(p, p)
    if p not in _POLARITY_STYLE:
        raise ParameterError("polarity", p, '"+", "-" or "" (no sign, for a cycle of steps)')
    return p


def _trim(p0: np.ndarray, p1: np.ndarray, half: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Move both ends of a link from the box centres to just outside the boxes."""
    d = p1 - p0
    # distance along d until the ellipse around a box is left
    scale = 1 / np.sqrt((d[0] / half[0]) ** 2 + (d[1] / half[1]) ** 2)
    return p0 + d * scale * 1.08, p1 - d * scale * 1.08


def causal_loop_diagram(
    nodes: Mapping[str, tuple[float, float]],
    links: Sequence[tuple],
    *,
    loops: Sequence[tuple[str, float, float, str]] = (),
    title: str,
    alt: str,
    height: int = 460,
    node_size: tuple[float, float] = _NODE_HALF,
) -> go.Figure:
    """Draw a causal loop diagram.

    Parameters
    ----------
    nodes : variable name → (x, y) position, both from 0 to 1. Use ``<br>`` for line breaks.
    links : (cause, effect, polarity) or (cause, effect, polarity, bend) tuples; polarity
        ``"+"``, ``"-"`` or ``""`` (a plain arrow); bend curves the arrow (0 = straight,
        positive = to the left of the direction of travel).
    loops : (label, x, y, description), e.g. ``("B1", 0.5, 0.5, "burnout limits growth")``.
    node_size : half width and half height of a variable's box in axis units (arrows stop there).
    """
    if not nodes:
        raise ParameterError("nodes", nodes, "at least one variable with its position")
    fig = go.Figure()
    annotations = []
    for i, link in enumerate(links):
        if len(link) not in (3, 4):
            raise ParameterError(f"links[{i}]", link, "(cause, effect, polarity) or (cause, effect, polarity, bend)")
        cause, effect, pol = link[:3]
        bend = link[3] if len(link) == 4 else 0.0
        for node in (cause, effect):
            if node not in nodes:
                raise ParameterError(f"links[{i}]", link, f"variables that are in nodes ({', '.join(nodes)})")
        pol = _polarity(pol)
        look = _POLARITY_STYLE[pol]
        a, b = _trim(np.asarray(nodes[cause], float), np.asarray(nodes[effect], float), node_size)
        normal = np.array([-(b - a)[1], (b - a)[0]])
        ctrl = (a + b) / 2 + bend * normal
        t = np.linspace(0, 1, 40)[:, None]
        curve = (1 - t) ** 2 * a + 2 * (1 - t) * t * ctrl + t**2 * b
        fig.add_trace(go.Scatter(x=curve[:-3, 0], y=curve[:-3, 1], mode="lines", hoverinfo="skip",
                                 line={"color": look["color"], "dash": look["dash"], "width": 2.2},
                                 showlegend=False))
        annotations.append({"x": curve[-1, 0], "y": curve[-1, 1], "ax": curve[-5, 0], "ay": curve[-5, 1],
                            "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "text": "",
                            "showarrow": True, "arrowhead": 2, "arrowsize": 1.3, "arrowwidth": 2.2,
                            "arrowcolor": look["color"]})
        plain = lambda s: s.replace("<br>", " ")  # noqa: E731
        if pol:
            # the sign sits beside the arrowhead, on the outer side of the bend
            k = 33
            tangent = curve[k + 1] - curve[k - 1]
            side = np.array([-tangent[1], tangent[0]])
            side = side / (np.linalg.norm(side) or 1) * (0.045 if bend >= 0 else -0.045)
            annotations.append({"x": curve[k, 0] - side[0], "y": curve[k, 1] - side[1], "xref": "x", "yref": "y",
                                "text": f"<b>{look['label']}</b>", "showarrow": False,
                                "font": {"size": 20, "color": look["color"]}})
            sentence = (f"{look['word'].capitalize()} {plain(effect)} when {plain(cause)} goes up "
                        f"({'+' if pol == '+' else '−'}: {'same' if pol == '+' else 'opposite'} direction)")
        else:
            sentence = f"{plain(cause)} leads to {plain(effect)}"
        mid = curve[20]
        fig.add_trace(go.Scatter(x=[mid[0]], y=[mid[1]], mode="markers", showlegend=False,
                                 marker={"size": 10, "color": "rgba(0,0,0,0)"},
                                 hovertemplate=sentence + "<extra></extra>"))
    for name, (x, y) in nodes.items():
        annotations.append({"x": x, "y": y, "xref": "x", "yref": "y", "text": name, "showarrow": False,
                            "font": {"size": 14, "color": "#111111"}, "bgcolor": "#ffffff",
                            "bordercolor": "#333333", "borderwidth": 1.5, "borderpad": 6})
    for label, x, y, description in loops:
        kind = "reinforcing" if label.upper().startswith("R") else "balancing"
        annotations.append({"x": x, "y": y, "xref": "x", "yref": "y", "showarrow": False,
                            "text": f"<b>{label}</b> ({kind})<br><i>{description}</i>",
                            "font": {"size": 13, "color": "#222222"}})
    style(fig, title=title, x_title="", y_title="", alt=alt, height=height)
    fig.update_layout(annotations=annotations, showlegend=False, hovermode="closest",
                      margin={"l": 10, "r": 10, "t": 60, "b": 10})
    fig.update_xaxes(visible=False, range=[-0.02, 1.02], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-0.02, 1.02], fixedrange=True)
    return fig


def pdca_cycle(steps: Mapping[str, str], *, title: str, alt: str, height: int = 480) -> go.Figure:
    """Plan → do → check → act as a cycle of four boxes, each with what it means in the case.

    ``steps`` maps the four step names (in order) to a short text (use ``<br>`` to break lines).
    """
    names = list(steps)
    if len(names) < 3:
        raise ParameterError("steps", steps, "at least three steps of the cycle, in order")
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(names)) / len(names)
    labels = [f"<b>{n}</b><br>{steps[n]}" for n in names]
    nodes = {lab: (0.5 + 0.3 * np.cos(a), 0.5 + 0.34 * np.sin(a)) for lab, a in zip(labels, angles)}
    links = [(labels[i], labels[(i + 1) % len(labels)], "", -0.25) for i in range(len(labels))]
    return causal_loop_diagram(nodes, links, title=title, alt=alt, height=height, node_size=(0.16, 0.15))


def _thin(result: DelayResult) -> pd.DataFrame:
    p = result.path
    step = max(1, int(round(len(p) / 150)))  # at most ~150 points a line: smaller pages, same picture
    return p.iloc[::step]


def _delay_traces(result: DelayResult, visible: bool = True) -> list[go.Scatter]:
    p = _thin(result)
    return [
        go.Scatter(x=p["month"], y=p["volunteers"], name="Volunteers (actual)", visible=visible,
                   mode="lines", line={"color": OKABE_ITO[0], "width": 3},
                   hovertemplate="month %{x:.1f}: %{y:.1f} volunteers<extra>actual</extra>"),
        go.Scatter(x=p["month"], y=p["perceived"], name="What the board sees (lagging count)", visible=visible,
                   mode="lines", line={"color": OKABE_ITO[1], "width": 2.5, "dash": "dash"},
                   hovertemplate="month %{x:.1f}: board sees %{y:.1f}<extra>lagging count</extra>"),
    ]


def _delay_title(r: DelayResult) -> str:
    if r.overshoot > 0.05:
        return (f"Delay {r.delay_months:g} months: overshoots the goal by {r.overshoot:.0f} volunteers "
                f"({r.overshoot_share:.0%} of the gap)")
    return f"Delay {r.delay_months:g} months: reaches the goal without overshooting"


def delay_figure(result: DelayResult, *, alt: str | None = None) -> go.Figure:
    """Actual and perceived volunteers over time, with the goal, for one simulation."""
    fig = go.Figure(_delay_traces(result))
    months = float(result.path["month"].iloc[-1])
    fig.add_trace(go.Scatter(x=[0, months], y=[result.goal, result.goal], name="Goal", mode="lines",
                             line={"color": "#000000", "dash": "dot", "width": 1.5}, hoverinfo="skip"))
    return style(fig, title=_delay_title(result), x_title="Month", y_title="Volunteers", alt=alt or _delay_alt(result))


def _delay_alt(result: DelayResult) -> str:
    return (f"With a reporting delay of {result.delay_months:g} months and an adjustment time of "
            f"{result.adjustment_time_months:g} months, volunteers go from {result.initial:.0f} to a peak of "
            f"{result.peak:.0f} against a goal of {result.goal:.0f}.")


def burnout_figure(results: Mapping[str, BurnoutResult], *, title: str, alt: str) -> go.Figure:
    """Volunteers over time for several starting points, with the capacity and tipping point marked."""
    if not results:
        raise ParameterError("results", results, "at least one simulation")
    fig = go.Figure()
    for i, (label, r) in enumerate(results.items()):
        p = r.path
        fig.add_trace(go.Scatter(x=p["month"], y=p["volunteers"], name=label, mode="lines+markers",
                                 line={"color": OKABE_ITO[i % len(OKABE_ITO)], "dash": DASHES[i % len(DASHES)],
                                       "width": 2.5},
                                 marker={"symbol": MARKERS[i % len(MARKERS)], "size": 7, "maxdisplayed": 12},
                                 hovertemplate="month %{x:.0f}: %{y:.1f} volunteers<extra>" + label + "</extra>"))
    first = next(iter(results.values()))
    months = float(first.path["month"].iloc[-1])
    for value, text, dash, anchor in ((first.capacity_volunteers, "capacity", "dot", "bottom"),
                                      (first.tipping_point, "tipping point", "dashdot", "top")):
        if np.isfinite(value):
            fig.add_trace(go.Scatter(x=[0, months], y=[value, value], mode="lines", showlegend=False,
                                     line={"color": "#555555", "dash": dash, "width": 1.3}, hoverinfo="skip"))
            fig.add_annotation(x=months, y=value, text=f"{text} ({value:.0f})", showarrow=False,
                               xanchor="right", yanchor=anchor, font={"size": 12, "color": "#333333"})
    return style(fig, title=title, x_title="Month", y_title="Volunteers", alt=alt)


def survey_items_figure(summary: pd.DataFrame, labels: Mapping[str, str], *, title: str, alt: str,
                        note: str = "") -> go.Figure:
    """Mean score per survey item with its 95% interval, lowest first (from ``survey_item_summary``)."""
    rows = summary.iloc[::-1]
    names = [labels.get(i, i) for i in rows["item"]]
    lowest = summary["item"].iloc[0]
    colours = [OKABE_ITO[5] if i == lowest else OKABE_ITO[0] for i in rows["item"]]
    symbols = ["diamond" if i == lowest else "circle" for i in rows["item"]]
    fig = go.Figure(go.Scatter(
        x=rows["mean"], y=names, mode="markers+text", text=[f"{m:.2f}" for m in rows["mean"]],
        textposition="top center", marker={"size": 13, "color": colours, "symbol": symbols},
        error_x={"type": "data", "symmetric": False, "array": rows["ci_high"] - rows["mean"],
                 "arrayminus": rows["mean"] - rows["ci_low"], "color": "#444444", "thickness": 1.5},
        customdata=np.column_stack([rows["share_agree"], rows["share_disagree"], rows["respondents"]]),
        hovertemplate=("%{y}: mean %{x:.2f}<br>agree (4–5): %{customdata[0]:.0%}<br>"
                       "disagree (1–2): %{customdata[1]:.0%}<br>answers: %{customdata[2]}<extra></extra>"),
        showlegend=False,
    ))
    style(fig, title=title, x_title="Mean score (1 = strongly disagree, 5 = strongly agree)" + note,
          y_title="", alt=alt, height=400)
    fig.update_xaxes(range=[1, 5])
    fig.update_layout(margin={"l": 20, "t": 90})
    fig.update_xaxes(title_font={"size": 12})
    fig.update_yaxes(automargin=True)
    return fig
