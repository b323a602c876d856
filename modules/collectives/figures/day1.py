"""Figures for deep dive 1: the historical timeline, the case library, legal forms, survival curves.

Pure: data in, figure out. Every figure is styled by :func:`collectives.figures.style` (title,
axis titles, Okabe–Ito colours, alt text). The ``*_explorer`` functions are static twins: every
choice is precomputed into the figure and switched with a menu, so they work with no kernel.

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
_MENU = {"direction": "down", "x": 0, "xanchor": "left", "y": 1.2, "yanchor": "top", "bgcolor": "#ffffff",
         "bordercolor": "#555555", "font": {"color": "#222222"}}


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
              extra: dict | None = None, validate: bool = True) -> go.Figure:
    """A styled figure from plain trace dicts.

    ``validate=True`` (static twins, tests) lets plotly check every property; ``validate=False``
    (live widgets) builds the same figure from the cached course layout without plotly's slow
    property validation, so a widget answers in milliseconds.
    """
    extra = extra or {}
    if validate:
        fig = go.Figure(data=traces)
        style(fig, title=title, x_title=x_title, y_title=y_title, alt=alt, height=height)
        return fig.update_layout(extra)
    if not alt or not alt.strip():
        raise ParameterError("alt", alt, "a sentence that says what the figure shows")
    layout = _merge(_base_layout(height), {
        "title": {"text": title}, "xaxis": {"title": {"text": x_title}}, "yaxis": {"title": {"text": y_title}},
        "meta": {"alt": alt.strip()}})
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


def timeline_figure(events: pd.DataFrame, *, title: str, alt: str, menus: bool = True, validate: bool = True) -> go.Figure:
    """Events as markers on a time axis, one lane per sector, colour and marker per wave.

    With ``menus=True`` (the static twin) a dropdown shows all events, one wave or one country
    group, and buttons zoom to a period. Hover a marker for the description and the source.
    """
    if events.empty:
        raise ParameterError("events", "an empty table", "at least one event")
    traces = _timeline_traces(events)
    lanes = [SECTOR_LABELS[s] for s in SECTOR_LABELS if s in set(events["sector"].astype(str))]
    height, top, bottom = (600, 150, 150) if menus else (480, 70, 150)
    extra = {"yaxis": {"categoryorder": "array", "categoryarray": lanes[::-1], "automargin": True},
             "xaxis": {"range": [max(1000, int(events["year"].min()) - 40), 2035], "tickangle": 0},
             "margin": {"t": top, "b": bottom, "l": 10},
             "legend": {"orientation": "v", "y": _px(height, top, bottom, -60), "yanchor": "top"}}
    fig = _assemble([t for _, _, t in traces], title=title, x_title="Year", y_title="", alt=alt, height=height,
                    extra=extra, validate=validate)
    if menus:
        options = [("All events", lambda w, g: True)]
        options += [(WAVE_LABELS[w].split(":")[0] + " only", (lambda wave: lambda w, g: w == wave)(w)) for w in WAVE_LABELS]
        options += [(f"{g} only" if g != "elsewhere" else "Other countries only", (lambda grp: lambda w, g: g == grp)(g))
                    for g in ("Netherlands", "Belgium", "elsewhere")]
        show = [{"label": label, "method": "restyle", "args": [{"visible": [keep(w, g) for w, g, _ in traces]}]}
                for label, keep in options]
        periods = [("All years", [max(1000, int(events["year"].min()) - 40), 2035]), ("Before 1800", [1150, 1810]),
                   ("1800–1990", [1790, 1995]), ("Since 1990", [1987, 2027])]
        zoom = [{"label": label, "method": "relayout", "args": [{"xaxis.range": rng}]} for label, rng in periods]
        fig.update_layout(title={"y": 0.985, "yref": "container", "yanchor": "top"}, updatemenus=[
            {**_MENU, "y": _px(height, top, bottom, 88), "buttons": show, "name": "Events shown"},
            {**_MENU, "y": _px(height, top, bottom, 44), "buttons": zoom, "type": "buttons", "direction": "right",
             "name": "Period"}])
    return fig


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
                     height=height, validate=validate,
                     extra={"yaxis": {"autorange": "reversed", "automargin": True}, "margin": {"l": 10, "b": 130},
                            "legend": {"y": _px(height, 70, 130, -65)}})


def case_explorer(options: dict[str, pd.DataFrame], *, title: str, alt: str) -> go.Figure:
    """Static twin of the case explorer: a dropdown switches between precomputed filters.

    ``options`` maps a menu label (e.g. "Sector: energy") to the cases that match it.
    """
    if not options:
        raise ParameterError("options", options, "at least one filter to show")
    fig = go.Figure()
    owner: list[int] = []
    for i, rows in enumerate(options.values()):
        traces = _case_traces(rows, visible=i == 0)
        fig.add_traces(traces)
        owner += [i] * len(traces)
    buttons = [{"label": f"{label} ({len(rows)})", "method": "restyle", "args": [{"visible": [o == i for o in owner]}]}
               for i, (label, rows) in enumerate(options.items())]
    first = next(iter(options.values()))
    height, top, bottom = 230 + 26 * len(first), 110, 130
    style(fig, title=title, x_title="Year founded → year ended or 2025", y_title="", alt=alt, height=height)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(margin={"l": 10, "t": top, "b": bottom}, legend={"y": _px(height, top, bottom, -65)},
                      updatemenus=[{**_MENU, "y": _px(height, top, bottom, 60), "buttons": buttons, "name": "Filter"}])
    return fig


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


def survival_explorer(views: dict[str, pd.DataFrame], *, title: str, alt: str) -> go.Figure:
    """Static twin: a dropdown switches between precomputed sets of curves (e.g. by sector, by cohort)."""
    if not views:
        raise ParameterError("views", views, "at least one set of curves")
    fig = go.Figure()
    owner: list[int] = []
    for i, curves in enumerate(views.values()):
        traces = _survival_traces(curves, visible=i == 0)
        fig.add_traces(traces)
        owner += [i] * len(traces)
    buttons = [{"label": label, "method": "restyle", "args": [{"visible": [o == i for o in owner]}]}
               for i, label in enumerate(views)]
    height, top, bottom = 600, 120, 200
    style(fig, title=title, x_title="Age of the collective (years since founding)",
          y_title="Share still active", alt=alt, height=height)
    fig.update_yaxes(range=[0, 1.03], tickformat=".0%")
    fig.update_layout(margin={"t": top, "b": bottom}, legend={"orientation": "v", "y": _px(height, top, bottom, -60)},
                      updatemenus=[{**_MENU, "y": _px(height, top, bottom, 60), "buttons": buttons, "name": "Curves"}])
    return fig
