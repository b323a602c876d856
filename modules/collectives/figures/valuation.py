"""Figures and tables for valuing a collective's contribution: logic model, SROI, LM3.

- :func:`logic_model` draws inputs → activities → outputs → outcomes → impact as stacked
  boxes joined by arrows (top to bottom, so it reads on a phone too).
- :func:`value_map_table` turns an SROI value map (or ``SROIResult.impacts``) into a
  readable table with units and percentages: an HTML table, which screen readers read.
- :func:`sroi_parts` and :func:`sroi_waterfall` show where an SROI ratio comes from: gross
  value, minus deadweight, displacement and attribution, plus later years after drop-off,
  minus discounting, against the investment. :func:`value_map_view` is the value-map
  explorer's figure.
- :func:`tornado` draws a sensitivity table from ``valuation.sroi_sensitivity``.
- :func:`lm3_figure` shows LM3's three rounds for one or more spending patterns.

Example
-------
>>> fig = logic_model({"Inputs": ["money"], "Activities": ["advice"]}, title="t", alt="Two steps.")
>>> fig.layout.meta["alt"]
'Two steps.'
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives.errors import ParameterError
from collectives.figures import OKABE_ITO, style

try:  # titles set after styling wrap like the ones style() sets
    from collectives.figures import TITLE_WIDTH
except ImportError:  # pragma: no cover - older shared module
    TITLE_WIDTH = 48
from collectives.valuation import LM3Result, SROIResult

__all__ = ["lm3_figure", "logic_model", "sroi_parts", "sroi_waterfall", "tornado", "value_map_table",
           "value_map_view"]


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


def logic_model(stages: Mapping[str, Sequence[str]], *, title: str, alt: str, wrap: int = 70) -> go.Figure:
    """A logic model (W.K. Kellogg Foundation 2004): one box per stage, top to bottom, with arrows.

    ``stages`` maps a stage name (e.g. "Inputs") to its items; the items are joined with
    "·" and wrapped at ``wrap`` characters.
    """
    if not stages:
        raise ParameterError("stages", stages, "at least one stage with its items")
    names = list(stages)
    n = len(names)
    ys = np.linspace(0.93, 0.07, n) if n > 1 else np.array([0.5])
    fills = ("#e6f1f8", "#fdf1dc", "#e5f5ef", "#f8e8f1", "#eeeeee")
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], mode="markers", marker={"opacity": 0}, hoverinfo="skip",
                               showlegend=False))
    annotations = []
    for i, (name, y) in enumerate(zip(names, ys)):
        items = " · ".join(stages[name])
        annotations.append({"x": 0.5, "y": y, "xref": "x", "yref": "y", "showarrow": False,
                            "text": f"<b>{i + 1}. {name}</b><br>{_wrap(items, wrap)}", "align": "center",
                            "font": {"size": 13, "color": "#111111"}, "bgcolor": fills[i % len(fills)],
                            "bordercolor": "#333333", "borderwidth": 1.2, "borderpad": 7})
        if i < n - 1:
            gap = ys[i] - ys[i + 1]
            annotations.append({"x": 0.5, "y": ys[i + 1] + gap * 0.32, "ax": 0.5, "ay": ys[i] - gap * 0.32,
                                "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "text": "",
                                "showarrow": True, "arrowhead": 2, "arrowsize": 1.4, "arrowwidth": 2.2,
                                "arrowcolor": "#333333"})
    style(fig, title=title, x_title="", y_title="", alt=alt, height=max(360, 120 * n))
    fig.update_layout(annotations=annotations, showlegend=False, margin={"l": 10, "r": 10, "t": 60, "b": 10})
    fig.update_xaxes(visible=False, range=[0, 1], fixedrange=True)
    fig.update_yaxes(visible=False, range=[0, 1], fixedrange=True)
    return fig


def value_map_table(value_map: pd.DataFrame) -> pd.DataFrame:
    """A value map (or ``SROIResult.impacts``) as a readable table: percentages, euros, units in headers.

    >>> import pandas as pd
    >>> vm = pd.DataFrame([{"stakeholder": "members", "outcome": "lower bills", "indicator": "households",
    ...     "quantity": 100, "financial_proxy_eur": 200, "deadweight": 0.5, "attribution": 0.1,
    ...     "displacement": 0.0, "drop_off": 0.2, "benefit_period_years": 3}])
    >>> value_map_table(vm).iloc[0]["Deadweight"]
    '50%'
    """
    out = pd.DataFrame({
        "Stakeholder": value_map["stakeholder"],
        "Outcome": value_map["outcome"],
        "Indicator": value_map["indicator"],
        "Quantity": value_map["quantity"].map(lambda v: f"{v:,.0f}"),
        "Financial proxy (€ per unit per year)": value_map["financial_proxy_eur"].map(lambda v: f"{v:,.0f}"),
    })
    for col, head in (("deadweight", "Deadweight"), ("displacement", "Displacement"),
                      ("attribution", "Attribution"), ("drop_off", "Drop-off per year")):
        out[head] = value_map[col].map(lambda v: f"{v:.0%}")
    out["Benefit period (years)"] = value_map["benefit_period_years"].astype(int)
    if "impact_eur" in value_map:
        out["Impact year 1 (€)"] = value_map["impact_eur"].map(lambda v: f"{v:,.0f}")
        out["Present value (€)"] = value_map["present_value_eur"].map(lambda v: f"{v:,.0f}")
    return out


def sroi_parts(result: SROIResult) -> pd.DataFrame:
    """Split an SROI present value into the steps of the calculation (euros).

    Steps: gross value in year 1 (quantity × proxy) → minus deadweight → minus displacement →
    minus attribution (= impact in year 1) → plus the later years after drop-off → minus
    discounting (= present value). The steps add up to the present value.

    >>> import pandas as pd
    >>> from collectives.valuation import sroi
    >>> vm = pd.DataFrame([{"stakeholder": "m", "outcome": "o", "indicator": "i", "quantity": 10,
    ...     "financial_proxy_eur": 100, "deadweight": 0.5, "attribution": 0.0, "displacement": 0.0,
    ...     "drop_off": 0.0, "benefit_period_years": 1}])
    >>> parts = sroi_parts(sroi(vm, 100, 0.0))
    >>> parts["amount_eur"].iloc[:2].tolist(), float(parts["amount_eur"].sum())
    ([1000.0, -500.0], 500.0)
    """
    vm = result.impacts
    gross = vm["quantity"] * vm["financial_proxy_eur"]
    dw = gross * vm["deadweight"]
    after_dw = gross - dw
    disp = after_dw * vm["displacement"]
    after_disp = after_dw - disp
    attr = after_disp * vm["attribution"]
    undiscounted = float(result.by_year["value_eur"].sum())
    later = undiscounted - result.impact_year1
    discounting = result.present_value - undiscounted
    steps = [("Gross value, year 1 (quantity × proxy)", float(gross.sum())),
             ("− deadweight (would have happened anyway)", -float(dw.sum())),
             ("− displacement (moved, not added)", -float(disp.sum())),
             ("− attribution (others' share)", -float(attr.sum())),
             ("+ later years, after drop-off", float(later)),
             ("− discounting", float(discounting))]
    return pd.DataFrame(steps, columns=["step", "amount_eur"])


def _waterfall_data(result: SROIResult) -> tuple[list[str], list[str], list[float], list[str]]:
    parts = sroi_parts(result)
    labels = ["Gross<br>value", "Dead-<br>weight", "Displace-<br>ment", "Attri-<br>bution", "Later<br>years",
              "Discount-<br>ing", "Present<br>value", "Invest-<br>ment"]
    measures = ["absolute"] + ["relative"] * (len(parts) - 1) + ["total", "absolute"]
    values = list(parts["amount_eur"]) + [result.present_value, result.investment]
    text = [f"{'−' if v < -0.5 else ''}€{abs(v):,.0f}" for v in values]
    return labels, measures, values, text


def _waterfall_trace(result: SROIResult, visible: bool = True) -> list[go.BaseTraceType]:
    labels, measures, values, text = _waterfall_data(result)
    return [go.Waterfall(
        x=labels, y=values, measure=measures, text=text, textposition="outside", visible=visible,
        connector={"line": {"color": "#777777", "dash": "dot"}},
        increasing={"marker": {"color": OKABE_ITO[2]}}, decreasing={"marker": {"color": OKABE_ITO[5]}},
        totals={"marker": {"color": OKABE_ITO[0]}}, showlegend=False, cliponaxis=False,
        hovertemplate="%{x}: €%{y:,.0f}<extra></extra>",
    )]


def _ratio_title(result: SROIResult, prefix: str = "") -> str:
    return (f"{prefix}SROI ratio {result.ratio:.2f} : 1 — present value €{result.present_value:,.0f} "
            f"÷ investment €{result.investment:,.0f}")


def sroi_waterfall(result: SROIResult, *, alt: str, title: str | None = None) -> go.Figure:
    """Waterfall from gross value to present value, next to the investment; the ratio in the title."""
    fig = go.Figure(_waterfall_trace(result))
    style(fig, title=title or _ratio_title(result), x_title="", y_title="Euros", alt=alt, height=480)
    fig.update_layout(margin={"t": 80, "b": 110})
    fig.update_xaxes(tickangle=0, tickfont={"size": 11})
    return fig


def value_map_view(result: SROIResult) -> go.Figure:
    """The value-map explorer's figure: the waterfall of :func:`sroi_waterfall`, built without plotly's
    validation (an explorer redraws on every change), with alt text that gives every step."""
    from collectives.figures.kpi import fast_figure

    parts = sroi_parts(result)
    steps = "; ".join(f"{s} €{v:,.0f}" for s, v in zip(parts["step"], parts["amount_eur"]))
    labels, measures, values, text = _waterfall_data(result)
    trace = {"type": "waterfall", "x": labels, "y": [float(v) for v in values], "measure": measures, "text": text,
             "textposition": "outside", "connector": {"line": {"color": "#777777", "dash": "dot"}},
             "increasing": {"marker": {"color": OKABE_ITO[2]}}, "decreasing": {"marker": {"color": OKABE_ITO[5]}},
             "totals": {"marker": {"color": OKABE_ITO[0]}}, "showlegend": False, "cliponaxis": False,
             "hovertemplate": "%{x}: €%{y:,.0f}<extra></extra>"}
    return fast_figure([trace], {"margin": {"t": 80, "b": 110}, "xaxis": {"tickangle": 0, "tickfont": {"size": 11}},
                                 "yaxis": {"title": {"text": "Euros"}}},
                       title=_ratio_title(result), height=480,
                       alt=(f"SROI ratio {result.ratio:.2f} to 1. {steps}; present value €{result.present_value:,.0f} "
                            f"against an investment of €{result.investment:,.0f}."))


_TORNADO_NAMES = {
    "deadweight": "Deadweight", "attribution": "Attribution", "displacement": "Displacement",
    "drop_off": "Drop-off", "quantity": "Quantities", "financial_proxy_eur": "Financial proxies",
    "benefit_period_years": "Benefit periods", "discount_rate": "Discount rate", "investment": "Investment",
}


def _switching_text(row) -> str:
    v = row["switching_value"]
    if not np.isfinite(v):
        return "never reaches 1 : 1 in range"
    name = row["assumption"]
    if name in ("deadweight", "attribution", "displacement", "drop_off"):
        return f"1 : 1 at {v:.0%}"
    if name in ("quantity", "financial_proxy_eur"):
        return f"1 : 1 if {1 - v:.0%} lower"
    if name == "benefit_period_years":
        return f"1 : 1 if capped at {v:.0f} year(s)"
    if name == "discount_rate":
        return f"1 : 1 at {v:.1%}"
    return f"1 : 1 at €{v:,.0f}"


def tornado(table: pd.DataFrame, *, title: str, alt: str) -> go.Figure:
    """Tornado chart of ``sroi_sensitivity``: the ratio at each assumption's low and high setting.

    Bars start at the base ratio; the largest swing is on top. Each row's label carries the
    switching value (where the ratio would fall to 1 : 1).
    """
    need = {"assumption", "ratio_low", "ratio_high", "base_ratio", "switching_value", "low_setting", "high_setting"}
    if not need <= set(table.columns):
        raise ParameterError("table", list(table.columns), "the table from valuation.sroi_sensitivity")
    t = table.iloc[::-1]
    base = float(t["base_ratio"].iloc[0])
    names = [f"{_TORNADO_NAMES.get(a, a)}<br><span style='font-size:11px'>{_switching_text(r)}</span>"
             for a, (_, r) in zip(t["assumption"], t.iterrows())]
    fig = go.Figure()
    for col, setting, label, colour, pattern in (
            ("ratio_low", "low_setting", "Assumption lower", OKABE_ITO[4], ""),
            ("ratio_high", "high_setting", "Assumption higher", OKABE_ITO[1], "/")):
        fig.add_trace(go.Bar(
            y=names, x=t[col] - base, base=base, orientation="h", name=label,
            marker={"color": colour, "pattern": {"shape": pattern}, "line": {"color": "#333333", "width": 1}},
            customdata=np.column_stack([t[setting].astype(str), t[col]]),
            hovertemplate="%{customdata[0]} → ratio %{customdata[1]:.2f}<extra>" + label + "</extra>",
        ))
    fig.add_vline(x=base, line={"color": "#000000", "width": 1.5},
                  annotation={"text": f"base {base:.2f}", "font": {"size": 12}}, annotation_position="top")
    fig.add_vline(x=1, line={"color": "#B34700", "width": 1.5, "dash": "dash"},
                  annotation={"text": "1 : 1", "font": {"size": 12, "color": "#8a3600"}},
                  annotation_position="top right")
    style(fig, title=title, x_title="SROI ratio (€ of social value per € invested)", y_title="", alt=alt,
          height=120 + 48 * len(t))
    fig.update_layout(barmode="overlay", margin={"l": 10})
    fig.update_yaxes(automargin=True)
    return fig


def lm3_figure(results: Mapping[str, LM3Result], *, title: str, alt: str) -> go.Figure:
    """LM3's three rounds as stacked bars, one bar per spending pattern, with the LM3 score on top."""
    if not results:
        raise ParameterError("results", results, "at least one LM3 result")
    labels = list(results)
    fig = go.Figure()
    rounds = (("round1", "Round 1: income", OKABE_ITO[0], ""),
              ("round2", "Round 2: spent locally", OKABE_ITO[2], "/"),
              ("round3", "Round 3: re-spent locally by recipients", OKABE_ITO[1], "."))
    for attr, name, colour, pattern in rounds:
        values = [getattr(results[k], attr) for k in labels]
        fig.add_trace(go.Bar(x=labels, y=values, name=name, text=[f"€{v:,.0f}" for v in values],
                             textposition="inside", insidetextanchor="middle",
                             marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "#ffffff"},
                                     "line": {"color": "#333333", "width": 1}},
                             textfont={"color": "#000000" if attr != "round1" else "#ffffff"},
                             hovertemplate="%{x}<br>" + name + ": €%{y:,.0f}<extra></extra>"))
    for k in labels:
        r = results[k]
        fig.add_annotation(x=k, y=r.round1 + r.round2 + r.round3, text=f"<b>LM3 = {r.ratio:.2f}</b>",
                           showarrow=False, yanchor="bottom", font={"size": 14, "color": "#111111"})
    style(fig, title=title, x_title="", y_title="Euros", alt=alt, height=460)
    fig.update_layout(barmode="stack", margin={"t": 90})
    return fig
