"""Figures for deep dive 1: the historical timeline, the case library, legal forms, survival curves.

Pure: data in, figure out. Every figure is styled by :func:`collectives.figures.style` (title,
axis titles, Okabe–Ito colours, alt text). The explorers that use them are declared in
:mod:`collectives.widgets.day1`.

Example
-------
>>> import pandas as pd
>>> events = pd.DataFrame({"event_id": ["T1"], "year": [1844], "year_precision": ["exact"],
...     "title": ["Rochdale"], "description": ["A shop."], "country": ["United Kingdom"],
...     "sector": ["consumer_food"], "wave": ["second"], "kind": ["founding"], "source_key": ["k"]})
>>> timeline_figure(events, title="t", alt="One event.").layout.meta["alt"]
'One event.'
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from collectives.cases import SECTOR_LABELS, WAVE_LABELS
from collectives.errors import ParameterError
from collectives.figures import DASHES, MARKERS, OKABE_ITO, style

WAVE_STYLE = {"first": (OKABE_ITO[1], "square"), "second": (OKABE_ITO[0], "circle"), "third": (OKABE_ITO[2], "diamond")}
OUTCOME_STYLE = {
    "thriving": ("#009E73", "circle"),
    "stable": ("#0072B2", "square"),
    "struggling": ("#E69F00", "diamond"),
    "failed": ("#D55E00", "x"),
    "transformed": ("#CC79A7", "triangle-up"),
}
LEGAL_FORM_PATTERN = {"cooperative": "", "association or foundation": "/", "other": "x", "none or not in sources": "."}


@lru_cache(maxsize=8)
def _base_layout(height: int) -> dict:
    """The course layout (template included) as a plain dict, computed once per height."""
    return style(go.Figure(), title="-", x_title="-", y_title="-", alt="-", height=height).to_plotly_json()["layout"]


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _assemble(traces: list[dict], *, title: str, x_title: str, y_title: str, alt: str, height: int,
              extra: dict | None = None, validate: bool = True, tall_reason: str | None = None) -> go.Figure:
    """A styled figure from plain trace dicts.

    ``validate=True`` (static twins, tests) lets plotly check every property; ``validate=False``
    (live widgets) builds the same figure from the cached course layout without plotly's slow
    property validation, so a widget answers in milliseconds.
    """
    extra = extra or {}
    if validate:
        fig = go.Figure(data=traces)
        style(fig, title=title, x_title=x_title, y_title=y_title, alt=alt, height=height, tall_reason=tall_reason)
        return fig.update_layout(extra)
    if not alt or not alt.strip():
        raise ParameterError("alt", alt, "a sentence that says what the figure shows")
    layout = _merge(_base_layout(height), {
        "title": {"text": title}, "xaxis": {"title": {"text": x_title}}, "yaxis": {"title": {"text": y_title}},
        "meta": {"alt": alt.strip(), **({"tall_reason": tall_reason.strip()} if tall_reason else {})}})
    return go.Figure(data=traces, layout=_merge(layout, extra), _validate=False)


def _px(height: int, top: int, bottom: int, above: float) -> float:
    """Paper coordinate of a point ``above`` pixels over the plot's top edge (negative: below its bottom)."""
    plot = max(height - top - bottom, 1)
    return 1 + above / plot if above >= 0 else above / plot


def _wrap(text: object, width: int = 60) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) if pd.notna(text) else ""


def _country_group(country: str) -> str:
    return country if country in ("Netherlands", "Belgium") else "elsewhere"


# ---------------------------------------------------------------------------------------------
# timeline


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts with missing values as None (plain Python is much faster than pandas here)."""
    return [{k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()}
            for row in frame.astype(object).to_dict("records")]


def _timeline_traces(events: pd.DataFrame) -> list[tuple[str, str, dict]]:
    """One marker trace per (wave, country group); returns (wave, country group, trace)."""
    records = _records(events)
    out = []
    shown: set[str] = set()
    for wave in ("first", "second", "third"):
        colour, symbol = WAVE_STYLE[wave]
        for group in ("Netherlands", "Belgium", "elsewhere"):
            rows = [r for r in records if str(r["wave"]) == wave and _country_group(r["country"]) == group]
            if not rows:
                continue
            approx = [str(r["year_precision"]) == "approximate" for r in rows]
            hover = [f"<b>{r['year']}{' (approx.)' if a else ''}: {r['title']}</b><br>{_wrap(r['description'])}"
                     f"<br>{r['country']} · source: {r['source_key']}" for r, a in zip(rows, approx)]
            out.append((wave, group, dict(
                type="scatter", x=[int(r["year"]) for r in rows], y=[SECTOR_LABELS[str(r["sector"])] for r in rows],
                mode="markers", name=WAVE_LABELS[wave], legendgroup=wave, showlegend=wave not in shown,
                marker={"color": colour, "size": 13, "line": {"color": "#222222", "width": 1},
                        "symbol": [f"{symbol}-open" if a else symbol for a in approx]},
                hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            )))
            shown.add(wave)
    return out


def timeline_figure(events: pd.DataFrame, *, title: str, alt: str, validate: bool = True) -> go.Figure:
    """Events as markers on a time axis, one lane per sector, colour and marker per wave.

    Hover a marker for the description and the source.
    """
    if events.empty:
        raise ParameterError("events", "an empty table", "at least one event")
    traces = _timeline_traces(events)
    lanes = [SECTOR_LABELS[s] for s in SECTOR_LABELS if s in set(events["sector"].astype(str))]
    height, top, bottom = 480, 70, 150
    extra = {"yaxis": {"categoryorder": "array", "categoryarray": lanes[::-1], "automargin": True},
             "xaxis": {"range": [max(1000, int(events["year"].min()) - 40), 2035], "tickangle": 0},
             "margin": {"t": top, "b": bottom, "l": 10},
             "legend": {"orientation": "v", "y": _px(height, top, bottom, -60), "yanchor": "top"}}
    return _assemble([t for _, _, t in traces], title=title, x_title="Year", y_title="", alt=alt, height=height,
                     extra=extra, validate=validate)


def timeline_view(events: pd.DataFrame, *, what: str, period: tuple[int | None, int | None]) -> go.Figure:
    """The timeline explorer's figure: the filtered events, with a title and alt text that say what is shown.

    ``what`` names the filters ("second wave, Belgium"; empty for none), ``period`` the years (None = open).
    """
    low = period[0] if period[0] is not None else int(events["year"].min())
    high = period[1] if period[1] is not None else int(events["year"].max())
    listed = "; ".join(f"{r.year} {r.title}" for r in events.head(8).itertuples())
    return timeline_figure(
        events, validate=False, title=f"{len(events)} event(s), {low}–{high}" + (f": {what}" if what else ""),
        alt=(f"{len(events)} events between {int(events['year'].min())} and {int(events['year'].max())}: {listed}"
             + ("; and more." if len(events) > 8 else ".")))


# ---------------------------------------------------------------------------------------------
# case library


def _members_text(r: dict) -> str:
    if r["members"] is None:
        return "not in sources"
    return f"{int(r['members']):,}" + (f" ({r['members_year']})" if r["members_year"] is not None else " (undated)")


def _case_traces(cases: pd.DataFrame, visible: bool = True) -> list[dict]:
    """Per outcome: a line trace (founded → end) and a marker trace at the end, with full hover."""
    records = _records(cases)
    traces = []
    for outcome, (colour, symbol) in OUTCOME_STYLE.items():
        rows = sorted((r for r in records if str(r["outcome"]) == outcome),
                      key=lambda r: (r["year_founded"] is None, r["year_founded"] or 0, r["name"]))
        if not rows:
            continue
        xs, ys = [], []
        for r in rows:
            if r["year_founded"] is not None:
                xs += [int(r["year_founded"]), int(r["end_year"]), None]
                ys += [r["name"], r["name"], None]
        marker_x = [int(r["outcome_year"] if r["year_founded"] is None and r["outcome_year"] is not None else r["end_year"])
                    for r in rows]
        hover = [
            f"<b>{r['name']}</b> ({r['place']}, {r['country']})<br>{r['sector']} · {outcome}"
            f"{' in ' + str(r['outcome_year']) if r['outcome_year'] is not None else ''}"
            f"<br>founded: {r['year_founded'] if r['year_founded'] is not None else 'not in sources'}"
            f"{' · ended ' + str(r['year_ended']) if r['year_ended'] is not None else ''}"
            f"<br>legal form: {r['legal_form'] if r['legal_form'] is not None else 'not in sources'}"
            f"<br>members: {_members_text(r)}"
            f"<br><i>Lesson:</i> {_wrap(r['lesson'])}<br>sources: {r['source_outcome']}; {r['source_activities']}"
            for r in rows
        ]
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", line={"color": colour, "width": 5}, name=outcome,
                           legendgroup=outcome, showlegend=False, hoverinfo="skip", visible=visible))
        traces.append(dict(
            type="scatter", x=marker_x, y=[r["name"] for r in rows], mode="markers", name=outcome, legendgroup=outcome,
            visible=visible, marker={"color": colour, "symbol": symbol, "size": 13, "line": {"color": "#222222", "width": 1}},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    return traces


def case_timeline(cases: pd.DataFrame, *, title: str, alt: str, validate: bool = True) -> go.Figure:
    """Each case as a bar from its founding year to its end (or today), marker = outcome.

    ``cases`` comes from :func:`collectives.cases.prepare_cases`. Cases whose founding year is
    not in the sources show only the outcome marker.
    """
    height = max(340, 200 + 26 * len(cases))
    return _assemble(_case_traces(cases), title=title, x_title="Year founded → year ended or 2025", y_title="", alt=alt,
                     height=height, validate=validate, tall_reason="one bar per case, each needs about 26 px to be read",
                     extra={"yaxis": {"autorange": "reversed", "automargin": True}, "margin": {"l": 10, "b": 130},
                            "legend": {"y": _px(height, 70, 130, -65)}})


def legal_form_chart(summary: pd.DataFrame, *, title: str, alt: str) -> go.Figure:
    """Stacked horizontal bars: cases per sector, split by family of legal form (colour + pattern)."""
    fig = go.Figure()
    for i, group in enumerate(LEGAL_FORM_PATTERN):
        rows = summary[summary["legal_form_group"].astype(str) == group]
        if rows.empty:
            continue
        fig.add_trace(go.Bar(
            y=rows["sector"].astype(str), x=rows["cases"], orientation="h", name=group,
            marker={"color": OKABE_ITO[i], "pattern": {"shape": LEGAL_FORM_PATTERN[group], "fgcolor": "#222222",
                                                       "size": 7, "solidity": 0.15},
                    "line": {"color": "#222222", "width": 1}},
            text=rows["cases"], textposition="inside", insidetextanchor="start",
            textfont={"color": "#000000" if i else "#ffffff", "size": 14},
            hovertemplate="%{y}: %{x} case(s)<extra>" + group + "</extra>"))
    style(fig, title=title, x_title="Cases in the library (count)", y_title="", alt=alt, height=430)
    fig.update_layout(barmode="stack", margin={"b": 140}, legend={"y": _px(430, 70, 140, -60)})
    fig.update_yaxes(automargin=True)
    return fig


# ---------------------------------------------------------------------------------------------
# survival


def _survival_traces(curves: pd.DataFrame, visible: bool = True) -> list[dict]:
    traces = []
    for i, (group, rows) in enumerate(curves.groupby("group", sort=False)):
        label = f"{group} ({rows['collectives'].iloc[0]} collectives, {rows['ended'].iloc[0]} ended)"
        traces.append(dict(
            type="scatter", x=rows["age"].tolist(), y=rows["survival"].tolist(), name=label, mode="lines+markers", visible=visible,
            line={"shape": "hv", "color": OKABE_ITO[i % len(OKABE_ITO)], "dash": DASHES[i % len(DASHES)], "width": 2.5},
            marker={"symbol": MARKERS[i % len(MARKERS)], "size": 8},
            customdata=rows[["at_risk", "events"]].to_numpy().tolist(),
            hovertemplate=(f"<b>{group}</b><br>age %{{x:.0f}} years: %{{y:.0%}} still active"
                           "<br>at risk: %{customdata[0]}, ended at this age: %{customdata[1]}<extra></extra>")))
    return traces


def survival_chart(curves: pd.DataFrame, *, title: str, alt: str, validate: bool = True) -> go.Figure:
    """Kaplan–Meier step curves, one per group (colour, dash and marker differ)."""
    return _assemble(_survival_traces(curves), title=title, x_title="Age of the collective (years since founding)",
                     y_title="Share still active", alt=alt, height=520, validate=validate,
                     extra={"yaxis": {"range": [0, 1.03], "tickformat": ".0%"}, "margin": {"b": 190},
                            "legend": {"orientation": "v", "y": _px(520, 70, 190, -60)}})


def survival_view(curves: pd.DataFrame, *, by: str) -> go.Figure:
    """The survival explorer's figure: the chosen curves, alt text with each group's share active at age 10."""
    from collectives.survival import survival_at

    at10 = survival_at(curves, 10)
    return survival_chart(curves, validate=False, title=f"SYNTHETIC monitor panel: survival by {by}",
                          alt="Synthetic data. Share still active at age 10 (or the last age observed): "
                              + "; ".join(f"{r.group} {r.survival:.0%}" for r in at10.itertuples()) + ".")


def case_view(cases: pd.DataFrame) -> go.Figure:
    """The case explorer's figure: the matching cases, alt text with their outcomes and names."""
    counts = cases["outcome"].astype(str).value_counts()
    return case_timeline(
        cases, validate=False, title=f"{len(cases)} case(s) match",
        alt=f"{len(cases)} cases: " + ", ".join(f"{n} {o}" for o, n in counts.items()) + ". "
            + "; ".join(f"{r.name} ({r.outcome})" for r in cases.itertuples()) + ".")


def growth_figure(data: pd.DataFrame, *, scale: str, unit: str | None = None) -> go.Figure:
    """The growth explorer's figure: one line per series (``trends.growth_view``), as an index or as reported.

    ``unit`` names the unit on the axis when every series shown has the same one.
    """
    names = list(dict.fromkeys(data["series"]))
    if scale == "index":
        y_title = "Index (first reported year = 100)"
    else:
        y_title = f"Reported value ({unit})" if unit else "Reported value (units differ per series)"
    traces, ends = [], []
    for i, name in enumerate(names):
        rows = data[data["series"] == name].sort_values("year")
        first, last = rows.iloc[0], rows.iloc[-1]
        ends.append(f"{name}: {first['shown']:,.0f} in {int(first['year'])} to {last['shown']:,.0f} in {int(last['year'])}")
        traces.append(dict(
            type="scatter", x=rows["year"].astype(int).tolist(), y=rows["shown"].round(2).tolist(), name=name,
            mode="lines+markers", line={"color": OKABE_ITO[i % len(OKABE_ITO)], "dash": DASHES[i % len(DASHES)], "width": 2.5},
            marker={"symbol": MARKERS[i % len(MARKERS)], "size": 9},
            customdata=rows[["source_key", "qualifier"]].astype(str).to_numpy().tolist(),
            hovertemplate=("<b>%{fullData.name}</b><br>%{x}: %{y:,}<br>source: %{customdata[0]}"
                           "<br>%{customdata[1]}<extra></extra>")))
    shown = "an index, first reported year = 100" if scale == "index" else "reported values"
    height, bottom = 460 + 22 * len(names), 110 + 22 * len(names)
    return _assemble(traces, title="Published figures on citizen collectives", x_title="Year", y_title=y_title,
                     alt=f"Published figures over time, as {shown}. " + "; ".join(ends) + ".", height=height,
                     validate=False, extra={"showlegend": True, "margin": {"b": bottom},
                                            "legend": {"orientation": "v", "y": _px(height, 70, bottom, -60)}})
