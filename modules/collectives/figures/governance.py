"""Figures for deep dive 2 (governance): design-principle scores, voting outcomes, turnout,
representation, term limits and legal forms. Pure: computed results in, plotly figures out.

Example
-------
>>> from collectives.governance import score_design_principles, EXAMPLE_COLLECTIVE
>>> fig = principle_scores_chart(score_design_principles(EXAMPLE_COLLECTIVE), title="Scores",
...                              alt="Five weak spots.")
>>> fig.layout.meta["alt"]
'Five weak spots.'
"""

from __future__ import annotations

import copy
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from collectives.errors import ParameterError
from collectives.figures import DASHES, MARKERS, OKABE_ITO, style
from collectives.vocabulary import RULE_LABELS
from collectives.governance.ostrom import DesignScore

__all__ = ["gap_by_sector_chart", "legal_fit_figure", "lines_chart", "principle_scores_chart", "table_dropdown",
           "table_figure", "term_limit_figure", "turnout_chart", "turnout_view", "winners_figure", "winners_frame"]


@lru_cache(maxsize=16)
def _base_layout(height: int) -> dict:
    """The course look (:func:`collectives.figures.style`) as a plain layout dict, computed once."""
    return style(go.Figure(), title="", x_title="", y_title="", alt="-", height=height).layout.to_plotly_json()


def _merge(into: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def _figure(data: list[dict], *, title: str, x_title: str, y_title: str, alt: str, height: int,
            layout: dict | None = None, tall_reason: str | None = None) -> go.Figure:
    """A figure with the course look, built from plain dicts without plotly's per-call validation
    (which costs tens of milliseconds): fast enough for live explorers. Same look as ``style``."""
    if not alt or not alt.strip():
        raise ParameterError("alt", alt, "a sentence that says what the figure shows")
    lay = copy.deepcopy(_base_layout(height))
    _merge(lay, {"title": {"text": title}, "xaxis": {"title": {"text": x_title}},
                 "yaxis": {"title": {"text": y_title}}, "meta": {"alt": alt.strip()}})
    if tall_reason:
        lay["meta"]["tall_reason"] = tall_reason.strip()
    _merge(lay, layout or {})
    return go.Figure(data=data, layout=lay, _validate=False)

_MENU = {"direction": "down", "x": 0, "xanchor": "left", "y": 1.16, "yanchor": "top",
         "bgcolor": "#ffffff", "bordercolor": "#555555", "font": {"color": "#222222"}}


def _principle_bar(score: DesignScore, visible: bool = True) -> dict:
    t = score.table.iloc[::-1]
    weak = t["weak"].tolist()
    return {
        "type": "bar", "orientation": "h", "visible": visible, "showlegend": False,
        "x": t["points"].clip(lower=0.06).tolist(), "y": [f"{n}. {p}" for n, p in zip(t["number"], t["principle"])],
        "text": [f"{a}{' · weak spot' if w else ''}" for a, w in zip(t["answer"], weak)], "textposition": "outside",
        "marker": {"color": [OKABE_ITO[1] if w else OKABE_ITO[0] for w in weak],
                   "pattern": {"shape": ["/" if w else "" for w in weak]}, "line": {"color": "#222222", "width": 1}},
        "customdata": [[q] for q in t["question"]],
        "hovertemplate": "%{y}<br>%{customdata[0]}<br>answer: %{text}<extra></extra>"}


_PRINCIPLE_LAYOUT = {"xaxis": {"range": [0, 2.9], "tickvals": [0, 1, 2]}, "yaxis": {"automargin": True},
                     "margin": {"l": 10}}


def principle_scores_chart(score: DesignScore, *, title: str, alt: str) -> go.Figure:
    """One horizontal bar per design principle (0 = no, 1 = partly, 2 = yes); weak spots are
    hatched, orange and labelled, so they stand out without colour too."""
    return _figure([_principle_bar(score)], title=title, x_title="Points (0 = no, 1 = partly, 2 = yes)", y_title="",
                   alt=alt, height=460, layout=_PRINCIPLE_LAYOUT)


def winners_frame(comparison: pd.DataFrame) -> pd.DataFrame:
    """A compare_rules table as the explorer shows it: rule name in words, who wins (ties named)."""
    names = RULE_LABELS
    def who(row: pd.Series) -> str:
        if row["winner"] is not None and not pd.isna(row["winner"]):
            return str(row["winner"])
        if row["winners"]:
            return f"tie: {row['winners']}"
        return "none (majorities run in a cycle)"
    return pd.DataFrame({"Rule": [names.get(r, r) for r in comparison["rule"]],
                         "Winner": [who(r) for _, r in comparison.iterrows()],
                         "Note": [n or "" for n in comparison["note"]]})


def _table_trace(df: pd.DataFrame, visible: bool = True, widths: list[float] | None = None) -> dict:
    return {
        "type": "table", "visible": visible, "columnwidth": widths,
        "header": {"values": [f"<b>{c}</b>" for c in df.columns], "fill": {"color": "#e8eef5"},
                   "font": {"color": "#222222", "size": 13}, "align": "left", "line": {"color": "#888888"}},
        "cells": {"values": [df[c].astype(str).tolist() for c in df.columns], "align": "left",
                  "fill": {"color": "#ffffff"}, "font": {"color": "#222222", "size": 12}, "line": {"color": "#bbbbbb"},
                  "height": 26}}


def table_figure(df: pd.DataFrame, *, title: str, alt: str, height: int = 380,
                 widths: list[float] | None = None, tall_reason: str | None = None) -> go.Figure:
    """A table as a plotly figure (columns as given; every value shown as text)."""
    if df.empty:
        raise ParameterError("table", "an empty table", "at least one row to show")
    return _figure([_table_trace(df, widths=widths)], title=title, x_title="", y_title="", alt=alt, height=height,
                   layout={"margin": {"l": 10, "r": 10, "t": 60, "b": 10}}, tall_reason=tall_reason)


def table_dropdown(tables: dict[str, pd.DataFrame], *, title: str, alt: str, height: int = 420,
                   widths: list[float] | None = None, label: str = "Choice") -> go.Figure:
    """Static twin: one table per entry, a dropdown shows one at a time (works with no kernel)."""
    if not tables:
        raise ParameterError("tables", tables, "at least one table to show")
    names = list(tables)
    buttons = [{"label": n, "method": "update", "args": [{"visible": [j == i for j in range(len(names))]}]}
               for i, n in enumerate(names)]
    return _figure([_table_trace(tables[n], visible=i == 0, widths=widths) for i, n in enumerate(names)],
                   title=title, x_title="", y_title="", alt=alt, height=height,
                   layout={"margin": {"l": 10, "r": 10, "t": 110, "b": 10},
                           "updatemenus": [{**_MENU, "buttons": buttons, "name": label}]})


def winners_figure(profile, comparison: pd.DataFrame, *, synthetic: bool = False) -> go.Figure:  # noqa: ANN001
    """The voting explorer's figure: who wins ``profile``'s ballots under each rule (``compare_rules``);
    ``synthetic`` says in the title that the ballots are the course's invented ones."""
    frame = winners_frame(comparison)
    names = ", ".join(f"{r}: {w}" for r, w in zip(frame["Rule"], frame["Winner"]))
    kind = " synthetic" if synthetic else ""
    return table_figure(frame, title=f"Who wins {profile.n_ballots:,}{kind} ballots over {profile.n_options} options",
                        alt=f"Winners per voting rule. {names}.", widths=[1.2, 1.6, 3.2], height=360)


def legal_fit_figure(fit: pd.DataFrame) -> go.Figure:
    """The legal-form questionnaire's answer (``match_forms``): fitting forms first, with the reasons."""
    order = {"fits": 0, "not verified": 1, "does not fit": 2}
    fit = fit.sort_values("fit", key=lambda s: s.map(order), kind="stable")
    shown = fit.rename(columns={"form_en": "Form", "form_id": "Id", "fit": "Fit", "reasons": "Why"})
    fitting = ", ".join(fit.loc[fit["fit"] == "fits", "form_en"]) or "none"
    return table_figure(shown[["Form", "Id", "Fit", "Why"]], title="Which legal forms fit? (orientation, not legal advice)",
                        alt=f"Forms that fit these answers: {fitting}.", widths=[1.6, 0.8, 0.9, 4],
                        height=120 + 62 * len(shown), tall_reason="one row per legal form with its reasons, all shown "
                        "at once: a plotly table cannot be scrolled with the keyboard")


def term_limit_figure(turnover: pd.DataFrame) -> go.Figure:
    """The term-limit explorer's figure: people who have served on the board, per policy (``board_turnover``)."""
    last = turnover.groupby("policy", sort=False)["ever_served"].last()
    years = int(turnover["year"].max())
    return lines_chart(turnover, x="year", y="ever_served", color="policy", title="People who have served on the board",
                       x_title="Year", y_title="People who have served (count)",
                       alt=f"Over {years} years: " + "; ".join(f"{p}: {n} people" for p, n in last.items()) + ".")


_SCENARIOS = ("meeting", "meeting + proxies", "online voting")


def _turnout_traces(summary: pd.DataFrame, visible: bool = True) -> list[dict]:
    s = summary.set_index("scenario").reindex([x for x in _SCENARIOS if x in set(summary["scenario"])])
    measures = (("winner_differs", "Decision differs from what all members would choose", "/"),
                ("quorum_met", "Quorum met", ""))
    traces = []
    for i, (column, name, shape) in enumerate(measures):
        values = (s[column].astype(float) * 100).round(0).tolist()
        traces.append({
            "type": "bar", "x": list(s.index), "y": values, "name": name, "visible": visible,
            "text": [f"{v:.0f}%" for v in values], "textposition": "outside",
            "marker": {"color": OKABE_ITO[5 if i == 0 else 0], "pattern": {"shape": shape},
                       "line": {"color": "#222222", "width": 1}},
            "customdata": (s[["turnout"]].to_numpy() * 100).round(0).tolist(),
            "hovertemplate": "%{x}<br>" + name + ": %{y:.0f}%<br>turnout %{customdata[0]:.0f}%<extra></extra>"})
    return traces


_TURNOUT = {"x_title": "Who votes", "y_title": "Share of simulated meetings (%)"}


def turnout_chart(summary: pd.DataFrame, *, title: str, alt: str) -> go.Figure:
    """Per way of voting: how often the decision differs from all members' choice, and how often the
    quorum is met (the ``summary`` of :func:`~collectives.governance.simulate_assembly`)."""
    return _figure(_turnout_traces(summary), title=title, alt=alt, height=440, **_TURNOUT,
                   layout={"yaxis": {"range": [0, 115]}, "barmode": "group"})


def turnout_view(summary: pd.DataFrame, *, meeting_turnout: float) -> go.Figure:
    """The turnout explorer's figure, with alt text from the simulated ``summary``."""
    meeting = summary.set_index("scenario").loc["meeting"]
    return turnout_chart(summary, title="How often do those who vote decide differently? (synthetic)",
                         alt=(f"Synthetic simulation: at a meeting with {meeting_turnout:.0%} turnout the decision "
                              f"differs from all members' choice in {meeting['winner_differs']:.0%} of meetings; "
                              f"the quorum is met in {meeting['quorum_met']:.0%}."))


def lines_chart(df: pd.DataFrame, *, x: str, y: str, color: str, title: str, x_title: str, y_title: str,
                alt: str) -> go.Figure:
    """Like :func:`collectives.figures.line_chart` (one line per ``color`` value, with its own
    marker and dash), built fast enough for a live explorer."""
    data = []
    for i, (name, rows) in enumerate(df.groupby(color, sort=False, observed=True)):
        rows = rows.sort_values(x)
        data.append({"type": "scatter", "mode": "lines+markers", "name": str(name),
                     "x": rows[x].tolist(), "y": rows[y].tolist(),
                     "line": {"color": OKABE_ITO[i % len(OKABE_ITO)], "dash": DASHES[i % len(DASHES)], "width": 2.5},
                     "marker": {"symbol": MARKERS[i % len(MARKERS)], "size": 9},
                     "hovertemplate": f"{x}: %{{x}}<br>{y}: %{{y:,}}<extra>%{{fullData.name}}</extra>"})
    return _figure(data, title=title, x_title=x_title, y_title=y_title, alt=alt, height=420)


def gap_by_sector_chart(gaps: pd.DataFrame, *, title: str, alt: str) -> go.Figure:
    """One box per sector of the board-minus-members gap (percentage points), every collective a dot;
    a dashed line marks a board that mirrors its members (0)."""
    fig = go.Figure()
    order = gaps.groupby("sector", observed=True)["gap_pp"].median().sort_values().index
    for sector in order:
        rows = gaps[gaps["sector"] == sector]
        fig.add_trace(go.Box(x=rows["gap_pp"], name=str(sector).replace("_", " "), orientation="h",
                             boxpoints="all", jitter=0.4, pointpos=0, marker={"color": OKABE_ITO[0], "size": 4, "opacity": 0.6},
                             line={"color": "#222222"}, fillcolor="rgba(0,114,178,0.15)", showlegend=False,
                             hovertemplate="%{x:.0f} points<extra>%{fullData.name}</extra>"))
    fig.add_vline(x=0, line={"dash": "dash", "color": "#222222"}, annotation_text="board mirrors members",
                  annotation_position="top")
    style(fig, title=title, x_title="Women's share on the board minus among members (percentage points)",
          y_title="", alt=alt, height=460)
    fig.update_yaxes(automargin=True)
    return fig
