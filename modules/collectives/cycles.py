"""Simple cycles of a small directed graph, found once each and bounded in work.

One cycle finder for the package: the feedback loops of a causal loop diagram
(:func:`collectives.feedback.find_loops`) and the cycles of a majority preference
(:func:`collectives.governance.voting.condorcet_cycles`) both use :func:`simple_cycles`.

Each cycle is reported once, starting at its lowest-numbered node and visiting only
higher-numbered nodes of the same strongly connected component (nodes outside it cannot close a
cycle through the start). The number of simple cycles can grow exponentially with the number of
nodes (a complete diagram of 12 variables has over 10⁸), so the search is bounded: it stops with
a :class:`~collectives.errors.LimitError` after ``max_steps`` extensions of a path, or when more
than ``max_cycles`` cycles are found and ``truncate`` is false. Time O(max_steps · degree),
memory O(max_steps) at worst.

Example
-------
>>> [c for c, _ in simple_cycles([[(1, "+")], [(2, "+"), (0, "-")], [(0, "+")]])]
[(0, 1), (0, 1, 2)]
"""

from __future__ import annotations

from collections.abc import Sequence

from collectives.errors import LimitError

__all__ = ["DEFAULT_MAX_STEPS", "simple_cycles", "strongly_connected"]

#: The most path extensions one search may take (about a second of work).
DEFAULT_MAX_STEPS = 300_000


def strongly_connected(successors: Sequence[Sequence[tuple[int, object]]]) -> list[int]:
    """The strongly connected component of each node (component ids are arbitrary), O(V + E)."""
    n = len(successors)
    index, low, comp = [-1] * n, [0] * n, [-1] * n
    on_stack, stack, counter, ncomp = [False] * n, [], 0, 0
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            recurse = False
            edges = successors[node]
            while i < len(edges):
                nxt = edges[i][0]
                i += 1
                if index[nxt] < 0:
                    work.append((node, i))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp[w] = ncomp
                    if w == node:
                        break
                ncomp += 1
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return comp


def simple_cycles(successors: Sequence[Sequence[tuple[int, object]]], *, max_cycles: int | None = None,
                  truncate: bool = False, max_steps: int = DEFAULT_MAX_STEPS,
                  what: str = "cycles") -> list[tuple[tuple[int, ...], tuple[object, ...]]]:
    """Every simple cycle of a directed graph given as ``successors[node] = [(next, label), ...]``.

    Returns ``(nodes, labels)`` pairs: the nodes of the cycle from its lowest-numbered node, and
    the label of each edge taken (parallel edges with different labels give different cycles).
    Shortest cycles first, then by nodes.

    With ``max_cycles``: at most that many are returned when ``truncate`` is true; otherwise
    finding more is a :class:`LimitError`. More than ``max_steps`` path extensions is always a
    LimitError, naming ``what`` was being enumerated.
    """
    comp = strongly_connected(successors)
    found: list[tuple[tuple[int, ...], tuple[object, ...]]] = []
    steps = 0
    for start in range(len(successors)):
        stack = [(start, (start,), ())]
        while stack:
            node, path, labels = stack.pop()
            for nxt, label in reversed(successors[node]):
                if comp[nxt] != comp[start]:
                    continue
                if nxt == start:
                    found.append((path, labels + (label,)))
                    if max_cycles is not None and len(found) >= max_cycles:
                        if truncate:
                            found.sort(key=lambda c: (len(c[0]), c[0]))
                            return found
                        if len(found) > max_cycles:
                            raise LimitError(f"There are more than {max_cycles:,} {what}, the limit of this "
                                             "search: simplify the diagram or look at fewer variables at once.")
                elif nxt > start and nxt not in path:
                    steps += 1
                    if steps > max_steps:
                        raise LimitError(f"Listing the {what} takes more than {max_steps:,} steps, the limit of "
                                         "this search: the graph is too densely connected to list them all; "
                                         "simplify it or look at fewer variables or options at once.")
                    stack.append((nxt, path + (nxt,), labels + (label,)))
    found.sort(key=lambda c: (len(c[0]), c[0]))
    return found
