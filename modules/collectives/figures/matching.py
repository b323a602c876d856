"""Figure of the matching: the best-fitting cases for one participant, with their scores.

Example
-------
>>> import pandas as pd
>>> p = pd.DataFrame({"participant_id": ["P1", "P1"], "rank": [1, 2], "case_id": ["C20", "C19"],
...                   "case": ["Austerlitz Zorgt", "Zorgcoöperatie Hoogeloon"], "score": [9.0, 7.0],
...                   "reasons": ["Same sector (care)", "Same sector (care)"]})
>>> proposals_figure(p).layout.meta["alt"].startswith("For P1, Austerlitz Zorgt fits best")
True
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from collectives.errors import ParameterError
from collectives.figures import OKABE_ITO, style

__all__ = ["proposals_figure"]


def proposals_figure(proposals: pd.DataFrame, *, synthetic: bool = True) -> go.Figure:
    """Horizontal bars: the proposed cases of one participant by score, best at the top; reasons on hover."""
    if proposals.empty or proposals["participant_id"].nunique() != 1:
        raise ParameterError("proposals", f"{proposals['participant_id'].nunique()} participants",
                             "the proposals of exactly one participant (match_participants(...) for one row)")
    rows = proposals.sort_values("rank", ascending=False)
    who = str(rows["participant_id"].iloc[0])
    fig = go.Figure(go.Bar(
        x=rows["score"], y=rows["case"], orientation="h", marker_color=OKABE_ITO[1],
        text=[f"{s:g}" for s in rows["score"]], textposition="outside",
        customdata=rows["reasons"], hovertemplate="%{y}: %{x:g} points<br>%{customdata}<extra></extra>"))
    best, second = rows.iloc[-1], rows.iloc[-2] if len(rows) > 1 else None
    alt = f"For {who}, {best['case']} fits best with {best['score']:g} points"
    alt += f", ahead of {second['case']} with {second['score']:g}." if second is not None else "."
    label = " (synthetic participant)" if synthetic else ""
    style(fig, title=f"Best-fitting cases for {who}{label}", x_title="Score (points)", y_title="",
          alt=alt, height=120 + 45 * len(rows))
    fig.update_traces(cliponaxis=False)
    fig.update_xaxes(range=[0, float(rows["score"].max()) * 1.15 + 0.5])   # room for the score labels
    return fig
