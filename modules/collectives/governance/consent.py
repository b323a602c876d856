"""Consent decision-making (sociocracy) as a small process model, and how it compares with voting.

In sociocracy a proposal passes when no member has a *paramount, reasoned objection*: the
proposal need not be anyone's favourite, it only has to fall within every member's *range of
tolerance*. An objection is not a veto; it is information used to amend the proposal.

The model here is deliberately small. A proposal is a number on one scale (a contribution in
euros, a share of the surplus reinvested, a rent increase in %). Each member has a range of
tolerance ``[low, high]`` on that scale. In each round every member whose range excludes the
proposal objects, saying in which direction it should move; the circle amends the proposal by at
most ``amend_step`` towards the average of what the objectors need. It stops at consent (no
objections) or after ``max_rounds``. What the model leaves out: the quality of the reasons, members
widening their range once they understand others, splitting a proposal, and the time each
round takes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.validate import integer
from collectives.validate import number as _valid_number

__all__ = ["ConsentResult", "compare_consent_and_vote", "consent_round", "simulate_consent"]

_TOLERANCE_FORM = ("a DataFrame with columns 'low' and 'high' (and optionally 'member'), a list of "
                   "(low, high) pairs, or a mapping member -> (low, high)")
_EPS = 1e-9


def _number_param(name: str, value: object, expected: str) -> float:
    return _valid_number(name, value, expected=expected)


def _tolerances(tolerance_ranges: object) -> pd.DataFrame:
    """Members' ranges of tolerance as a DataFrame with columns member, low, high (checked)."""
    if isinstance(tolerance_ranges, pd.DataFrame):
        if not {"low", "high"} <= set(tolerance_ranges.columns):
            raise ParameterError("tolerance_ranges", f"a DataFrame with columns {list(tolerance_ranges.columns)}",
                                 _TOLERANCE_FORM)
        members = (tolerance_ranges["member"].tolist() if "member" in tolerance_ranges.columns
                   else list(tolerance_ranges.index))
        pairs = list(zip(tolerance_ranges["low"], tolerance_ranges["high"]))
    elif isinstance(tolerance_ranges, Mapping):
        members, pairs = list(tolerance_ranges), list(tolerance_ranges.values())
    elif isinstance(tolerance_ranges, Sequence) and not isinstance(tolerance_ranges, str):
        pairs = list(tolerance_ranges)
        members = [f"member {i + 1}" for i in range(len(pairs))]
    else:
        raise ParameterError("tolerance_ranges", tolerance_ranges, _TOLERANCE_FORM)
    if not pairs:
        raise ParameterError("tolerance_ranges", pairs, "at least one member")
    low, high = [], []
    for member, pair in zip(members, pairs):
        ok = isinstance(pair, Sequence) and not isinstance(pair, str) and len(pair) == 2 and all(
            isinstance(v, Real) and not isinstance(v, bool) and np.isfinite(v) for v in pair)
        if not ok or pair[0] > pair[1]:
            raise ParameterError(f"tolerance range of {member}", pair,
                                 "two numbers (low, high) with low at most high")
        low.append(float(pair[0]))
        high.append(float(pair[1]))
    return pd.DataFrame({"member": members, "low": low, "high": high})


def _gaps(proposal: float, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Signed distance the proposal must move to fall within each range (0 = within)."""
    gap = np.where(proposal < low - _EPS, low - proposal, 0.0)
    return np.where(proposal > high + _EPS, high - proposal, gap)


def consent_round(proposal: float, tolerance_ranges: object) -> pd.DataFrame:
    """Who objects to a proposal, and which way they need it to move.

    Returns
    -------
    DataFrame
        One row per member: ``member``, ``low``, ``high``, ``objects`` (the proposal lies outside
        their range), ``direction`` ("higher", "lower" or "") and ``gap`` (how far the proposal
        must move to fall within their range; negative = lower).

    Examples
    --------
    >>> consent_round(50, [(40, 60), (55, 80), (0, 45)])[["member", "objects", "gap"]]
         member  objects  gap
    0  member 1    False  0.0
    1  member 2     True  5.0
    2  member 3     True -5.0
    """
    x = _number_param("proposal", proposal, "a number on the same scale as the ranges of tolerance")
    t = _tolerances(tolerance_ranges)
    gap = _gaps(x, t["low"].to_numpy(), t["high"].to_numpy())
    t["objects"] = gap != 0
    t["direction"] = np.where(gap > 0, "higher", np.where(gap < 0, "lower", ""))
    t["gap"] = gap
    return t


@dataclass(frozen=True)
class ConsentResult:
    """Outcome of :func:`simulate_consent`.

    ``rounds`` has one row per round: the proposal put to the circle, objections raised, new
    objections (members who did not object in the previous round) and objections resolved
    (members who objected in the previous round and no longer do). ``consent_possible`` says
    whether any proposal lies within every range (``common_range``), whatever the amending.
    """

    outcome: str
    final_proposal: float
    rounds_needed: int
    rounds: pd.DataFrame
    consent_possible: bool
    common_range: tuple[float, float] | None
    note: str = ""


def simulate_consent(tolerance_ranges: object, proposal: float, amend_step: float,
                     max_rounds: int = 10) -> ConsentResult:
    """Run consent rounds: gather objections, amend the proposal, until no one objects.

    Parameters
    ----------
    tolerance_ranges : DataFrame, list of (low, high) pairs, or mapping member -> (low, high)
        Each member's range of tolerance on the proposal's scale.
    proposal : float
        The first proposal, on the same scale.
    amend_step : float
        The largest change to the proposal in one round (above 0). Each round the proposal moves
        towards the average of what the objectors need, by at most this much.
    max_rounds : int
        Rounds the circle is willing to spend before it stops without consent (1 to 10,000).

    Complexity: O(max_rounds · members) time, O(max_rounds) memory.

    Returns
    -------
    ConsentResult
        ``outcome`` is "consent" or "no consent"; ``rounds_needed`` counts every round the
        proposal was put to the circle, including the last one.

    Examples
    --------
    >>> r = simulate_consent([(40, 60), (55, 80), (30, 58)], proposal=40, amend_step=10)
    >>> r.outcome, r.final_proposal, r.rounds_needed
    ('consent', 55.0, 3)
    """
    x = _number_param("proposal", proposal, "a number on the same scale as the ranges of tolerance")
    step = _number_param("amend_step", amend_step, "a positive number: the largest change per round")
    if step <= 0:
        raise ParameterError("amend_step", amend_step, "a positive number: the largest change per round")
    max_rounds = integer("max_rounds", max_rounds, min=1, max=10_000,
                         expected="a whole number of rounds from 1 to 10 000")
    t = _tolerances(tolerance_ranges)
    low, high = t["low"].to_numpy(), t["high"].to_numpy()
    common = (float(low.max()), float(high.min())) if low.max() <= high.min() else None
    rows = []
    previous = np.zeros(len(t), dtype=bool)
    outcome, note = "no consent", ""
    for number in range(1, int(max_rounds) + 1):
        gap = _gaps(x, low, high)
        objecting = gap != 0
        rows.append({"round": number, "proposal": x, "objections": int(objecting.sum()),
                     "new_objections": int((objecting & ~previous).sum()),
                     "resolved": int((previous & ~objecting).sum()),
                     "objectors": ", ".join(str(m) for m in t["member"][objecting])})
        if not objecting.any():
            outcome = "consent"
            break
        pull = float(gap[objecting].mean())
        if abs(pull) < _EPS:
            note = "objections pull equally in both directions; amending cannot resolve them"
            break
        x = x + float(np.sign(pull)) * min(step, abs(pull))
        previous = objecting
    else:
        note = f"still objections after {max_rounds} rounds"
    if outcome != "consent" and common is None:
        note += ("; " if note else "") + "no proposal lies within every member's range of tolerance"
    frame = pd.DataFrame(rows, columns=["round", "proposal", "objections", "new_objections", "resolved", "objectors"])
    return ConsentResult(outcome, float(rows[-1]["proposal"]), len(rows), frame, common is not None, common, note)


def compare_consent_and_vote(tolerance_ranges: object, proposal: float, amend_step: float,
                             max_rounds: int = 10) -> pd.DataFrame:
    """Consent rounds versus majority voting on the same members, side by side.

    Three processes:

    * **consent** — :func:`simulate_consent`; adopted only if no objection is left;
    * **majority vote on the proposal** — one round: every member within their range votes yes;
      adopted with more than half the votes;
    * **majority choice of the median member** — one round in which the option at the median of
      the members' preferred points (the middle of their ranges) wins, as a majority vote between
      any two positions would end up when preferences are single-peaked (Black's median voter).

    Returns
    -------
    DataFrame
        One row per process: ``process``, ``decision`` (None when nothing is adopted),
        ``adopted``, ``rounds``, ``share_within_tolerance`` (members for whom the decision lies in
        their range; NaN when nothing is adopted), ``members_outside_tolerance`` and
        ``largest_gap`` (how far outside their range the worst-off member is: 0 means no member
        is overruled — the minority protection consent aims at).

    Examples
    --------
    >>> compare_consent_and_vote([(40, 60), (55, 80), (30, 58)], proposal=40, amend_step=10)[["process", "adopted", "rounds"]]
                                    process  adopted  rounds
    0                               consent     True       3
    1         majority vote on the proposal     True       1
    2  majority choice of the median member     True       1
    """
    c = simulate_consent(tolerance_ranges, proposal, amend_step, max_rounds)
    t = _tolerances(tolerance_ranges)
    low, high = t["low"].to_numpy(), t["high"].to_numpy()

    def row(process: str, decision: float | None, rounds: int) -> dict:
        if decision is None:
            return {"process": process, "decision": None, "adopted": False, "rounds": rounds,
                    "share_within_tolerance": np.nan, "members_outside_tolerance": np.nan, "largest_gap": np.nan}
        gap = np.abs(_gaps(decision, low, high))
        return {"process": process, "decision": float(decision), "adopted": True, "rounds": rounds,
                "share_within_tolerance": float((gap == 0).mean()),
                "members_outside_tolerance": int((gap > 0).sum()), "largest_gap": float(gap.max())}

    yes = (_gaps(float(proposal), low, high) == 0).mean()
    median = float(np.median((low + high) / 2))
    return pd.DataFrame([
        row("consent", c.final_proposal if c.outcome == "consent" else None, c.rounds_needed),
        row("majority vote on the proposal", float(proposal) if yes > 0.5 else None, 1),
        row("majority choice of the median member", median, 1),
    ])
