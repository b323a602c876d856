"""Coding open answers into themes: a transparent codebook coder, frequencies, quotes, agreement.

A *codebook* lists, for each theme, the words that signal it, in Dutch and in English, and
two short lists of words that signal a positive or a negative tone. The coder reads each
answer, counts the theme words it contains and gives the answer the theme with the most
hits (ties go to the theme listed first; no hit gives ``"uncoded"``). Nothing is hidden: every
coded answer carries the words that decided it, so a person can check and overrule it.

This is deliberately simple. It is how a first pass through a few hundred answers is often
done by hand with a coding frame, and it makes visible why a second coder (a person, or a
cleverer program) is needed: agreement between two codings is measured with Cohen's kappa
(Cohen 1960), which corrects the share of answers coded the same for the agreement expected
by chance.

- :data:`DEFAULT_CODEBOOK` — the codebook for the course's member survey (six themes).
- :func:`code_answers` — code every answer; returns theme, sentiment and the deciding words.
- :func:`theme_frequencies` — how often each theme occurs, by sentiment.
- :func:`representative_quotes` — for each theme, the answers that show it most clearly.
- :func:`cohen_kappa` and :func:`agreement_table` — agreement between two codings.

Example
-------
>>> import pandas as pd
>>> answers = pd.DataFrame({"open_answer": ["De nieuwsbrief is duidelijk.", "Too expensive for me."],
...                         "language": ["nl", "en"]})
>>> code_answers(answers)[["theme", "sentiment"]].to_dict("records")
[{'theme': 'communication', 'sentiment': 'positive'}, {'theme': 'costs', 'sentiment': 'negative'}]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.validate import column_name, require_columns, text_list

__all__ = [
    "DEFAULT_CODEBOOK",
    "Codebook",
    "KappaResult",
    "UNCODED",
    "agreement_table",
    "code_answers",
    "cohen_kappa",
    "representative_quotes",
    "theme_frequencies",
]

#: The label given to an answer in which no theme word was found.
UNCODED = "uncoded"
_SOURCE = "'answers' (the table given)"
_CODED = "'coded' (the table given)"


@dataclass(frozen=True)
class Codebook:
    """Theme words and tone words, per language.

    Attributes
    ----------
    themes : theme → language → words. A word matches at the start of a word in the answer,
        so ``"informatie"`` also matches "informatievoorziening"; write a phrase with spaces
        to match it as a whole ("op de hoogte").
    positive, negative : language → words that signal the tone.
    descriptions : theme → one sentence saying what belongs to the theme (for the reader).
    """

    themes: Mapping[str, Mapping[str, tuple[str, ...]]]
    positive: Mapping[str, tuple[str, ...]]
    negative: Mapping[str, tuple[str, ...]]
    descriptions: Mapping[str, str] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """The codebook as a table: theme, description, Dutch words, English words."""
        return pd.DataFrame([{"theme": t, "description": self.descriptions.get(t, ""),
                              "words (nl)": ", ".join(w.get("nl", ())),
                              "words (en)": ", ".join(w.get("en", ()))} for t, w in self.themes.items()])


DEFAULT_CODEBOOK = Codebook(
    themes=MappingProxyType({
        "communication": {
            "nl": ("informatie", "nieuwsbrief", "ledenblad", "website", "uitleg", "uitgelegd", "op de hoogte",
                   "achteraf"),
            "en": ("information", "newsletter", "update", "afterwards", "explain"),
        },
        "workload": {
            "nl": ("werk", "vrijwillig", "tijd", "te veel", "stop ik", "dezelfde mensen"),
            "en": ("work", "volunteer", "overstretched", "job", "time"),
        },
        "trust": {
            "nl": ("bestuur", "vertrouw", "openheid", "over ons hoofd", "groepje", "raadplegen"),
            "en": ("board", "trust", "over our heads", "without asking"),
        },
        "costs": {
            "nl": ("contributie", "kosten", "duur", "rekening", "inleg", "rendement", "beurs", "geld"),
            "en": ("fee", "cost", "expensive", "bill", "return", "investment", "money"),
        },
        "social_contact": {
            "nl": ("gezellig", "contact", "buren", "welkom", "thuis", "praatje", "samen met anderen"),
            "en": ("contact", "neighbours", "together with others", "welcome"),
        },
        "sustainability": {
            "nl": ("duurzaam", "verduurzam", "klimaat", "groene stroom", "energietransitie", "ambitieu"),
            "en": ("sustainab", "climate", "green electricity", "energy transition"),
        },
    }),
    positive=MappingProxyType({
        "nl": ("fijn", "goed", "duidelijk", "helder", "blij", "trots", "mooi", "gezellig", "leuk", "prettig",
               "vertrouw", "eerlijk", "laag", "omlaag", "thuis", "leren kennen", "belangrijkste"),
        "en": ("clear", "appreciate", "proud", "great", "nice", "trust", "good", "gone down", "fits well",
               "matters most", "got to know"),
    }),
    negative=MappingProxyType({
        "nl": ("niet", "mis", "te veel", "te duur", "te weinig", "te langzaam", "moeilijk", "jammer", "gestegen",
               "stop ik", "onregelmatig", "zonder", "over ons hoofd", "weinig", "dezelfde mensen", "steeds"),
        "en": ("too ", "only", "miss", "don't", "without", "over our heads", "gone up", "same few",
               "overstretched", "slowly"),
    }),
    descriptions=MappingProxyType({
        "communication": "How members are informed: newsletters, explanations, hearing about decisions.",
        "workload": "Volunteer work: how much, how it is shared, whether people can keep it up.",
        "trust": "Trust in the board and in how decisions are made and shared.",
        "costs": "Money for members: fees, costs of taking part, returns, the energy bill.",
        "social_contact": "Meeting people, feeling welcome, being at home in the neighbourhood.",
        "sustainability": "The collective's contribution to the energy transition and the climate.",
    }),
)


def _pattern(words: Sequence[str]) -> re.Pattern | None:
    words = [w.lower() for w in words if w and w.strip()]
    if not words:
        return None
    # longest first, so that a phrase wins over a word it contains; match at a word start
    alts = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})")


def _check_codebook(codebook: Codebook) -> None:
    if not isinstance(codebook, Codebook) or not codebook.themes:
        raise ParameterError("codebook", type(codebook).__name__, "a Codebook with at least one theme")


def code_answers(answers: pd.DataFrame | pd.Series | Sequence[str], text: str = "open_answer",
                 language: str | None = "language", codebook: Codebook = DEFAULT_CODEBOOK) -> pd.DataFrame:
    """Code each answer with one theme and a tone, and say which words decided it.

    Parameters
    ----------
    answers : a table with a text column (and optionally a language column), a Series or a
        list of answers. Empty answers are coded ``"uncoded"`` / ``"none"``.
    text : the column with the answers.
    language : the column with the language ("nl", "en"); None (or a missing column) uses the
        words of every language for every answer.
    codebook : the theme and tone words.

    Returns
    -------
    DataFrame with the same index: text, theme (``"uncoded"`` when no theme word is found),
    sentiment ("positive", "negative", "mixed" when both counts are equal and above 0, "none"
    when no tone word is found), theme_words and tone_words (the matched words, for checking),
    theme_hits (how many theme words the chosen theme matched).

    Example
    -------
    >>> code_answers(["Het bestuur beslist zonder de leden te raadplegen."])["theme"].tolist()
    ['trust']
    """
    _check_codebook(codebook)
    if isinstance(answers, pd.DataFrame):
        require_columns(answers, [column_name("text", text)], _SOURCE, name="answers")
        texts = answers[text]
        langs = answers[language] if language and language in answers.columns else None
    else:
        texts = answers if isinstance(answers, pd.Series) else pd.Series(text_list("answers", answers, what="answers"),
                                                                           dtype=object)
        langs = None
    all_langs = sorted({lang for words in codebook.themes.values() for lang in words})

    def patterns(lang):
        chosen = [lang] if lang in all_langs else all_langs
        th = {t: _pattern([w for lg in chosen for w in words.get(lg, ())]) for t, words in codebook.themes.items()}
        pos = _pattern([w for lg in chosen for w in codebook.positive.get(lg, ())])
        neg = _pattern([w for lg in chosen for w in codebook.negative.get(lg, ())])
        return th, pos, neg

    cache: dict = {}
    rows = []
    for i, raw in enumerate(texts.tolist()):
        s = "" if raw is None or (isinstance(raw, float) and np.isnan(raw)) else str(raw)
        lang = None if langs is None else langs.iloc[i]
        lang = lang if isinstance(lang, str) else None
        if lang not in cache:
            cache[lang] = patterns(lang)
        th, pos, neg = cache[lang]
        low = s.lower()
        best, best_hits, best_words = UNCODED, 0, []
        for theme, pat in th.items():
            found = pat.findall(low) if pat else []
            if len(found) > best_hits:
                best, best_hits, best_words = theme, len(found), found
        p = pos.findall(low) if pos and s else []
        n = neg.findall(low) if neg and s else []
        if not s.strip():
            sentiment = "none"
        elif len(p) > len(n):
            sentiment = "positive"
        elif len(n) > len(p):
            sentiment = "negative"
        else:
            sentiment = "mixed" if p else "none"
        rows.append({"text": s, "theme": best, "sentiment": sentiment, "theme_words": ", ".join(best_words),
                     "tone_words": ", ".join(p + n), "theme_hits": best_hits})
    return pd.DataFrame(rows, index=texts.index)


def theme_frequencies(coded: pd.DataFrame, theme: str = "theme", sentiment: str | None = "sentiment", *,
                      include_uncoded: bool = True) -> pd.DataFrame:
    """How often each theme occurs: one row per theme, one column per tone, a total and a share.

    ``share`` is the theme's share of all coded answers (or of all answers with
    ``include_uncoded=True``), between 0 and 1. Rows are sorted from most to least frequent.

    Example
    -------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"theme": ["costs", "costs", "trust"], "sentiment": ["negative", "positive", "negative"]})
    >>> theme_frequencies(c)[["theme", "total", "share"]].to_dict("records")
    [{'theme': 'costs', 'total': 2, 'share': 0.6666666666666666}, {'theme': 'trust', 'total': 1, 'share': 0.3333333333333333}]
    """
    sentiment = column_name("sentiment", None if isinstance(sentiment, str) and not sentiment else sentiment,
                            optional=True)
    require_columns(coded, [column_name("theme", theme)] + ([sentiment] if sentiment else []), _CODED, name="coded")
    data = coded[coded[theme].notna()]
    if not include_uncoded:
        data = data[data[theme] != UNCODED]
    if sentiment:
        table = pd.crosstab(data[theme], data[sentiment])
    else:
        table = data[theme].value_counts().to_frame("count")
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    table["share"] = table["total"] / table["total"].sum() if table["total"].sum() else np.nan
    table = table.sort_values(["total"], ascending=False, kind="stable")
    return table.rename_axis("theme").reset_index()


def representative_quotes(coded: pd.DataFrame, n: int = 2, *, theme: str = "theme", text: str = "text",
                          sentiment: str | None = "sentiment") -> pd.DataFrame:
    """For each theme (and tone), the ``n`` answers that show it most clearly.

    "Most clearly" means: the most theme words (``theme_hits``), then the shortest answer, then
    the first in the table — a transparent rule, not a judgement. Duplicate answers are shown
    once. Uncoded answers are left out.

    Returns
    -------
    DataFrame: theme, sentiment (when given), quote, theme_words.
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ParameterError("n", n, "a whole number of quotes per theme, 1 or more")
    sentiment = column_name("sentiment", None if isinstance(sentiment, str) and not sentiment else sentiment,
                            optional=True)
    require_columns(coded, [column_name("theme", theme), column_name("text", text)] + ([sentiment] if sentiment else []),
                    _CODED, name="coded")
    data = coded[(coded[theme] != UNCODED) & coded[text].astype(str).str.strip().ne("")].copy()
    data["_hits"] = data["theme_hits"] if "theme_hits" in data.columns else 0
    data["_len"] = data[text].astype(str).str.len()
    data["_order"] = np.arange(len(data))
    data = data.drop_duplicates(subset=[theme, text])
    keys = [theme] + ([sentiment] if sentiment else [])
    data = data.sort_values([*keys, "_hits", "_len", "_order"], ascending=[True] * len(keys) + [False, True, True])
    top = data.groupby(keys, sort=True).head(n)
    out = top[[*keys, text] + (["theme_words"] if "theme_words" in top.columns else [])].rename(columns={text: "quote"})
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class KappaResult:
    """Agreement between two codings of the same answers.

    kappa : Cohen's kappa, (observed − expected) ÷ (1 − expected); 1 = perfect agreement,
        0 = no more than chance.
    observed : the share of answers both coded the same.
    expected : the share expected to agree by chance, from each coding's own frequencies.
    n : answers compared (pairs with a missing code are left out).
    categories : the codes that occur in either coding.
    """

    kappa: float
    observed: float
    expected: float
    n: int
    categories: tuple[str, ...]

    @property
    def label(self) -> str:
        """The verbal band of Landis & Koch (1977) for this kappa (a convention, not a test)."""
        k = self.kappa
        if not np.isfinite(k):
            return "undefined"
        for upper, word in ((0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"),
                            (0.80, "substantial")):
            if k < upper or (upper > 0 and k <= upper):
                return word
        return "almost perfect"


def _pairs(a, b) -> tuple[np.ndarray, np.ndarray]:
    a = pd.Series(text_list("coding_a", a, what="codes"), dtype=object)
    b = pd.Series(text_list("coding_b", b, what="codes"), dtype=object)
    if len(a) != len(b):
        raise ParameterError("codings", f"{len(a)} and {len(b)} codes", "two codings of the same answers (equal length)")
    keep = a.notna() & b.notna()
    if not keep.any():
        raise ParameterError("codings", "no complete pairs", "at least one answer coded by both")
    return a[keep].astype(str).to_numpy(), b[keep].astype(str).to_numpy()


def cohen_kappa(coding_a, coding_b) -> KappaResult:
    """Cohen's kappa for two codings of the same answers (Cohen 1960).

    Example (50 answers; both "yes" 20, A yes/B no 5, A no/B yes 10, both "no" 15):

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> r = cohen_kappa(a, b)
    >>> round(r.observed, 2), round(r.expected, 2), round(r.kappa, 2)
    (0.7, 0.5, 0.4)
    """
    a, b = _pairs(coding_a, coding_b)
    cats = tuple(sorted(set(a) | set(b)))
    n = len(a)
    po = float(np.mean(a == b))
    pa = np.array([np.mean(a == c) for c in cats])
    pb = np.array([np.mean(b == c) for c in cats])
    pe = float(pa @ pb)
    kappa = (po - pe) / (1 - pe) if pe < 1 else (1.0 if po == 1 else float("nan"))
    return KappaResult(kappa=float(kappa), observed=po, expected=pe, n=n, categories=cats)


def agreement_table(coding_a, coding_b, *, names: tuple[str, str] = ("coder", "answer key")) -> pd.DataFrame:
    """Cross-table of two codings: rows = the first coding, columns = the second; the diagonal agrees.

    >>> agreement_table(["a", "a", "b"], ["a", "b", "b"]).to_dict()
    {'a': {'a': 1, 'b': 0}, 'b': {'a': 1, 'b': 1}}
    """
    a, b = _pairs(coding_a, coding_b)
    cats = sorted(set(a) | set(b))
    table = pd.crosstab(pd.Categorical(a, categories=cats), pd.Categorical(b, categories=cats), dropna=False)
    table.index.name, table.columns.name = names
    return table.rename(index=str, columns=str)
