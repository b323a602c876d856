"""Figures for deep dive 3 (engagement): stakeholder maps, networks, reach, opinion maps, choices.

Pure: computed results in, a styled plotly figure out. Every figure's alt text is built from
the numbers it shows, so it cannot go stale; ``title`` says whether the data are synthetic.

Example
-------
>>> from collectives.engagement import classify
>>> from collectives.synthetic import stakeholder_register
>>> fig = power_interest_figure(classify(stakeholder_register()), title="Synthetic register")
>>> "manage closely" in fig.layout.meta["alt"]
True
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives.figures import DASHES, MARKERS, OKABE_ITO, style

SALIENCE_ORDER = ("definitive", "dominant", "dangerous", "dependent", "dormant", "discretionary", "demanding",
                  "non-stakeholder")
_CLASS_COLOUR = {"definitive": OKABE_ITO[5], "expectant": OKABE_ITO[0], "latent": OKABE_ITO[2], "none": "#777777"}
_CLASS_SYMBOL = {"definitive": "star", "expectant": "diamond", "latent": "circle", "none": "x"}


def _jitter(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Spread stakeholders that share a (power, interest) cell around the cell's centre."""
    x, y = table["interest"].astype(float).to_numpy().copy(), table["power"].astype(float).to_numpy().copy()
    for _, idx in table.groupby(["interest", "power"]).groups.items():
        pos = table.index.get_indexer(idx)
        n = len(pos)
        for k, p in enumerate(pos):
            angle = 2 * np.pi * k / n
            r = 0.22 if n > 1 else 0
            x[p] += r * np.cos(angle)
            y[p] += r * np.sin(angle)
    return x, y


def _grid_background(fig: go.Figure, row=None, col=None) -> None:
    kw = {} if row is None else {"row": row, "col": col}
    for x0, x1, y0, y1, label in ((3.5, 5.5, 3.5, 5.5, "manage closely"), (0.5, 3.5, 3.5, 5.5, "keep satisfied"),
                                  (3.5, 5.5, 0.5, 3.5, "keep informed"), (0.5, 3.5, 0.5, 3.5, "monitor")):
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line={"color": "#bbbbbb", "width": 1},
                      fillcolor="rgba(0,0,0,0)", layer="below", **kw)
        fig.add_annotation(x=(x0 + x1) / 2, y=y1 - 0.12, text=f"<i>{label}</i>", showarrow=False,
                           font={"size": 12, "color": "#555"}, **kw)


def power_interest_figure(classified: pd.DataFrame, *, title: str) -> go.Figure:
    """Mendelow's grid: interest across, power up; marker colour and shape = salience class."""
    table = classified.reset_index(drop=True)
    x, y = _jitter(table)
    fig = go.Figure()
    _grid_background(fig)
    for cls in ("definitive", "expectant", "latent", "none"):
        rows = table["salience_class"] == cls
        if not rows.any():
            continue
        fig.add_trace(go.Scatter(
            x=x[rows], y=y[rows], mode="markers", name=f"{cls} stakeholders" if cls != "none" else "non-stakeholders",
            marker={"size": 13, "color": _CLASS_COLOUR[cls], "symbol": _CLASS_SYMBOL[cls], "line": {"width": 1, "color": "#222"}},
            customdata=table.loc[rows, ["stakeholder", "salience", "iap2"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]} → %{customdata[2]}<extra></extra>"))
    counts = table["mendelow"].value_counts()
    alt = ("Power–interest grid of {n} stakeholders: ".format(n=len(table)) +
           "; ".join(f"{counts.get(q, 0)} to {q}" for q in ("manage closely", "keep satisfied", "keep informed", "monitor")) +
           ". Definitive stakeholders: " + (", ".join(table.loc[table["salience"] == "definitive", "stakeholder"]) or "none") + ".")
    fig.update_xaxes(range=[0.5, 5.5], dtick=1)
    fig.update_yaxes(range=[0.5, 5.5], dtick=1, scaleanchor=None)
    return style(fig, title=title, x_title="Interest in the project (score 1–5)", y_title="Power over the project (score 1–5)",
                 alt=alt, height=520)


def salience_figure(classified: pd.DataFrame, *, title: str) -> go.Figure:
    """The salience Venn diagram (power, legitimacy, urgency) with each stakeholder in its region."""
    centres = {"power": (0.0, 0.6), "legitimacy": (-0.55, -0.35), "urgency": (0.55, -0.35)}
    label_at = {"power": (0.0, 1.75), "legitimacy": (-1.75, -1.45), "urgency": (1.75, -1.45)}
    region = {"dormant": (0, 1.2), "discretionary": (-1.0, -0.65), "demanding": (1.0, -0.65), "dominant": (-0.62, 0.45),
              "dangerous": (0.62, 0.45), "dependent": (0, -0.8), "definitive": (0, 0.02), "non-stakeholder": (1.75, 1.45)}
    fig = go.Figure()
    for (name, (cx, cy)), colour in zip(centres.items(), (OKABE_ITO[0], OKABE_ITO[2], OKABE_ITO[5])):
        fig.add_shape(type="circle", x0=cx - 1, x1=cx + 1, y0=cy - 1, y1=cy + 1, line={"color": colour, "width": 2},
                      fillcolor="rgba(0,0,0,0)")
        lx, ly = label_at[name]
        fig.add_annotation(x=lx, y=ly, text=f"<b>{name}</b>", showarrow=False, font={"color": colour, "size": 15})
    table = classified.reset_index(drop=True)
    texts, xs, ys, hovers = [], [], [], []
    for kind in SALIENCE_ORDER:
        names = table.loc[table["salience"] == kind, "stakeholder"].tolist()
        rx, ry = region[kind]
        shown = [n if len(n) <= 24 else n[:23] + "…" for n in names[:2]]
        more = f"<br>+ {len(names) - 2} more" if len(names) > 2 else ""
        texts.append(f"<b>{kind} ({len(names)})</b>" + ("<br>" + "<br>".join(shown) if shown else "") + more)
        hovers.append(f"{kind}: " + (", ".join(names) or "none"))
        xs.append(rx)
        ys.append(ry)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="text", text=texts, textfont={"size": 11}, hovertext=hovers,
                             hoverinfo="text", showlegend=False))
    fig.update_xaxes(visible=False, range=[-2.5, 2.5])
    fig.update_yaxes(visible=False, range=[-1.7, 1.95])
    counts = table["salience"].value_counts()
    alt = ("Three overlapping circles for power, legitimacy and urgency, with the number of stakeholders in each "
           "region. " + "; ".join(f"{kind}: " + (", ".join(table.loc[table['salience'] == kind, 'stakeholder']) or "none")
                                   for kind in SALIENCE_ORDER) + ".")
    return style(fig, title=title, x_title="", y_title="", alt=alt, height=520)


def phases_figure(wide: pd.DataFrame, *, title: str) -> go.Figure:
    """Salience type of each stakeholder (rows) in each project phase (columns), as a labelled grid."""
    from collectives.engagement.stakeholders import SALIENCE_CLASS
    fig = go.Figure()
    phases, people = list(wide.columns), list(wide.index)
    for cls in ("definitive", "expectant", "latent", "none"):
        xs, ys, ts = [], [], []
        for p in people:
            for ph in phases:
                if SALIENCE_CLASS[wide.loc[p, ph]] == cls:
                    xs.append(ph)
                    ys.append(p)
                    ts.append(wide.loc[p, ph])
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers+text", text=ts, textposition="bottom center",
                                     name=f"{cls}" if cls != "none" else "non-stakeholder",
                                     marker={"size": 16, "color": _CLASS_COLOUR[cls], "symbol": _CLASS_SYMBOL[cls]},
                                     hovertemplate="%{y}, %{x}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=people)
    alt = " ".join(f"{p}: " + " → ".join(wide.loc[p, ph] for ph in phases) + "." for p in people)
    return style(fig, title=title, x_title="Project phase", y_title="", alt=alt, height=460)


def stakeholder_view_figure(view: Mapping, **_: object) -> go.Figure:
    """The stakeholder explorer's figure: the changed stakeholder on the grid, with its type and level."""
    fig = go.Figure()
    _grid_background(fig)
    reg = view.get("register")
    if reg is not None:
        x, y = _jitter(reg.reset_index(drop=True))
        fig.add_trace(go.Scatter(x=x, y=y, mode="markers", name="the register (synthetic)",
                                 marker={"size": 9, "color": "#bbbbbb", "symbol": "circle"},
                                 text=reg["stakeholder"], hovertemplate="%{text}<extra></extra>"))
    cls = view["salience_class"]
    fig.add_trace(go.Scatter(x=[view["interest"]], y=[view["power"]], mode="markers", name=view["name"],
                             marker={"size": 22, "color": _CLASS_COLOUR[cls], "symbol": _CLASS_SYMBOL[cls],
                                     "line": {"width": 2, "color": "#000"}}))
    fig.add_annotation(x=0.02, y=0.02, xref="paper", yref="paper", xanchor="left", yanchor="bottom", showarrow=False,
                       align="left", bgcolor="rgba(255,255,255,0.9)", bordercolor="#444",
                       text=f"<b>{view['salience']}</b> ({cls}) · Mendelow: {view['mendelow']}<br>"
                            f"IAP2 level: <b>{view['iap2']}</b>")
    fig.update_xaxes(range=[0.5, 5.5], dtick=1)
    fig.update_yaxes(range=[0.5, 5.5], dtick=1)
    flags = ", ".join(f"{a} {'yes' if view[a] else 'no'}" for a in ("legitimacy", "urgency"))
    alt = (f"{view['name']} with power {view['power']}, interest {view['interest']}, {flags}: a {view['salience']} "
           f"stakeholder, Mendelow '{view['mendelow']}', proposed IAP2 level '{view['iap2']}' because {view['reason']}.")
    among = " (among the synthetic register)" if reg is not None else ""
    return style(fig, title=f"{view['name']}: {view['salience']} → {view['iap2']}{among}",
                 x_title="Interest in the project (score 1–5)", y_title="Power over the project (score 1–5)", alt=alt, height=460)


def network_figure(graph: nx.Graph, *, title: str, highlight: list | None = None, seed: int = 7) -> go.Figure:
    """The network drawn with a seeded spring layout; groups by colour and marker; ``highlight``
    (e.g. brokers) drawn large with a black ring."""
    pos = nx.spring_layout(graph, seed=seed, k=0.35)
    ex, ey = [], []
    for a, b in graph.edges:
        ex += [pos[a][0], pos[b][0], None]
        ey += [pos[a][1], pos[b][1], None]
    fig = go.Figure(go.Scatter(x=ex, y=ey, mode="lines", line={"color": "#cccccc", "width": 1}, hoverinfo="skip",
                               showlegend=False))
    groups = list(dict.fromkeys(graph.nodes[n].get("group", "") for n in graph.nodes))
    highlight = list(highlight or [])
    for i, g in enumerate(groups):
        nodes = [n for n in graph.nodes if graph.nodes[n].get("group", "") == g]
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers", name=g or "people",
            marker={"size": [18 if n in highlight else 10 for n in nodes], "color": OKABE_ITO[i % 8],
                    "symbol": MARKERS[i % 8], "line": {"width": [3 if n in highlight else 0.5 for n in nodes], "color": "#000"}},
            text=[f"{n} ({g}), {graph.degree(n)} contacts" + (" — broker" if n in highlight else "") for n in nodes],
            hovertemplate="%{text}<extra></extra>"))
    for n in highlight:
        fig.add_annotation(x=pos[n][0], y=pos[n][1], text=f"<b>{n}</b>", showarrow=False, yshift=16)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    comps = nx.number_connected_components(graph)
    alt = (f"A network of {graph.number_of_nodes()} people and {graph.number_of_edges()} ties in {len(groups)} groups "
           f"({', '.join(groups)}), in {comps} separate part{'s' if comps != 1 else ''}. "
           + (f"Highlighted: {', '.join(map(str, highlight))}, who hold the ties between groups." if highlight else ""))
    return style(fig, title=title, x_title="", y_title="", alt=alt, height=520)


def reach_figure(view: Mapping, **_: object) -> go.Figure:
    """The reach explorer's figure: people informed per step (mean and 10–90% band) and the
    share of each group informed at the end."""
    curve, groups = view["curve"], view["groups"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=list(curve["step"]) + list(curve["step"][::-1]), y=list(curve["high"]) + list(curve["low"][::-1]),
                             fill="toself", fillcolor="rgba(0,114,178,0.15)", line={"width": 0}, mode="lines",
                             name="10–90% of runs", hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=curve["step"], y=curve["informed"], mode="lines+markers", name="expected (mean of runs)",
                             line={"color": OKABE_ITO[0], "width": 3}))
    fig.add_trace(go.Bar(x=groups["share informed"] * 100, y=groups["group"], orientation="h", name="share of group informed",
                         marker={"color": OKABE_ITO[1]}, text=[f"{v:.0%}" for v in groups["share informed"]],
                         textposition="outside", textangle=0, cliponaxis=False, xaxis="x2", yaxis="y2"))
    told = ", ".join(view["first_told"]) if view["first_told"] else ("people drawn at random" if view["strategy"] == "random" else "nobody")
    ch = " + ".join(view["channels"]) or "no channel"
    worst = groups.loc[groups["share informed"].idxmin()]
    alt = (f"Telling {told} first ({view['strategy']}) with {ch}: about {curve['informed'].iloc[-1]:.0f} of {view['people']} "
           f"people informed after {int(curve['step'].iloc[-1])} steps. Least reached: {worst['group']} "
           f"({worst['share informed']:.0%}).")
    fig = style(fig, title=f"Synthetic network: {view['strategy']}, {ch}",
                x_title="Step (each step: contacts pass it on once)", y_title=f"People informed (of {view['people']})",
                alt=alt, height=430)
    fig.update_layout(xaxis={"domain": [0, 0.5]}, yaxis={"range": [0, view["people"]]},
                      xaxis2={"domain": [0.72, 1], "anchor": "y2", "range": [0, 118], "tickvals": [0, 50, 100],
                              "title": {"text": "Group informed (%)"}},
                      yaxis2={"anchor": "x2", "autorange": "reversed", "automargin": True})
    return fig


def strategies_figure(curves: Mapping[str, pd.DataFrame], *, title: str, people: int) -> go.Figure:
    """Reach over time for several choices of whom to tell first."""
    fig = go.Figure()
    for i, (name, c) in enumerate(curves.items()):
        fig.add_trace(go.Scatter(x=c["step"], y=c["informed"], name=name, mode="lines+markers",
                                 line={"color": OKABE_ITO[i], "dash": DASHES[i], "width": 2.5},
                                 marker={"symbol": MARKERS[i], "size": 8}))
    fig.update_yaxes(range=[0, people])
    alt = "; ".join(f"{n}: {c['informed'].iloc[-1]:.0f} of {people} people informed at the end" for n, c in curves.items()) + "."
    return style(fig, title=title, x_title="Step", y_title=f"People informed (of {people})", alt=alt)


def channel_heatmap(table: pd.DataFrame, *, title: str) -> go.Figure:
    """Groups × channels: reach of a group relative to the channel's overall reach (1 = in proportion)."""
    table = table.assign(row=table["attribute"].str.replace("_", " ") + ": " + table["value"])
    wide = table.pivot_table(index="row", columns="channel", values="ratio", sort=False)
    fig = go.Figure(go.Heatmap(z=wide.to_numpy(), x=list(wide.columns), y=list(wide.index), zmin=0, zmax=2, zmid=1,
                               colorscale=[[0, "#D55E00"], [0.5, "#f7f7f7"], [1, "#0072B2"]],
                               text=np.round(wide.to_numpy(), 2), texttemplate="%{text}",
                               colorbar={"title": "reach ratio"},
                               hovertemplate="%{y}<br>%{x}: %{z:.2f} × the average<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    worst = table.loc[table.groupby("channel")["ratio"].idxmin()]
    alt = ("Reach of each group relative to the channel's average (1 = in proportion). Worst-reached group per channel: " +
           "; ".join(f"{r.channel}: {r.row} ({r.ratio:.2f})" for r in worst.itertuples()) + ".")
    return style(fig, title=title, x_title="Channel", y_title="Group of residents", alt=alt, height=620)


def opinion_map_figure(result, *, title: str, names: Mapping[int, str] | None = None) -> go.Figure:
    """Participants on the two principal components, coloured and shaped by opinion group."""
    coords = result.coordinates
    fig = go.Figure()
    for i, g in enumerate(sorted(coords["group"].unique())):
        rows = coords[coords["group"] == g]
        label = f"group {g}" + (f" ({names[g]})" if names and g in names else "") + f": {len(rows)}"
        fig.add_trace(go.Scatter(x=rows["x"], y=rows["y"], mode="markers", name=label,
                                 marker={"color": OKABE_ITO[i % 8], "symbol": MARKERS[i % 8], "size": 7, "opacity": 0.8},
                                 hovertemplate=f"group {g}<extra></extra>"))
    sil = result.silhouette
    alt = (f"Opinion map of {len(coords)} participants: {result.k} groups of " +
           ", ".join(str(int((coords['group'] == g).sum())) for g in sorted(coords['group'].unique())) +
           f" people, chosen by silhouette ({sil.max():.2f} for k = {int(sil.idxmax())}). The two axes explain "
           f"{result.explained_variance[0]:.0%} and {result.explained_variance[1]:.0%} of the variation in votes.")
    return style(fig, title=title, x_title="First principal component (votes, scaled)",
                 y_title="Second principal component (votes, scaled)", alt=alt, height=480)


def agreement_figure(result, statements: list, *, title: str, texts: Mapping[str, str] | None = None) -> go.Figure:
    """Agree rate of each group on chosen statements (consensus ones agree everywhere)."""
    stats = result.statistics[result.statistics["statement"].isin(statements)]
    fig = go.Figure()
    for i, (g, rows) in enumerate(stats.groupby("group")):
        rows = rows.set_index("statement").loc[statements]
        labels = [f"{s}: {texts[s][:45]}…" if texts and s in texts else s for s in statements]
        fig.add_trace(go.Bar(y=labels, x=rows["agree_rate"] * 100, orientation="h", name=f"group {g}",
                             marker={"color": OKABE_ITO[i % 8], "pattern": {"shape": ["", "/", "."][i % 3]}}))
    fig.update_xaxes(range=[0, 100])
    fig.update_yaxes(autorange="reversed")
    low = stats.groupby("statement")["agree_rate"].min().loc[statements]
    alt = "Lowest agree rate over the groups: " + "; ".join(f"{s} {v:.0%}" for s, v in low.items()) + "."
    return style(fig, title=title, x_title="Agree rate in the group, (agrees + 1) / (votes + 2) (%)", y_title="",
                 alt=alt, height=120 + 60 * len(statements))


def wtp_figure(wtp: pd.DataFrame, *, title: str, truth: Mapping[str, float] | None = None) -> go.Figure:
    """Willingness to pay per attribute with its confidence interval (and the planted value)."""
    rows = wtp.drop(index=[i for i in ("join",) if i in wtp.index])
    fig = go.Figure(go.Scatter(x=rows["wtp_eur"], y=rows.index, mode="markers", name="estimate with 95% interval",
                               error_x={"type": "data", "symmetric": False, "array": rows["high"] - rows["wtp_eur"],
                                        "arrayminus": rows["wtp_eur"] - rows["low"]},
                               marker={"size": 11, "color": OKABE_ITO[0]}))
    if truth:
        keys = [k for k in rows.index if k in truth]
        fig.add_trace(go.Scatter(x=[truth[k] for k in keys], y=keys, mode="markers", name="planted value",
                                 marker={"symbol": "x", "size": 12, "color": OKABE_ITO[5]}))
    fig.add_vline(x=0, line={"color": "#888", "width": 1})
    alt = "; ".join(f"{a}: {r.wtp_eur:.0f} euro (95% interval {r.low:.0f} to {r.high:.0f})" for a, r in rows.iterrows()) + "."
    return style(fig, title=title, x_title="Willingness to pay (euro of share price)", y_title="", alt=alt, height=360)


def sample_size_figure(table: pd.DataFrame, *, title: str, truth: float | None = None) -> go.Figure:
    """Median estimate and the 5–95% range across simulated samples, by number of respondents."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=table["respondents"], y=table["median_wtp_eur"], mode="lines+markers", name="median estimate",
                             error_y={"type": "data", "symmetric": False, "array": table["p95"] - table["median_wtp_eur"],
                                      "arrayminus": table["median_wtp_eur"] - table["p5"]},
                             line={"color": OKABE_ITO[0], "width": 2.5}))
    if truth is not None:
        fig.add_hline(y=truth, line={"color": OKABE_ITO[5], "dash": "dash"}, annotation_text="planted value")
    fig.update_xaxes(type="log", tickvals=list(table["respondents"]))
    alt = "; ".join(f"{int(r.respondents)} respondents: 90% of estimates between {r.p5:.0f} and {r.p95:.0f} euro"
                    for r in table.itertuples()) + "."
    return style(fig, title=title, x_title="Respondents (log scale)", y_title="Willingness to pay for a vote (euro)", alt=alt)
