"""Turnout and participation bias: does the members' meeting decide what all members want?

A simulated collective of members, each with a preferred point on one scale (how much of the
yearly surplus to reinvest, from 0% to 100%) and a *motivation*. Members with stronger views turn
up more often, so the meeting is not a random sample of the members. The model compares the
decision of those who vote with the decision all members would reach under the same rule, and
what proxies and online voting change. It is synthetic teaching data: every number comes from
the parameters and the seed.

How it works, per run:

1. Preferred points ~ Normal(``ideal_mean``, ``ideal_sd``), cut off at 0 and 1. Each member
   ranks the options by distance to their preferred point (single-peaked preferences).
2. Motivation = ``motivation_link`` x how strong the member's view is + (1 - link) x random
   noise, both between 0 and 1. "How strong" is the distance from the members' median view
   (``motivated="extremes"``) or the position itself (``"high"``) or its mirror (``"low"``).
3. Attendance probability = logistic(a + ``motivation_effect`` x motivation), with ``a`` set so
   the expected turnout equals ``meeting_turnout``. Online voting works the same way with its own
   turnout and (usually weaker) motivation effect.
4. Proxies: each absent member hands a proxy with probability ``proxy_rate``; each attendee may
   carry at most ``max_proxies``; a proxy vote follows the giver's own preferences.
5. A quorum (a share of all members) that is not met means no decision: the ``status_quo``
   option stays (or nothing, when there is none).

Drift — how far the decision is from what all members want — is measured two ways: the distance
on the scale between the two decisions, and the share of all members who prefer the all-member
decision to this one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Literal

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.validate import choice, integer, limit

#: The most simulated members over all runs (n_members × n_runs) one simulation may take.
MAX_MEMBER_RUNS = 5_000_000
from collectives.governance import voting
from collectives.governance.ballots import Profile

__all__ = ["AssemblyResult", "DEFAULT_OPTIONS", "simulate_assembly"]

DEFAULT_OPTIONS: dict[str, float] = {"reinvest 0%": 0.0, "reinvest 25%": 0.25, "reinvest 50%": 0.5,
                                     "reinvest 75%": 0.75, "reinvest 100%": 1.0}
_RULES = {name: getattr(voting, name) for name in voting.RULES}


@dataclass(frozen=True)
class AssemblyResult:
    """Outcome of :func:`simulate_assembly`.

    ``runs`` has one row per run per scenario; ``summary`` one row per scenario, averaged over
    runs. Scenarios: "all members" (the reference), "meeting", "meeting + proxies" (when
    ``proxy_rate`` > 0) and "online voting".
    """

    runs: pd.DataFrame
    summary: pd.DataFrame
    options: dict[str, float]
    rule: str


def _share(name: str, value: object, *, allow_none: bool = False, upper: float = 1.0) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= value <= upper:
        raise ParameterError(name, value, f"a number from 0 to {upper:g}")
    return float(value)


def _intercept(motivation: np.ndarray, effect: float, target: float) -> float:
    """Solve mean(logistic(a + effect * motivation)) = target for a (bisection).

    The same arithmetic as ``(1 / (1 + np.exp(-(a + effect * motivation)))).mean()`` at every step,
    done in one preallocated buffer (the explorers call this often).
    """
    scaled = effect * motivation
    buf = np.empty_like(scaled)
    n = scaled.size
    lo, hi = -40.0, 40.0
    for _ in range(60):
        mid = (lo + hi) / 2
        np.add(mid, scaled, out=buf)
        np.negative(buf, out=buf)
        np.exp(buf, out=buf)
        np.add(1, buf, out=buf)
        np.divide(1, buf, out=buf)
        if np.add.reduce(buf) / n < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


_SUMMARY_COLUMNS = ["turnout", "quorum_met", "winner_differs", "drift", "share_prefer_all", "mean_ideal_voters",
                    "mean_ideal_members"]


def simulate_assembly(
    n_members: int = 400,
    options: Mapping[str, float] | None = None,
    rule: str = "plurality",
    ideal_mean: float = 0.45,
    ideal_sd: float = 0.25,
    motivation_link: float = 0.7,
    motivated: Literal["extremes", "high", "low"] = "high",
    meeting_turnout: float = 0.2,
    motivation_effect: float = 4.0,
    online_turnout: float = 0.55,
    online_motivation_effect: float = 1.0,
    proxy_rate: float = 0.0,
    max_proxies: int = 2,
    quorum: float | None = None,
    status_quo: str | None = None,
    n_runs: int = 1,
    seed: int = 0,
) -> AssemblyResult:
    """Simulate who turns up, who decides, and how far that is from what all members want.

    Parameters
    ----------
    n_members : int
        Members of the collective (10 to 100,000).
    options : mapping option -> position in [0, 1], optional
        The options on the agenda; default :data:`DEFAULT_OPTIONS` (share of surplus reinvested).
    rule : str
        A ranked voting rule: "plurality", "two_round", "instant_runoff", "borda",
        "condorcet_winner" or "copeland".
    ideal_mean, ideal_sd : float
        Centre and spread of members' preferred points on the 0-1 scale.
    motivation_link : float
        0 = motivation unrelated to views; 1 = motivation is the strength of one's view.
    motivated : {"extremes", "high", "low"}
        Whose views make them motivated: far from the median either way, high on the scale, or low.
    meeting_turnout : float
        Expected share of members attending the meeting.
    motivation_effect : float
        How strongly motivation raises attendance (log-odds from least to most motivated).
    online_turnout, online_motivation_effect : float
        The same for online voting: usually higher turnout, weaker link with motivation.
    proxy_rate : float
        Share of absent members who hand a proxy (0 = no proxy scenario).
    max_proxies : int
        Proxies one attendee may carry (many Dutch associations' statutes allow 1 or 2).
    quorum : float, optional
        Share of all members that must vote (in person, by proxy or online) for a decision.
    status_quo : str, optional
        The option that stays when the quorum is not met.
    n_runs : int
        Independent runs (new members each run), 1 to 1,000; ``n_members × n_runs`` at most
        :data:`MAX_MEMBER_RUNS`.

    Complexity: O(n_runs · (n_members + cost of the rule)) time; the rule counts the distinct
    rankings of at most ``len(options)!`` kinds, so memory is O(n_members) per run.
    seed : int
        Seed of the random generator: the same seed gives the same result.

    Returns
    -------
    AssemblyResult
        ``runs`` columns: run, scenario, turnout, voters, quorum_met, winner, tie, position,
        drift (distance to the all-member decision on the 0-1 scale), share_prefer_all
        (share of all members who prefer the all-member decision to this one),
        mean_ideal_voters (average preferred point of those who voted).

    Examples
    --------
    >>> r = simulate_assembly(n_members=200, n_runs=20, seed=1)
    >>> r.summary[["scenario", "turnout", "winner_differs"]].round(2)
            scenario  turnout  winner_differs
    0    all members     1.00            0.00
    1        meeting     0.20            0.35
    2  online voting     0.56            0.20
    """
    if isinstance(n_members, bool) or not isinstance(n_members, (int, np.integer)) or not 10 <= n_members <= 100_000:
        raise ParameterError("n_members", n_members, "a whole number of members from 10 to 100,000")
    if isinstance(n_runs, bool) or not isinstance(n_runs, (int, np.integer)) or not 1 <= n_runs <= 1000:
        raise ParameterError("n_runs", n_runs, "a whole number of runs from 1 to 1,000")
    limit("simulated members (n_members × n_runs)", int(n_members) * int(n_runs), MAX_MEMBER_RUNS,
          "use fewer runs or fewer members")
    if isinstance(max_proxies, bool) or not isinstance(max_proxies, (int, np.integer)) or max_proxies < 0:
        raise ParameterError("max_proxies", max_proxies, "a whole number of proxies per attendee, 0 or more")
    if options is not None and not isinstance(options, Mapping):
        raise ParameterError("options", options, "a mapping of option name to position, e.g. {'reinvest': 0.8}")
    opts = dict(DEFAULT_OPTIONS if options is None else options)
    if any(not isinstance(k, str) for k in opts):
        raise ParameterError("options", options, "option names as text")
    if len(opts) < 2 or any(isinstance(v, bool) or not isinstance(v, Real) or not 0 <= v <= 1 for v in opts.values()):
        raise ParameterError("options", options, "at least two options, each with a position from 0 to 1")
    choice("rule", rule, _RULES, expected=f"one of {', '.join(_RULES)}")
    choice("motivated", motivated, ("extremes", "high", "low"), expected="'extremes', 'high' or 'low'")
    if status_quo is not None and (not isinstance(status_quo, str) or status_quo not in opts):
        raise ParameterError("status_quo", status_quo, f"one of the options: {', '.join(opts)}")
    _share("ideal_mean", ideal_mean)
    _share("ideal_sd", ideal_sd)
    _share("motivation_link", motivation_link)
    for name, value in (("meeting_turnout", meeting_turnout), ("online_turnout", online_turnout)):
        if _share(name, value) in (0.0, 1.0):
            raise ParameterError(name, value, "a share strictly between 0 and 1")
    _share("motivation_effect", motivation_effect, upper=20)
    _share("online_motivation_effect", online_motivation_effect, upper=20)
    _share("proxy_rate", proxy_rate)
    _share("quorum", quorum, allow_none=True)

    names = tuple(opts)
    where = np.array([opts[n] for n in names], dtype=float)
    count_rule = _RULES[rule]
    seed = integer("seed", seed, min=0, expected="a whole number of 0 or more")
    rng = np.random.default_rng(seed)
    rows, differs = [], []
    for run in range(int(n_runs)):
        ideal = np.clip(rng.normal(ideal_mean, ideal_sd, n_members), 0, 1)
        distance = np.abs(ideal[:, None] - where[None, :])
        rankings = np.argsort(distance, axis=1, kind="stable")
        strength = {"extremes": np.abs(ideal - np.median(ideal)), "high": ideal, "low": 1 - ideal}[motivated]
        strength = strength / strength.max() if strength.max() > 0 else strength
        motivation = motivation_link * strength + (1 - motivation_link) * rng.random(n_members)

        def attend(turnout: float, effect: float) -> np.ndarray:
            a = _intercept(motivation, effect, turnout)
            return rng.random(n_members) < 1 / (1 + np.exp(-(a + effect * motivation)))

        meeting = attend(meeting_turnout, motivation_effect)
        scenarios = {"all members": np.ones(n_members, dtype=bool), "meeting": meeting}
        if proxy_rate > 0:
            givers = np.flatnonzero(~meeting & (rng.random(n_members) < proxy_rate))
            capacity = int(meeting.sum()) * int(max_proxies)
            chosen = rng.permutation(givers)[:capacity]
            with_proxies = meeting.copy()
            with_proxies[chosen] = True
            scenarios["meeting + proxies"] = with_proxies
        scenarios["online voting"] = attend(online_turnout, online_motivation_effect)

        reference, reference_winner = None, None
        for scenario, votes in scenarios.items():
            turnout = float(votes.mean())
            quorum_met = scenario == "all members" or quorum is None or turnout >= quorum
            winner, tie = None, False
            if quorum_met and votes.any():
                result = count_rule(Profile._from_arrays(names, rankings[votes], np.ones(int(votes.sum()))))
                winner, tie = result.winner, result.tie
            elif not quorum_met:
                winner = status_quo
            position = opts[winner] if winner is not None else np.nan
            if scenario == "all members":
                reference, reference_winner = position, winner
            # the decision differs from the all-member decision of this run (a missing winner always counts)
            differs.append(winner is None or reference_winner is None or winner != reference_winner)
            comparable = winner is not None and not np.isnan(reference)  # a tied vote has no position
            closer_to_reference = np.abs(ideal - reference) < np.abs(ideal - position)
            rows.append({
                "run": run, "scenario": scenario, "turnout": turnout, "voters": int(votes.sum()),
                "quorum_met": quorum_met, "winner": winner, "tie": tie, "position": position,
                "drift": abs(position - reference) if comparable else np.nan,
                "share_prefer_all": float(closer_to_reference.mean()) if comparable else np.nan,
                "mean_ideal_voters": float(ideal[votes].mean()) if votes.any() else np.nan,
                "mean_ideal_members": float(ideal.mean()),
            })
    runs = pd.DataFrame(rows)
    summary = (runs.assign(winner_differs=differs)
               .groupby("scenario", sort=False)[_SUMMARY_COLUMNS].mean()
               .reset_index())
    return AssemblyResult(runs, summary, opts, rule)
