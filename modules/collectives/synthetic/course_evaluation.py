"""A synthetic course evaluation: one short form per participant per course day, with known answers.

Eighteen invented participants fill in a three-item form at the end of each of the five days
(1 = strongly disagree … 5 = strongly agree) and answer one open question, *"What should we keep
or change?"*, in Dutch or English. The item scores are drawn around planted day means
(:data:`EVALUATION_TRUTH`): day 4 is planted as the weakest on *applicable* ("I can apply what I
learnt in my municipality"), day 2's afternoon (the role play) as the strongest. Every open answer
is written from one of six known themes with a known tone (``true_theme``, ``true_sentiment``),
so that the theme coding of the course's own analysis can be checked.

Example
-------
>>> ev = course_evaluation()
>>> int(ev.groupby("day")["applicable"].mean().idxmin())
4
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EVALUATION_SEED = 2026
N_PARTICIPANTS = 18
ITEMS = ("useful", "applicable", "afternoon")
THEMES = ("pace", "practice", "cases", "relevance", "materials", "networking")

EVALUATION_TRUTH = {
    # planted mean score per item and day (before rounding and clipping to 1–5)
    "means": {
        "useful": {1: 4.1, 2: 4.3, 3: 4.0, 4: 3.6, 5: 4.4},
        "applicable": {1: 3.8, 2: 4.0, 3: 4.1, 4: 3.1, 5: 4.2},
        "afternoon": {1: 4.0, 2: 4.6, 3: 4.2, 4: 3.8, 5: 4.3},
    },
    "sd": 0.75,
    "weakest": ("applicable", 4),
    # theme probabilities per day; day 4 has many answers about the pace
    "theme_probabilities": {
        1: (0.10, 0.15, 0.30, 0.15, 0.10, 0.20), 2: (0.10, 0.40, 0.15, 0.15, 0.05, 0.15),
        3: (0.15, 0.30, 0.15, 0.20, 0.10, 0.10), 4: (0.40, 0.10, 0.10, 0.20, 0.15, 0.05),
        5: (0.10, 0.15, 0.15, 0.20, 0.05, 0.35),
    },
    # share of positive answers per theme (the rest negative)
    "share_positive": {"pace": 0.2, "practice": 0.8, "cases": 0.75, "relevance": 0.5, "materials": 0.5, "networking": 0.85},
    "share_english": 0.2,
    "share_no_answer": 0.15,
}

_ANSWERS = {
    ("pace", "positive", "nl"): ["Het tempo was precies goed.", "Fijn tempo, genoeg pauzes."],
    ("pace", "negative", "nl"): ["Het ging te snel, te veel stof op één dag.", "Te vol programma, geen tijd om na te denken."],
    ("pace", "positive", "en"): ["The pace was just right."],
    ("pace", "negative", "en"): ["Too fast, too much in one day.", "The programme was rushed."],
    ("practice", "positive", "nl"): ["Het rollenspel was leerzaam.", "Goed dat we zelf konden oefenen."],
    ("practice", "negative", "nl"): ["Te weinig tijd om te oefenen."],
    ("practice", "positive", "en"): ["The role play taught me a lot.", "Good to practise it ourselves."],
    ("practice", "negative", "en"): ["Not enough time to practise."],
    ("cases", "positive", "nl"): ["De casus van het collectief was sterk.", "Mooi dat het bestuur er zelf was."],
    ("cases", "negative", "nl"): ["De casus paste niet bij mijn sector."],
    ("cases", "positive", "en"): ["The collective's case was strong.", "Great that the board came in person."],
    ("cases", "negative", "en"): ["The case did not fit my sector."],
    ("relevance", "positive", "nl"): ["Dit kan ik direct toepassen in mijn gemeente."],
    ("relevance", "negative", "nl"): ["Moeilijk toe te passen in mijn gemeente.", "Ver van mijn eigen werk."],
    ("relevance", "positive", "en"): ["I can apply this in my municipality right away."],
    ("relevance", "negative", "en"): ["Hard to apply in my municipality."],
    ("materials", "positive", "nl"): ["Het boek en de notebooks zijn helder."],
    ("materials", "negative", "nl"): ["De notebooks waren moeilijk zonder uitleg."],
    ("materials", "positive", "en"): ["The book and the notebooks are clear."],
    ("materials", "negative", "en"): ["The notebooks were hard without explanation."],
    ("networking", "positive", "nl"): ["Leuk om collega's uit andere gemeenten te leren kennen.", "Goed netwerk opgebouwd."],
    ("networking", "negative", "nl"): ["Te weinig tijd voor contact met collega's."],
    ("networking", "positive", "en"): ["Great to meet colleagues from other municipalities."],
    ("networking", "negative", "en"): ["Too little time to meet colleagues."],
}


def course_evaluation(seed: int = EVALUATION_SEED, n_participants: int = N_PARTICIPANTS) -> pd.DataFrame:
    """The synthetic course evaluation (columns of ``datasets/course_evaluation.yml``)."""
    truth = EVALUATION_TRUTH
    rng = np.random.default_rng(seed)
    rows = []
    number = 0
    for day in range(1, 6):
        for p in range(1, n_participants + 1):
            number += 1
            scores = {item: int(np.clip(np.rint(rng.normal(truth["means"][item][day], truth["sd"])), 1, 5))
                      for item in ITEMS}
            language = "en" if rng.random() < truth["share_english"] else "nl"
            theme = str(rng.choice(THEMES, p=truth["theme_probabilities"][day]))
            tone = "positive" if rng.random() < truth["share_positive"][theme] else "negative"
            options = _ANSWERS[(theme, tone, language)]
            answer = options[int(rng.integers(len(options)))]
            if rng.random() < truth["share_no_answer"]:
                answer, theme, tone = "", "", ""
            rows.append({"response_id": f"E{number:03d}", "participant": f"P{p:02d}", "day": day, **scores,
                         "language": language, "open_answer": answer, "true_theme": theme, "true_sentiment": tone})
    return pd.DataFrame(rows)
