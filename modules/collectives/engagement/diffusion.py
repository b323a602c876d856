"""How a message spreads through a collective: an independent cascade, seeded and vectorised.

**Independent cascade** (Kempe, Kleinberg & Tardos 2003): the first people told are active at
step 0; each person who became active at step *t* gets one chance to pass the message to each
contact, succeeding with ``probability``; whoever hears it at step *t* passes it on at *t + 1*.
Thousands of runs are simulated at once (a runs × people matrix), with a seed, so every
number is reproducible. Channels (a newsletter, a group chat, the members' meeting) tell people
directly at step 0, with a probability per group that is an **illustrative assumption**
(:data:`CHANNELS`), not a measurement.

Choosing whom to tell first: ``greedy`` adds, one at a time, the person who raises the expected
reach most (the hill-climbing of Kempe et al., estimated on the same random "live-tie"
samples for every candidate); ``most connected`` takes the highest degrees; ``random`` draws
new people in every run.

Example
-------
>>> import networkx as nx
>>> path = nx.path_graph(4)
>>> reach_over_time(path, [0], probability=1.0, steps=3, runs=10)["informed"].tolist()
[1.0, 2.0, 3.0, 4.0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from collectives.errors import ParameterError

STRATEGIES = ("greedy", "most connected", "random")
#: channel → probability that it tells a person of a group directly (illustrative assumptions;
#: the flat De Linde reads little Dutch and is not in the group chat). Missing group = 0.
CHANNELS: dict[str, dict[str, float]] = {
    "newsletter": {"board": 0.9, "solar team": 0.6, "members north": 0.35, "members south": 0.35, "flat De Linde": 0.05},
    "group chat": {"board": 0.9, "solar team": 0.8, "members north": 0.4, "members south": 0.2},
    "members' meeting": {"board": 1.0, "solar team": 0.5, "members north": 0.15, "members south": 0.15,
                         "flat De Linde": 0.15},
}


def _check(graph: nx.Graph, probability: float, steps: int, runs: int) -> None:
    if not isinstance(graph, nx.Graph) or graph.number_of_edges() == 0:
        raise ParameterError("graph", getattr(graph, "name", None) or type(graph).__name__,
                             "a network with at least one tie")
    if nx.number_of_selfloops(graph):
        raise ParameterError("graph", "a self-loop", "ties between two different people")
    if not isinstance(probability, (int, float)) or isinstance(probability, bool) or not 0 <= probability <= 1:
        raise ParameterError("probability", probability, "a chance between 0 and 1 that a contact passes the message on")
    for name, v, lo in (("steps", steps, 1), ("runs", runs, 1)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
            raise ParameterError(name, v, f"a whole number of at least {lo}")


def _index(graph: nx.Graph, people: Sequence) -> list[int]:
    nodes = {n: i for i, n in enumerate(graph.nodes)}
    out = []
    for p in people:
        if p not in nodes:
            raise ParameterError("first_told", p, "people in the network (ids such as " +
                                 ", ".join(map(str, list(nodes)[:3])) + ")")
        out.append(nodes[p])
    return out


def _initial(graph: nx.Graph, first: np.ndarray, channels: Sequence[str], rng: np.random.Generator,
             strategy_random: int = 0) -> np.ndarray:
    """runs × people boolean matrix of who is told at step 0."""
    n = graph.number_of_nodes()
    runs = first.shape[0]
    active = first.copy()
    if strategy_random:
        for r in range(runs):
            active[r, rng.choice(n, size=strategy_random, replace=False)] = True
    groups = [graph.nodes[v].get("group", "") for v in graph.nodes]
    for ch in channels:
        if ch not in CHANNELS:
            raise ParameterError("channels", ch, "any of " + ", ".join(CHANNELS))
        prob = np.array([CHANNELS[ch].get(g, 0.0) for g in groups])
        active |= rng.random((runs, n)) < prob
    return active


def _simulate(graph, first_told, probability, steps, runs, channels, random_first, seed):
    _check(graph, probability, steps, runs)
    rng = np.random.default_rng(seed)
    n = graph.number_of_nodes()
    if isinstance(random_first, bool) or not isinstance(random_first, (int, np.integer)) or not 0 <= random_first <= n:
        raise ParameterError("random_first", random_first, f"a whole number from 0 to {n}")
    adj = nx.to_numpy_array(graph, dtype=np.int32)
    first = np.zeros((runs, n), dtype=bool)
    first[:, _index(graph, first_told)] = True
    active = _initial(graph, first, channels, rng, random_first)
    new = active.copy()
    counts = [active.sum(axis=1)]
    keep = np.log1p(-probability) if probability < 1 else None
    for _ in range(steps):
        tries = new.astype(np.int32) @ adj
        p_hear = 1.0 - np.exp(tries * keep) if keep is not None else (tries > 0).astype(float)
        new = (rng.random((runs, n)) < p_hear) & ~active
        active |= new
        counts.append(active.sum(axis=1))
    c = np.array(counts, dtype=float)
    curve = pd.DataFrame({"step": np.arange(steps + 1), "informed": c.mean(axis=1),
                          "low": np.percentile(c, 10, axis=1), "high": np.percentile(c, 90, axis=1),
                          "share": c.mean(axis=1) / n})
    groups = pd.Series([graph.nodes[v].get("group", "") for v in graph.nodes])
    by_group = (pd.Series(active.mean(axis=0)).groupby(groups, sort=False).mean()
                .rename("share informed").rename_axis("group").reset_index())
    return curve, by_group


def reach_over_time(graph: nx.Graph, first_told: Sequence = (), *, probability: float = 0.2, steps: int = 8,
                    runs: int = 500, channels: Sequence[str] = (), random_first: int = 0, seed: int = 0) -> pd.DataFrame:
    """Expected number of people informed after each step, with the 10th and 90th percentile.

    ``first_told`` are told at step 0; ``random_first`` adds that many people drawn at random
    in each run; ``channels`` (keys of :data:`CHANNELS`) tell people directly at step 0.
    """
    return _simulate(graph, first_told, probability, steps, runs, channels, random_first, seed)[0]


def reach_by_group(graph: nx.Graph, first_told: Sequence = (), *, probability: float = 0.2, steps: int = 8,
                   runs: int = 500, channels: Sequence[str] = (), random_first: int = 0, seed: int = 0) -> pd.DataFrame:
    """Share of each group informed after ``steps`` (same simulation as :func:`reach_over_time`)."""
    return _simulate(graph, first_told, probability, steps, runs, channels, random_first, seed)[1]


def _live_components(graph: nx.Graph, probability: float, runs: int, rng: np.random.Generator) -> np.ndarray:
    """runs × people labels of the components of random 'live-tie' graphs (each tie kept with
    ``probability``): in an independent cascade on an undirected network, a person hears the
    message exactly when a chain of live ties joins them to someone told first."""
    n = graph.number_of_nodes()
    idx = {v: i for i, v in enumerate(graph.nodes)}
    edges = np.array([(idx[a], idx[b]) for a, b in graph.edges])
    live = rng.random((runs, len(edges))) < probability              # one row of kept ties per run
    run, tie = np.nonzero(live)
    rows, cols = edges[tie, 0] + run * n, edges[tie, 1] + run * n     # all runs as one block-diagonal graph
    m = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(runs * n, runs * n))
    return connected_components(m, directed=False)[1].reshape(runs, n)


def choose_first(graph: nx.Graph, k: int = 3, strategy: str = "greedy", *, probability: float = 0.2,
                 runs: int = 300, seed: int = 0) -> list:
    """The ``k`` people to tell first, by ``strategy``: ``greedy`` (largest expected reach, Kempe
    et al. 2003) or ``most connected`` (highest degree). (``random`` has no fixed people: use
    ``random_first`` in :func:`reach_over_time`.)"""
    _check(graph, probability, 1, runs)
    nodes = list(graph.nodes)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= len(nodes):
        raise ParameterError("k", k, f"a whole number from 1 to {len(nodes)}")
    if strategy == "most connected":
        return [v for v, _ in sorted(graph.degree, key=lambda t: (-t[1], str(t[0])))[:k]]
    if strategy != "greedy":
        raise ParameterError("strategy", strategy, "'greedy' or 'most connected'")
    labels = _live_components(graph, probability, runs, np.random.default_rng(seed))
    sizes = np.bincount(labels.ravel())
    chosen: list[int] = []
    covered = np.zeros(sizes.shape[0], dtype=bool)
    for _ in range(k):
        gain = (sizes[labels] * ~covered[labels]).sum(axis=0).astype(float)
        gain[chosen] = -1
        best = int(np.argmax(gain))
        chosen.append(best)
        covered[labels[:, best]] = True
    return [nodes[j] for j in chosen]


def expected_reach(graph: nx.Graph, first_told: Sequence, *, probability: float = 0.2, runs: int = 2000,
                   seed: int = 1) -> float:
    """Expected number of people who eventually hear the message from ``first_told``."""
    _check(graph, probability, 1, runs)
    idx = _index(graph, first_told)
    labels = _live_components(graph, probability, runs, np.random.default_rng(seed))
    sizes = np.bincount(labels.ravel())
    told = np.zeros(sizes.shape[0], dtype=bool)
    told[labels[:, idx].ravel()] = True
    return float(sizes[told].sum() / runs)


def reach_view(strategy: str, first: int, channels: str, probability: float, graph: nx.Graph,
               steps: int = 8, runs: int = 400) -> Mapping:
    """The reach explorer's computation: reach over time for a strategy, a number of people told
    first, a channel mix (names joined by ' + ', or 'none') and a passing-on probability."""
    if strategy not in STRATEGIES:
        raise ParameterError("strategy", strategy, "one of " + ", ".join(STRATEGIES))
    chosen = [] if strategy == "random" or first == 0 else choose_first(graph, first, strategy, probability=probability)
    used = [] if channels in ("none", "", None) else [c.strip() for c in channels.split("+")]
    kw = dict(probability=probability, steps=steps, runs=runs, channels=used,
              random_first=first if strategy == "random" else 0)
    curve, groups = _simulate(graph, chosen, probability, steps, runs, used, kw["random_first"], 0)
    return {"curve": curve, "groups": groups,
            "first_told": chosen, "strategy": strategy, "channels": used, "people": graph.number_of_nodes()}
