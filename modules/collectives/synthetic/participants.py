"""A synthetic participants' list of one course cohort, each participant planted on one case.

Each of the twelve invented participants is generated from one case of the case library
(``datasets/cases.csv``): the case's sector and country, the first name in its place, the
question its history answers (thriving → how_to_grow, stable → how_to_last, struggling or
failed → what_went_wrong) and three keywords drawn from words that only that case's description
of its activities has within its sector. That case is the participant's documented best match
(:func:`participants_truth`), which :func:`collectives.matching.match_participants` must recover.

Example
-------
>>> from collectives.synthetic.participants import participants, participants_truth
>>> people = participants()
>>> len(people), people["participant_id"].iloc[0]
(12, 'P01')
>>> sorted(participants_truth()) == list(people["participant_id"])
True
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

PARTICIPANTS_SEED = 13
N_PARTICIPANTS = 12
_QUESTION = {"thriving": "how_to_grow", "stable": "how_to_last", "struggling": "what_went_wrong",
             "failed": "what_went_wrong", "transformed": "what_went_wrong"}
_ORGANISATIONS = {"Netherlands": ("Gemeente {p}", "Provincie-team bij {p}"), "Belgium": ("Stad {p}", "Gemeente {p}")}
_ELSEWHERE = ("Municipality of {p}", "Regional council near {p}")
_STOP = set("""about after also and are because been but can case could does for from has have into
its more not one only other our than that the their them then they this those through two was were
what when where which while who will with would rather there little newer still since every
brought started becoming shifted needs running leave first later before being under until""".split())


def _cases(datasets_dir: Path | None = None) -> pd.DataFrame:
    from collectives import data

    return data.load("cases", datasets_dir)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", str(text).lower()) if len(w) > 4 and w not in _STOP]


def _own_words(cases: pd.DataFrame, case_id: str) -> list[str]:
    """Words of a case's activities and lesson that no other case of its sector uses."""
    row = cases.set_index("case_id").loc[case_id]
    others = cases[(cases["sector"] == row["sector"]) & (cases["case_id"] != case_id)]
    other_words = set(_words(" ".join(others["activities"].astype(str) + " " + others["lesson"].astype(str))))
    return sorted({w for w in _words(row["activities"]) if w not in other_words})


def _organisation(country: str, place: str, rng: np.random.Generator) -> str:
    names = _ORGANISATIONS.get(country, _ELSEWHERE)
    return names[int(rng.integers(len(names)))].format(p=place)


def participants(seed: int = PARTICIPANTS_SEED, n: int = N_PARTICIPANTS, datasets_dir: Path | None = None) -> pd.DataFrame:
    """The synthetic participants' list (columns of ``datasets/participants.yml``)."""
    cases = _cases(datasets_dir)
    rng = np.random.default_rng(seed)
    chosen = sorted(rng.choice(cases["case_id"].to_numpy(dtype=str), size=n, replace=False))
    rows = []
    for i, case_id in enumerate(chosen, start=1):
        case = cases.set_index("case_id").loc[case_id]
        place = re.search(r"[A-Z][^\s(),/]+", str(case["place"])).group(0)  # first place name
        words = _own_words(cases, case_id)
        keywords = ", ".join(sorted(rng.choice(words, size=min(3, len(words)), replace=False))) if words else ""
        rows.append({
            "participant_id": f"P{i:02d}",
            "organisation": _organisation(str(case["country"]), place, rng),
            "country": str(case["country"]),
            "region": place,
            "sector": str(case["sector"]),
            "question": _QUESTION[str(case["outcome"])],
            "keywords": keywords,
        })
    return pd.DataFrame(rows)


def participants_truth(seed: int = PARTICIPANTS_SEED, n: int = N_PARTICIPANTS,
                       datasets_dir: Path | None = None) -> dict[str, str]:
    """Participant id → the case they were generated from (their planted best match)."""
    cases = _cases(datasets_dir)
    rng = np.random.default_rng(seed)
    chosen = sorted(rng.choice(cases["case_id"].to_numpy(dtype=str), size=n, replace=False))
    return {f"P{i:02d}": str(case_id) for i, case_id in enumerate(chosen, start=1)}
