"""Match course participants with collectives from the case library, with the reasons why.

Peer learning works when a civil servant meets a collective that speaks to their own
situation: the same sector, a similar place, and a history that answers their question
(how did it grow? how did it last? what went wrong?). :func:`match_participants` reads a
participants' list (the template ``book/downloads/participants_template.csv``, read through
the participant loader against ``datasets/participants.yml``) and the case library
(``datasets/cases.csv``) and proposes, for each participant, the best-fitting cases with a
score and a sentence of reasons an organiser can check.

The score is a sum of plain points (see :data:`POINTS`): same sector, same country, the
participant's region named in the case's place, a case history that fits the question, and
shared keywords between the participant's keywords and the case's activities and lesson.
Ties are broken by case id, so the result is the same on every run.

Example
-------
>>> import pandas as pd
>>> from collectives import data
>>> people = pd.DataFrame({"participant_id": ["P1"], "organisation": ["Gemeente Zeist"],
...     "country": ["Netherlands"], "region": ["Zeist"], "sector": ["care"],
...     "question": ["how_to_grow"], "keywords": ["Wmo intake"]})
>>> match_participants(people, data.load("cases"), n=1)[["participant_id", "case_id"]].to_dict("records")
[{'participant_id': 'P1', 'case_id': 'C20'}]
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from collectives.errors import DataError, ParameterError, Problem

__all__ = ["POINTS", "QUESTION_OUTCOMES", "match_participants", "read_participants"]

#: Points per reason. Sector dominates: a housing official learns most from a housing case.
POINTS = {"sector": 4.0, "country": 2.0, "region": 1.0, "question": 2.0, "keyword": 0.5, "keyword_max": 2.0}

#: Which case outcomes answer which question of the participants' list.
QUESTION_OUTCOMES = {
    "how_to_grow": ("thriving",),
    "how_to_last": ("stable", "thriving"),
    "what_went_wrong": ("struggling", "failed", "transformed"),
}
_QUESTION_WORDS = {
    "how_to_grow": "it grew",
    "how_to_last": "it lasted",
    "what_went_wrong": "it ran into trouble",
}

# Dutch (and a few French/German) names of countries and regions participants may write.
_PLACE_NAMES = {
    "nederland": "netherlands", "the netherlands": "netherlands", "holland": "netherlands",
    "belgie": "belgium", "belgique": "belgium", "vlaanderen": "flanders", "brussel": "brussels",
    "bruxelles": "brussels", "duitsland": "germany", "deutschland": "germany",
    "verenigd koninkrijk": "united kingdom", "uk": "united kingdom", "spanje": "spain",
    "zwitserland": "switzerland", "gent": "ghent", "antwerpen": "antwerp", "luik": "liege",
    "den haag": "the hague", "brugge": "bruges", "leuven": "leuven", "londen": "london",
}
_STOPWORDS = frozenset("""a an and the of to in on for with by from at or as is are be it its this that our
de het een en van voor met op in te aan bij door om of uit over naar""".split())
_PEOPLE_COLUMNS = ("participant_id", "sector", "country", "question")
_CASE_COLUMNS = ("case_id", "name", "country", "place", "sector", "outcome", "activities", "lesson")


def _plain(text: Any) -> str:
    """Lower case, no accents; '' for missing values."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.lower()).strip()


def _place(text: Any) -> str:
    plain = _plain(text)
    return _PLACE_NAMES.get(plain, plain)


def _words(text: Any) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", _plain(text)) if len(w) > 2 and w not in _STOPWORDS}


def read_participants(source: str | os.PathLike | bytes, *, filename: str | None = None,
                      datasets_dir: str | Path | None = None) -> pd.DataFrame:
    """Read a participants' list (CSV or Excel) through the participant loader.

    Raises
    ------
    DataError
        naming the row and column of every problem: a missing column, an unknown sector or
        question, an empty list.

    Example
    -------
    >>> people = read_participants("book/downloads/participants_example.csv")   # doctest: +SKIP
    """
    from collectives.participant import read_participant_data

    read = read_participant_data(source, "participants", filename=filename, datasets_dir=datasets_dir)
    if read.data.empty:
        raise DataError(read.source, [Problem("the list has no participants", row=2,
                                              expected="one row per participant under the header row")])
    return read.data


def _check_columns(frame: pd.DataFrame, needed: tuple[str, ...], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(what, type(frame).__name__, "a table (DataFrame)")
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise DataError(what, [Problem("this column is missing", column=c, expected="a column of that name")
                               for c in missing])
    if frame.empty:
        raise DataError(what, [Problem("the table has no rows", row=2, expected="at least one row under the header")])


def _check_values(people: pd.DataFrame, cases: pd.DataFrame) -> None:
    problems = []
    sectors = {_plain(s) for s in cases["sector"].dropna()}
    for i, row in enumerate(people.itertuples(index=False), start=2):
        if not _plain(row.participant_id):
            problems.append(Problem("a participant needs an identifier", row=i, column="participant_id"))
        if _plain(row.sector) not in sectors:
            problems.append(Problem("unknown sector", row=i, column="sector", value=str(row.sector),
                                    expected="one of: " + ", ".join(sorted(sectors))))
        if row.question not in QUESTION_OUTCOMES:
            problems.append(Problem("unknown question", row=i, column="question", value=str(row.question),
                                    expected="one of: " + ", ".join(QUESTION_OUTCOMES)))
    if problems:
        raise DataError("participants' list", problems)


def _sentence(reasons: list[str]) -> str:
    text = "; ".join(reasons) or "no shared feature"
    return text[0].upper() + text[1:]


def _score(person: Any, case: Any) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    if _plain(person.sector) == _plain(case.sector):
        score += POINTS["sector"]
        reasons.append(f"same sector ({case.sector})")
    if _place(person.country) and _place(person.country) == _place(case.country):
        score += POINTS["country"]
        reasons.append(f"same country ({case.country})")
    region = _place(getattr(person, "region", None))
    if region and re.search(rf"\b{re.escape(region)}\b", _plain(case.place)):
        score += POINTS["region"]
        reasons.append(f"in or near {getattr(person, 'region')} ({case.place})")
    if case.outcome in QUESTION_OUTCOMES[person.question]:
        score += POINTS["question"]
        reasons.append(f"answers '{_QUESTION_WORDS[person.question]}': the case is {case.outcome}")
    shared = sorted(_words(getattr(person, "keywords", None)) & _words(f"{case.activities} {case.lesson}"))
    if shared:
        score += min(POINTS["keyword"] * len(shared), POINTS["keyword_max"])
        reasons.append("shares the keywords " + ", ".join(f"'{w}'" for w in shared))
    return score, reasons


def match_participants(participants: pd.DataFrame, cases: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """Propose the ``n`` best-fitting cases for every participant, with the reasons.

    Parameters
    ----------
    participants
        One row per participant with ``participant_id``, ``sector``, ``country``, ``question``
        (one of :data:`QUESTION_OUTCOMES`) and optionally ``organisation``, ``region`` and
        ``keywords`` — as :func:`read_participants` returns it.
    cases
        The case library (``collectives.data.load("cases")``).
    n
        How many cases to propose per participant (1 to the number of cases).

    Returns
    -------
    pandas.DataFrame
        One row per proposal: ``participant_id``, ``rank`` (1 = best), ``case_id``, ``case``
        (its name), ``score`` and ``reasons`` (a sentence), sorted by participant and rank.

    Raises
    ------
    DataError
        for a missing column, an empty table, an unknown sector or question (naming row and column).
    ParameterError
        for ``n`` outside 1 to the number of cases.
    """
    _check_columns(participants, _PEOPLE_COLUMNS, "participants' list")
    _check_columns(cases, _CASE_COLUMNS, "case library")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(cases):
        raise ParameterError("n", n, f"a whole number from 1 to {len(cases)} (the number of cases)")
    _check_values(participants, cases)
    rows = []
    case_rows = list(cases.sort_values("case_id").itertuples(index=False))
    for person in participants.itertuples(index=False):
        scored = []
        for case in case_rows:
            score, reasons = _score(person, case)
            scored.append((-score, str(case.case_id), case, reasons))
        scored.sort(key=lambda item: (item[0], item[1]))
        for rank, (neg, case_id, case, reasons) in enumerate(scored[:n], start=1):
            rows.append({"participant_id": str(person.participant_id), "rank": rank, "case_id": case_id,
                         "case": str(case.name), "score": float(-neg),
                         "reasons": _sentence(reasons)})
    return pd.DataFrame(rows, columns=["participant_id", "rank", "case_id", "case", "score", "reasons"])
