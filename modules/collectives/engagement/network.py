"""Who talks to whom: centrality, brokers (Burt's constraint) and who is cut off.

A collective's communication network is a list of ties (two people who talk about the
collective). Computations use networkx: **degree** (how many people someone talks to),
**betweenness** (how often someone sits on the shortest path between two others), **Burt's
constraint** (low when a person's contacts are not tied to each other: a *broker* across a
structural hole; Burt 1992) and **components** (groups with no path between them).

Example
-------
>>> import pandas as pd
>>> ties = pd.DataFrame({"source": ["A", "B", "C", "C", "D", "E"], "target": ["B", "C", "A", "D", "E", "C"]})
>>> brokers(network_graph(ties), k=1)    # two triangles that meet only in C
['C']
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from collectives.errors import DataError, ParameterError, Problem


def network_graph(ties: pd.DataFrame, source: str = "source", target: str = "target",
                  groups: dict[str, str] | None = None) -> nx.Graph:
    """An undirected graph from a tie list, after checking it.

    Raises :class:`~collectives.errors.DataError` for a list with no ties, an empty name, or
    a self-loop (someone tied to themself), naming the spreadsheet row. Node attribute
    ``group`` is taken from ``source_group``/``target_group`` columns when present, or from
    ``groups``.
    """
    if not isinstance(ties, pd.DataFrame):
        raise ParameterError("ties", type(ties).__name__, "a table with one row per tie")
    missing = [c for c in (source, target) if c not in ties.columns]
    if missing:
        raise DataError("the tie list", [Problem("column missing", column=c, expected="the two people of each tie")
                                         for c in missing])
    if ties.empty:
        raise DataError("the tie list", [Problem("the network has no ties", expected="at least one tie between two people")])
    problems = []
    for pos, (a, b) in enumerate(zip(ties[source], ties[target])):
        row = pos + 2
        for col, v in ((source, a), (target, b)):
            if pd.isna(v) or str(v).strip() == "":
                problems.append(Problem("empty name", row=row, column=col, expected="the person's id or name"))
        if not pd.isna(a) and not pd.isna(b) and str(a).strip() == str(b).strip() and str(a).strip():
            problems.append(Problem("self-loop: a person tied to themself", row=row, column=target, value=str(b),
                                    expected="two different people"))
    if problems:
        raise DataError("the tie list", problems)
    graph = nx.Graph()
    graph.add_edges_from((str(a).strip(), str(b).strip()) for a, b in zip(ties[source], ties[target]))
    if groups is None and {"source_group", "target_group"} <= set(ties.columns):
        groups = dict(zip(ties[source].astype(str), ties["source_group"].astype(str)))
        groups.update(zip(ties[target].astype(str), ties["target_group"].astype(str)))
    if groups:
        nx.set_node_attributes(graph, {n: groups.get(n, "unknown") for n in graph.nodes}, "group")
    return graph


def _check_graph(graph: nx.Graph) -> None:
    if not isinstance(graph, nx.Graph):
        raise ParameterError("graph", type(graph).__name__, "a networkx graph (use network_graph(ties))")
    if graph.number_of_edges() == 0:
        raise ParameterError("graph", f"{graph.number_of_nodes()} people and no ties", "a network with at least one tie")
    loops = list(nx.nodes_with_selfloops(graph))
    if loops:
        raise ParameterError("graph", f"self-loop at {loops[0]}", "ties between two different people")


def centrality(graph: nx.Graph) -> pd.DataFrame:
    """One row per person: ``degree`` (number of contacts), ``betweenness`` (normalised, 0–1),
    ``constraint`` (Burt; lower = more brokerage), ``component`` (1 = the largest) and ``group``."""
    _check_graph(graph)
    comps = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    comp_of = {n: i + 1 for i, c in enumerate(comps) for n in c}
    betw = nx.betweenness_centrality(graph)
    cons = nx.constraint(graph)
    table = pd.DataFrame({
        "person": list(graph.nodes),
        "group": [graph.nodes[n].get("group", "") for n in graph.nodes],
        "degree": [graph.degree(n) for n in graph.nodes],
        "betweenness": [betw[n] for n in graph.nodes],
        "constraint": [cons[n] for n in graph.nodes],
        "component": [comp_of[n] for n in graph.nodes],
    })
    return table.sort_values(["constraint", "betweenness"], ascending=[True, False]).reset_index(drop=True)


def brokers(graph: nx.Graph, k: int = 5) -> list[str]:
    """The ``k`` people who broker most: **lowest Burt constraint**, ties broken by highest
    betweenness. People with a single contact (constraint 1) are never brokers.

    Example
    -------
    >>> from collectives.synthetic import communication_network
    >>> sorted(brokers(network_graph(communication_network()), k=3))
    ['P03', 'P20', 'P34']
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ParameterError("k", k, "a whole number of at least 1")
    table = centrality(graph)
    table = table[table["degree"] >= 2]
    if k > len(table):
        raise ParameterError("k", k, f"at most {len(table)} (the people with two or more contacts)")
    return table["person"].head(k).tolist()


def components(graph: nx.Graph) -> pd.DataFrame:
    """The network's components, largest first: ``size``, the ``groups`` they hold and ``people``."""
    _check_graph(graph)
    comps = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    rows = []
    for i, comp in enumerate(comps, start=1):
        groups = sorted({graph.nodes[n].get("group", "") for n in comp} - {""})
        rows.append({"component": i, "size": len(comp), "groups": ", ".join(groups), "people": ", ".join(sorted(comp))})
    return pd.DataFrame(rows)


def cut_off(graph: nx.Graph) -> list[str]:
    """People outside the largest component: no chain of contacts reaches them from the rest."""
    comps = components(graph)
    return sorted(p for people in comps["people"].iloc[1:] for p in people.split(", "))
