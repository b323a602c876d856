"""Causal loop diagrams: the polarity of a loop (:func:`loop_polarity`) and every feedback loop
of a diagram given as signed links, each reinforcing or balancing (:func:`find_loops`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from collectives.cycles import simple_cycles
from collectives.errors import ParameterError
from collectives.validate import integer, limit, normalise_text, text_list

__all__ = ["find_loops", "loop_polarity"]


_SIGNS = {"+": 1, "-": -1, "−": -1, 1: 1, -1: -1}


def _sign(polarity, where: str) -> int:
    if not isinstance(polarity, str) or polarity.strip() not in _SIGNS:
        raise ParameterError(where, polarity, '"+" (same direction) or "-" (opposite direction)')
    return _SIGNS[polarity.strip()]


def loop_polarity(polarities: Sequence) -> str:
    """``"reinforcing"`` if a loop has an even number of negative links, else ``"balancing"``.

    >>> loop_polarity(["-", "+", "+", "-"])
    'reinforcing'
    >>> loop_polarity(["+", "+", "-"])
    'balancing'
    """
    polarities = text_list("polarities", polarities, what="link polarities ('+' or '-')")
    if len(polarities) == 0:
        raise ParameterError("polarities", polarities, "the polarity of each link in the loop")
    negatives = sum(_sign(p, "polarity") < 0 for p in polarities)
    return "reinforcing" if negatives % 2 == 0 else "balancing"


def find_loops(links: Sequence[tuple[str, str, str]], *, max_loops: int = 10_000) -> pd.DataFrame:
    """Every feedback loop (simple cycle) in a causal loop diagram, with its polarity.

    Parameters
    ----------
    links : (cause, effect, polarity) triples; polarity ``"+"`` when the effect moves in the
        same direction as the cause, ``"-"`` (or ``"−"``) when it moves the opposite way.
    max_loops : the most loops listed; a diagram with more (a densely connected one: a
        complete diagram of 12 variables has over 10⁸ loops) is refused with a
        :class:`~collectives.errors.LimitError`, as is a search of more than
        :data:`collectives.cycles.DEFAULT_MAX_STEPS` steps.

    Complexity: O((loops + 1) · links) for a diagram whose loops are listed; bounded by the
    step limit otherwise.

    Returns
    -------
    DataFrame with one row per loop: loop (the path, written from its first variable in
    the order given), length, negative_links, kind (``"reinforcing"`` or ``"balancing"``).

    Example
    -------
    >>> links = [("volunteers", "workload per volunteer", "-"),
    ...          ("workload per volunteer", "burnout", "+"),
    ...          ("burnout", "volunteers", "-")]
    >>> find_loops(links)["kind"].tolist()
    ['reinforcing']
    """
    max_loops = integer("max_loops", max_loops, min=1, max=1_000_000)
    if isinstance(links, (str, bytes)) or not isinstance(links, Sequence):
        raise ParameterError("links", links, "a list of (cause, effect, polarity) triples")
    limit("links", len(links), 10_000, "a causal loop diagram has at most a few hundred links")
    graph: dict[str, list[tuple[str, int]]] = {}
    order: list[str] = []
    for i, link in enumerate(links):
        if not isinstance(link, (tuple, list)) or len(link) != 3:
            raise ParameterError(f"links[{i}]", link, "a (cause, effect, polarity) triple")
        cause, effect, polarity = link
        if not all(isinstance(v, str) and v.strip() for v in (cause, effect)):
            raise ParameterError(f"links[{i}]", link, "a cause and an effect named in words")
        cause, effect = normalise_text(cause), normalise_text(effect)
        sign = _sign(polarity, f"links[{i}] polarity")
        for node in (cause, effect):
            if node not in graph:
                graph[node] = []
                order.append(node)
        graph[cause].append((effect, sign))
    rank = {node: i for i, node in enumerate(order)}
    successors = [[(rank[nxt], sign) for nxt, sign in graph[node]] for node in order]
    rows = []
    for nodes, signs in simple_cycles(successors, max_cycles=max_loops, what="feedback loops"):
        names = [order[i] for i in nodes] + [order[nodes[0]]]
        negatives = sum(s < 0 for s in signs)
        rows.append({"loop": " → ".join(names), "length": len(nodes), "negative_links": negatives,
                     "kind": "reinforcing" if negatives % 2 == 0 else "balancing"})
    out = pd.DataFrame(rows, columns=["loop", "length", "negative_links", "kind"])
    return out.sort_values(["length", "loop"], kind="stable").reset_index(drop=True)
