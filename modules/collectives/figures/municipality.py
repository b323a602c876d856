"""Figures and tables of the municipality chapter: the instrument chooser and the rule scan.

Pure: computed tables in, a styled plotly figure (with alt text) or a captioned HTML table out.
Text-heavy answers (instruments with their conditions and risks, coded statements) are tables,
which wrap and are read by screen readers as tables; the principle coverage is a figure.

Example
-------
>>> from collectives.governance import instruments as ins
>>> fit = ins.choose_instruments(ins.load_catalogue(), need="place", goal="local_ownership")
>>> "Ground lease" in instrument_fit_table(fit, situation="a cooperative asks for a roof").to_html()
True
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from pandas.io.formats.style import Styler

from collectives.errors import ParameterError
from collectives.figures import OKABE_ITO, TITLE_WIDTH
from collectives.figures.governance import _figure

__all__ = ["coverage_figure", "grammar_table", "instrument_fit_table"]


def _table(frame: pd.DataFrame, caption: str, uuid: str) -> Styler:
    """A captioned HTML table with a fixed id prefix, so that the same input gives the same HTML."""
    return (frame.style.set_uuid(uuid).set_caption(caption).hide(axis="index")
            .set_table_attributes('class="table explorer-table"'))


def instrument_fit_table(result: pd.DataFrame, *, situation: str, show_all: bool = False) -> Styler:
    """The chooser's answer as a captioned table: instruments that fit first, with why, conditions
    and risks. ``show_all`` keeps the instruments that are *not a match* (left out by default)."""
    if result.empty:
        raise ParameterError("result", "an empty table", "the output of choose_instruments")
    shown = result if show_all else result[result["fit"] != "not a match"]
    if shown.empty:
        shown = result.head(1).assign(name="(no instrument in the catalogue)", fit="not a match",
                                      why="no instrument answers this need for this goal", conditions="", risks="")
    table = pd.DataFrame({"Instrument": shown["name"], "Fit": shown["fit"], "Why": shown["why"],
                          "Conditions": shown["conditions"], "Risks": shown["risks"]})
    return _table(table, f"Instruments that fit: {situation}. Orientation, not legal advice.", "chooser")


def coverage_figure(coverage: pd.DataFrame, *, collective: str, kind: str) -> go.Figure:
    """Bars: how many coded statements speak to each of Ostrom's eight principles; principles the
    text read is silent on are drawn as a short grey marker labelled 'not found in the text read'."""
    if len(coverage) != 8:
        raise ParameterError("coverage", f"{len(coverage)} rows", "eight rows, one per Ostrom principle")
    found = coverage["statements"] > 0
    labels = [f"{n}. {p}" for n, p in zip(coverage["number"], coverage["principle"])]
    values = [float(v) if f else 0.08 for v, f in zip(coverage["statements"], found)]
    colours = [OKABE_ITO[0] if f else "#999999" for f in found]
    text = [f"{v} statement{'s' if v != 1 else ''}" if f else "not found in the text read"
            for v, f in zip(coverage["statements"], found)]
    hover = [f"{t} (articles {a})" if f else t for t, a, f in zip(text, coverage["articles"], found)]
    bar = {"type": "bar", "orientation": "h", "x": values, "y": labels, "marker": {"color": colours},
           "text": text, "textposition": "outside", "cliponaxis": False, "hoverinfo": "text",
           "hovertext": hover}
    silent = [p for p, f in zip(coverage["principle"], found) if not f]
    spoken = [p for p, f in zip(coverage["principle"], found) if f]
    alt = (f"Of Ostrom's eight principles, the {kind} of {collective} that were read speak to "
           f"{len(spoken)}: {', '.join(spoken) or 'none'}; they are silent on {', '.join(silent) or 'none'}.")
    top = max(4.0, float(coverage["statements"].max()) + 3)
    title = "<br>".join(textwrap.wrap(f"Rule scan: which design principles do the {kind} of {collective} "
                                      "speak to?", TITLE_WIDTH))
    return _figure([bar], title=title,
                   x_title="Coded statements (count)", y_title="", alt=alt, height=460,
                   layout={"yaxis": {"autorange": "reversed", "automargin": True},
                           "title": {"text": title},
                           "xaxis": {"range": [0, top], "dtick": 1}, "showlegend": False,
                           "margin": {"l": 10, "r": 30, "t": 50 + 22 * (title.count("<br>") + 1)}})


def grammar_table(table: pd.DataFrame, *, collective: str, kind: str) -> Styler:
    """The coded statements as a captioned table: A, D, I, C, O and the statement type per article."""
    if table.empty:
        raise ParameterError("table", "an empty table", "the output of rule_scan_view(..., 'grammar')")
    types = table["Type"].value_counts()
    summary = ", ".join(f"{n} {t}{'s' if n != 1 else ''}" for t, n in types.items())
    return _table(table, f"Institutional grammar of the {kind} of {collective}: {summary}.", "grammar")
