"""The matching explorer: choose a participant of the list, see the best-fitting cases and why."""

from __future__ import annotations

import pandas as pd

from collectives.explorer import Choice, Explorer
from collectives.figures.matching import proposals_figure
from collectives.matching import match_participants

__all__ = ["matching_explorer"]


def matching_explorer(participants: pd.DataFrame, cases: pd.DataFrame, *, n: int = 5,
                      synthetic: bool = True) -> Explorer:
    """One view per participant: the ``n`` best-fitting cases with their scores (reasons on hover)."""
    people = participants.reset_index(drop=True)
    options = [(f"{row.participant_id}: {row.sector}, {row.question.replace('_', ' ')}", str(row.participant_id))
               for row in people.itertuples(index=False)]

    def compute(participant: str) -> pd.DataFrame:
        return match_participants(people[people["participant_id"].astype(str) == participant], cases, n=n)

    return Explorer("matching", "Matching explorer",
                    (Choice("participant", "Participant", options),),
                    compute, lambda result, **_: proposals_figure(result, synthetic=synthetic))
