"""A synthetic member survey of one example collective, with known themes in its open answers.

Each respondent answers five Likert items (1 = strongly disagree … 5 = strongly agree) and one
open question, *"What stands out for you about the collective — good or bad?"*, in Dutch or
English. Every open answer is written from one of six known themes with a known sentiment,
stored in ``true_theme`` and ``true_sentiment``, so that a theme-coding exercise can be checked.
A negative answer on a theme pulls the matching Likert item down by one point on average (see
:data:`SURVEY_TRUTH`).

Example
-------
>>> from collectives.synthetic import member_survey
>>> survey = member_survey()
>>> survey["true_theme"].value_counts().index[0] in SURVEY_TRUTH["themes"]
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collectives.errors import ParameterError

SURVEY_SEED = 20251209
SURVEY_COLLECTIVE_ID = "CC115"       # Energiecoöperatie De Zonnekring in the panel
SURVEY_FOUNDED_YEAR = 2008
SURVEY_YEAR = 2025
LIKERT_ITEMS = ("trust_board", "feel_heard", "would_recommend", "workload_ok", "info_clear")
THEMES = ("communication", "workload", "trust", "costs", "social_contact", "sustainability")
AGE_GROUPS = ("18-29", "30-44", "45-64", "65+")

SURVEY_TRUTH = {
    "themes": list(THEMES),
    "theme_shares": {"communication": 0.22, "workload": 0.14, "trust": 0.16, "costs": 0.14,
                     "social_contact": 0.16, "sustainability": 0.18},
    "share_positive": {"communication": 0.40, "workload": 0.25, "trust": 0.50, "costs": 0.35,
                       "social_contact": 0.80, "sustainability": 0.85},
    "share_no_answer": 0.12,
    "share_english": 0.12,
    # a negative answer on the theme lowers this item by 1 point on average (positive: +0.5)
    "theme_item": {"communication": "info_clear", "workload": "workload_ok",
                   "trust": "trust_board", "costs": "would_recommend",
                   "social_contact": "feel_heard", "sustainability": "would_recommend"},
    "item_shift_negative": -1.0,
    "item_shift_positive": 0.5,
    "latent_satisfaction_loading": 0.6,
}

# ---------------------------------------------------------------- the answer templates
# {x} slots are filled from the lists in _SLOTS; each (theme, sentiment, language) has several.
_SLOTS = {
    "nl": {
        "medium": ["de nieuwsbrief", "de website", "de app-groep", "het ledenblad", "de mails van het bestuur"],
        "task": ["de zonnedaken", "de ledenadministratie", "de kascommissie", "de energiecafés", "de klusdagen"],
        "thing": ["de zonnepanelen op de school", "het buurtfonds", "de energieadviezen", "de nieuwe windmolen"],
    },
    "en": {
        "medium": ["the newsletter", "the website", "the group chat", "the members' magazine", "the board's emails"],
        "task": ["the solar roofs", "the membership records", "the audit committee", "the energy cafés", "the work days"],
        "thing": ["the solar panels on the school", "the neighbourhood fund", "the energy advice visits", "the new wind turbine"],
    },
}
_TEMPLATES = {
    ("communication", "positive", "nl"): [
        "Ik word goed op de hoogte gehouden via {medium}.",
        "De informatie via {medium} is duidelijk en op tijd, daar ben ik blij mee.",
        "Fijn dat besluiten altijd netjes worden uitgelegd.",
        "De informatie is helder, ook voor mensen die er niet veel verstand van hebben.",
    ],
    ("communication", "negative", "nl"): [
        "Ik hoor vaak pas achteraf wat er besloten is.",
        "De informatie via {medium} is onregelmatig en soms moeilijk te volgen.",
        "Het is niet altijd duidelijk waar het geld naartoe gaat, dat mag beter uitgelegd worden.",
        "Er komt zoveel informatie via {medium} dat ik de belangrijke dingen mis.",
        "Graag meer uitleg over {thing}; ik weet niet hoe het ervoor staat.",
    ],
    ("communication", "positive", "en"): [
        "I am kept well informed through {medium}.",
        "The information in {medium} is clear and on time, which I appreciate.",
        "Good that decisions are always explained properly.",
    ],
    ("communication", "negative", "en"): [
        "I often only hear afterwards what has been decided.",
        "Much of the information is only in Dutch, so I miss things.",
        "The information in {medium} is irregular and sometimes hard to follow.",
        "I would like more updates on {thing}; I don't know where it stands.",
    ],
    ("workload", "positive", "nl"): [
        "Het vrijwilligerswerk is goed verdeeld, niemand hoeft te veel te doen.",
        "Ik help mee met {task} en dat is goed te combineren met mijn werk.",
        "Prettig dat je zelf kunt kiezen hoeveel tijd je erin stopt.",
    ],
    ("workload", "negative", "nl"): [
        "Het zijn steeds dezelfde mensen die al het werk doen.",
        "Ik doe {task} al jaren en het wordt me eerlijk gezegd te veel.",
        "Er zijn te weinig vrijwilligers, het bestuur is overbelast.",
        "Als er niet snel nieuwe mensen bijkomen voor {task}, stop ik ermee.",
        "Het vraagt veel meer tijd dan ik had gedacht.",
    ],
    ("workload", "positive", "en"): [
        "The volunteer work is shared well; nobody has to do too much.",
        "I help with {task} and it fits well with my job.",
    ],
    ("workload", "negative", "en"): [
        "It is always the same few people doing all the work.",
        "I have been doing {task} for years and it is becoming too much.",
        "There are too few volunteers and the board is overstretched.",
    ],
    ("trust", "positive", "nl"): [
        "Ik heb veel vertrouwen in het bestuur, ze doen het goed.",
        "Het bestuur is open en eerlijk, ook als iets tegenzit.",
        "Ik vertrouw erop dat mijn inleg goed wordt beheerd.",
        "Je merkt dat het bestuur het belang van de leden voorop zet.",
    ],
    ("trust", "negative", "nl"): [
        "Het bestuur beslist te veel zonder de leden te raadplegen.",
        "Ik heb het gevoel dat een klein groepje alles bepaalt.",
        "Bij {thing} is over ons hoofd heen besloten.",
        "Ik mis openheid over de financiën en de contracten.",
    ],
    ("trust", "positive", "en"): [
        "I trust the board; they do a good job.",
        "The board is open and honest, even when things go wrong.",
    ],
    ("trust", "negative", "en"): [
        "The board decides too much without asking the members.",
        "It feels as if a small group decides everything.",
        "The decision on {thing} was made over our heads.",
    ],
    ("costs", "positive", "nl"): [
        "De contributie is laag voor wat je ervoor terugkrijgt.",
        "Mijn energierekening is echt omlaag gegaan sinds ik lid ben.",
        "Goed dat het rendement op de certificaten eerlijk wordt verdeeld.",
    ],
    ("costs", "negative", "nl"): [
        "De contributie is flink gestegen, dat vind ik jammer.",
        "Meedoen met {thing} is te duur voor mensen met een kleine beurs.",
        "Ik zie te weinig terug van mijn inleg.",
        "De kosten van de certificaten zijn niet voor iedereen op te brengen.",
    ],
    ("costs", "positive", "en"): [
        "The membership fee is low for what you get.",
        "My energy bill has really gone down since I joined.",
    ],
    ("costs", "negative", "en"): [
        "The membership fee has gone up a lot.",
        "Taking part in {thing} is too expensive for people on a low income.",
        "I see too little return on my investment.",
    ],
    ("social_contact", "positive", "nl"): [
        "Ik heb via de coöperatie veel buren leren kennen.",
        "Gezellig om samen met anderen aan {task} te werken.",
        "Het contact met andere leden is voor mij het belangrijkste.",
        "Door de coöperatie voel ik me meer thuis in de wijk.",
        "Leuk dat er na de ledenvergadering altijd tijd is voor koffie en een praatje.",
    ],
    ("social_contact", "negative", "nl"): [
        "Als nieuw lid voel ik me niet echt welkom.",
        "Het is een vrij gesloten groep, je komt er moeilijk tussen.",
        "Ik mis de gezelligheid van vroeger, er zijn bijna geen bijeenkomsten meer.",
    ],
    ("social_contact", "positive", "en"): [
        "I have got to know many neighbours through the cooperative.",
        "It is nice to work on {task} together with others.",
        "The contact with other members matters most to me.",
    ],
    ("social_contact", "negative", "en"): [
        "As a newcomer I don't really feel welcome.",
        "It is a rather closed group and hard to get into.",
    ],
    ("sustainability", "positive", "nl"): [
        "Mooi dat we samen onze eigen groene stroom opwekken.",
        "Ik ben trots op {thing}, zo dragen we echt bij aan de energietransitie.",
        "Dankzij de coöperatie doe ik zelf ook meer aan verduurzaming.",
        "Goed voor het klimaat en voor de buurt, daarom ben ik lid.",
    ],
    ("sustainability", "negative", "nl"): [
        "We zouden veel ambitieuzer moeten zijn met nieuwe projecten.",
        "Het gaat me te langzaam met de verduurzaming van de wijk.",
        "Sinds {thing} gebeurt er weinig nieuws op het gebied van duurzaamheid.",
    ],
    ("sustainability", "positive", "en"): [
        "Great that we generate our own green electricity together.",
        "I am proud of {thing}; it is a real contribution to the energy transition.",
        "Thanks to the cooperative I do more to make my own home sustainable.",
    ],
    ("sustainability", "negative", "en"): [
        "We should be much more ambitious with new projects.",
        "Making the neighbourhood sustainable is going too slowly.",
    ],
}


def _fill(template: str, lang: str, rng: np.random.Generator) -> str:
    out = template
    for slot, options in _SLOTS[lang].items():
        value = str(rng.choice(options))
        out = out.replace("{" + slot + "}", value)
        out = out.replace("{" + slot.capitalize() + "}", value[0].upper() + value[1:])
    return out


def member_survey(seed: int = SURVEY_SEED, n_respondents: int = 300,
                  collective_id: str = SURVEY_COLLECTIVE_ID,
                  founded_year: int = SURVEY_FOUNDED_YEAR) -> pd.DataFrame:
    """Generate the synthetic member survey of one collective (fieldwork year 2025).

    Parameters
    ----------
    seed
        Seed of every random draw; the committed file uses 20251209.
    n_respondents
        Number of respondents (10–5000).
    collective_id, founded_year
        The collective surveyed; members joined between its founding year and 2025.

    Returns
    -------
    DataFrame with the columns of datasets/member_survey.yml.

    Example
    -------
    >>> survey = member_survey(n_respondents=50)
    >>> int(survey["trust_board"].between(1, 5).sum())
    50
    """
    if not isinstance(n_respondents, (int, np.integer)) or not 10 <= n_respondents <= 5000:
        raise ParameterError("n_respondents", n_respondents, "a whole number between 10 and 5000")
    if not isinstance(founded_year, (int, np.integer)) or not 1900 <= founded_year <= SURVEY_YEAR:
        raise ParameterError("founded_year", founded_year, f"a year between 1900 and {SURVEY_YEAR}")
    rng = np.random.default_rng(seed)
    n = int(n_respondents)
    truth = SURVEY_TRUTH
    lang = np.where(rng.random(n) < truth["share_english"], "en", "nl")
    age_group = rng.choice(AGE_GROUPS, size=n, p=[0.12, 0.24, 0.38, 0.26])
    span = SURVEY_YEAR - founded_year + 1
    weights = np.linspace(1.6, 0.6, span)       # more early members still around than late
    member_since = founded_year + rng.choice(span, size=n, p=weights / weights.sum())

    themes = np.array(THEMES)
    shares = np.array([truth["theme_shares"][t] for t in THEMES])
    theme = rng.choice(themes, size=n, p=shares / shares.sum())
    positive = rng.random(n) < np.array([truth["share_positive"][t] for t in theme])
    answered = rng.random(n) >= truth["share_no_answer"]

    sat = rng.standard_normal(n)             # latent satisfaction shared by all items
    base = {"trust_board": 3.7, "feel_heard": 3.4, "would_recommend": 3.9, "workload_ok": 3.3,
            "info_clear": 3.5}
    items = {}
    for item in LIKERT_ITEMS:
        shift = np.where(np.array([truth["theme_item"][t] for t in theme]) == item,
                         np.where(positive, truth["item_shift_positive"], truth["item_shift_negative"]),
                         0.0)
        x = base[item] + truth["latent_satisfaction_loading"] * sat + shift + 0.7 * rng.standard_normal(n)
        items[item] = np.clip(np.round(x), 1, 5).astype(int)

    answers = []
    for i in range(n):
        if not answered[i]:
            answers.append(None)
            continue
        key = (theme[i], "positive" if positive[i] else "negative", lang[i])
        options = _TEMPLATES[key]
        answers.append(_fill(options[rng.integers(len(options))], lang[i], rng))

    df = pd.DataFrame({
        "respondent_id": pd.array([f"R{i + 1:04d}" for i in range(n)], dtype="string"),
        "collective_id": pd.array([collective_id] * n, dtype="string"),
        "language": pd.Categorical(lang, categories=["nl", "en"]),
        "age_group": pd.Categorical(age_group, categories=list(AGE_GROUPS)),
        "member_since_year": pd.array(member_since, dtype="Int64"),
        **{k: pd.array(v, dtype="Int64") for k, v in items.items()},
        "open_answer": pd.array(answers, dtype="string"),
        "true_theme": pd.Categorical(np.where(answered, theme, None), categories=list(THEMES)),
        "true_sentiment": pd.Categorical(
            np.where(answered, np.where(positive, "positive", "negative"), None),
            categories=["positive", "negative"]),
    })
    return df
