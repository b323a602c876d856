"""Legal forms: compare them side by side, and see which fit a collective's answers to a few
questions. **Orientation, not legal advice**: the table behind it (``datasets/legal_forms``) is a
teaching summary; check the current law and ask a notary or lawyer before choosing.

Empty cells in the table mean that no source was found. They are shown as "not verified", and a
question that depends on one is answered "not verified" — never guessed.

Example
-------
>>> from collectives import data
>>> forms = data.load("legal_forms")
>>> fit = match_forms(forms, country="Netherlands", members="yes", distribute_profit="yes")
>>> fit[["form_id", "fit"]].values.tolist()
[['NL-COOP', 'fits'], ['NL-VER', 'does not fit'], ['NL-STI', 'does not fit']]
"""

from __future__ import annotations

import re

import pandas as pd

from collectives.errors import ParameterError

__all__ = ["ASPECTS", "NOT_VERIFIED", "QUESTIONS", "cases_by_form", "compare_forms", "match_forms", "profit_reading"]

#: What an empty cell is shown as.
NOT_VERIFIED = "not verified"

#: The rows of the side-by-side comparison: column -> label.
ASPECTS: dict[str, str] = {
    "form": "Form (original name)",
    "legal_basis": "Legal basis",
    "min_founders": "Minimum founders",
    "has_members": "Has members",
    "liability": "Members' liability",
    "profit_distribution": "Profit distribution",
    "voting": "Voting",
    "founding_requirements": "Founding requirements",
    "audit": "Audit",
    "used_by": "Used by",
    "not_verified": "Not verified: what was looked for, and where",
}

#: The questionnaire: parameter -> (question, allowed answers).
QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "country": ("In which country will the collective be registered?",
                ("any", "Netherlands", "Belgium", "Germany", "EU/EEA")),
    "members": ("Should the people it serves be members with a vote?", ("either", "yes", "no")),
    "distribute_profit": ("Should members be able to receive a share of the profit?",
                          ("either", "yes", "no (it must stay in the collective)")),
    "limit_liability": ("Must members' personal liability be limited or excluded?", ("either", "yes")),
    "founders": ("How many founders are there?", ()),
    "cross_border": ("Are the founders spread over two or more EU Member States?", ("no", "yes")),
}


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return NOT_VERIFIED
    text = str(value).strip()
    if text == "":
        return NOT_VERIFIED
    if text in ("True", "False"):
        return "yes" if text == "True" else "no"
    return text


def _check_forms(forms: pd.DataFrame) -> None:
    needed = {"form_id", "country", "form_en", *ASPECTS}
    if not isinstance(forms, pd.DataFrame) or not needed <= set(forms.columns):
        raise ParameterError("forms", type(forms).__name__, "the legal_forms table: data.load('legal_forms')")


def compare_forms(forms: pd.DataFrame, form_ids: list[str] | None = None, country: str | None = None) -> pd.DataFrame:
    """Forms side by side: one row per aspect, one column per form; empty cells read "not verified".

    Parameters
    ----------
    forms : DataFrame
        ``data.load("legal_forms")``.
    form_ids : list of str, optional
        The forms to show (e.g. ``["NL-COOP", "BE-CV", "DE-EG"]``), in this order.
    country : str, optional
        Show the forms of one country ("Netherlands", "Belgium", "Germany", "EU/EEA").

    Examples
    --------
    >>> from collectives import data
    >>> table = compare_forms(data.load("legal_forms"), ["NL-COOP", "NL-STI"])
    >>> table.loc["Minimum founders"].tolist()
    ['2', 'not verified']
    """
    _check_forms(forms)
    rows = forms
    if country is not None:
        countries = sorted(forms["country"].dropna().unique())
        if country not in countries:
            raise ParameterError("country", country, f"one of {', '.join(countries)}")
        rows = rows[rows["country"] == country]
    if form_ids is not None:
        known = list(forms["form_id"])
        unknown = [f for f in form_ids if f not in known]
        if unknown or not form_ids:
            raise ParameterError("form_ids", unknown[0] if unknown else form_ids, f"form ids from {', '.join(known)}")
        rows = rows.set_index("form_id").loc[list(form_ids)].reset_index()
    table = pd.DataFrame({f"{r.form_en} ({r.form_id})": [_cell(getattr(r, c)) for c in ASPECTS]
                          for r in rows.itertuples()}, index=list(ASPECTS.values()))
    table.index.name = "aspect"
    return table


def profit_reading(text: object) -> str:
    """Read a ``profit_distribution`` cell as "yes", "capped", "no" or "not verified".

    The reading follows the first words of the cell, which the datasheet writes consistently:
    "Allowed", "Distributions only if ...", "Profits distributed ..." (yes); "Dividend capped",
    "... may not exceed ..." (capped); "Not allowed", "... may not be directed at an economic
    business" (no). Anything else is "not verified".

    Examples
    --------
    >>> profit_reading("Not allowed: profit may not be distributed"), profit_reading(None)
    ('no', 'not verified')
    """
    t = _cell(text)
    if t == NOT_VERIFIED:
        return NOT_VERIFIED
    low = t.lower()
    if low.startswith("not allowed") or "may not be directed at an economic business" in low:
        return "no"
    if "capped" in low or "may not exceed" in low:
        return "capped"
    if low.startswith(("allowed", "distributions only if", "profits distributed")):
        return "yes"
    return NOT_VERIFIED


def _liability_reading(text: object) -> str:
    """Whether the cell says members' liability can be limited or excluded: "yes" or "not verified"."""
    t = _cell(text)
    if t == NOT_VERIFIED:
        return NOT_VERIFIED
    low = t.lower()
    if any(w in low for w in ("limited", "excluded", "no member is liable", "only the cooperative's assets",
                              "members are not liable", "no members are liable")):
        return "yes"
    return NOT_VERIFIED


def _choice(name: str, value: object) -> str:
    allowed = QUESTIONS[name][1]
    if value not in allowed:
        raise ParameterError(name, value, "one of " + ", ".join(repr(a) for a in allowed))
    return str(value)


def match_forms(forms: pd.DataFrame, *, country: str = "any", members: str = "either",
                distribute_profit: str = "either", limit_liability: str = "either",
                founders: int | None = None, cross_border: str = "no") -> pd.DataFrame:
    """Which legal forms fit a collective's answers, and why. Orientation, not legal advice.

    Parameters
    ----------
    forms : DataFrame
        ``data.load("legal_forms")``.
    country, members, distribute_profit, limit_liability, cross_border : str
        Answers to :data:`QUESTIONS` ("either" = no preference).
    founders : int, optional
        Number of founders; forms that need more do not fit.

    Returns
    -------
    DataFrame
        One row per form (of the chosen country): ``form_id``, ``form_en``, ``country``, ``fit``
        ("fits", "does not fit" or "not verified": no answer contradicts the form, but one rests
        on an empty cell), and ``reasons`` (one sentence per question that mattered).

    Examples
    --------
    >>> from collectives import data
    >>> fit = match_forms(data.load("legal_forms"), country="Belgium", distribute_profit="no (it must stay in the collective)")
    >>> fit.set_index("form_id")["fit"].to_dict()
    {'BE-CV': 'does not fit', 'BE-CV-ERK': 'does not fit', 'BE-SO': 'does not fit', 'BE-VZW': 'fits'}
    """
    _check_forms(forms)
    country = _choice("country", country)
    members = _choice("members", members)
    profit = _choice("distribute_profit", distribute_profit)
    liability = _choice("limit_liability", limit_liability)
    cross = _choice("cross_border", cross_border)
    if founders is not None and (isinstance(founders, bool) or not isinstance(founders, int) or not 1 <= founders <= 10_000):
        raise ParameterError("founders", founders, "a whole number of founders, 1 or more")
    rows = forms if country == "any" else forms[forms["country"] == country]
    out = []
    for r in rows.itertuples():
        bad, unverified, good = [], [], []
        has = _cell(r.has_members)
        if members != "either":
            if has == NOT_VERIFIED:
                unverified.append("whether it has members is not verified")
            elif (has == "yes") == (members == "yes"):
                good.append("it has members" if has == "yes" else "it has no members")
            else:
                bad.append("it has members" if has == "yes" else "it has no members")
        if profit != "either":
            reading = profit_reading(r.profit_distribution)
            no_business = "economic business" in _cell(r.profit_distribution).lower()
            if reading == NOT_VERIFIED:
                unverified.append("its rules on profit distribution are not verified")
            elif profit == "yes":
                (good if reading in ("yes", "capped") else bad).append(
                    "its purpose may not be directed at an economic business" if no_business else
                    {"yes": "profit may be distributed", "capped": "a capped dividend may be paid",
                     "no": "profit may not be distributed"}[reading])
            else:
                (good if reading == "no" else bad).append(
                    {"yes": "profit may be distributed to members", "capped": "a capped dividend may be paid to members",
                     "no": "profit must stay in the organisation"}[reading])
        if liability == "yes":
            if _liability_reading(r.liability) == "yes":
                good.append("members' liability can be limited or excluded")
            else:
                unverified.append("members' liability is not verified")
        if founders is not None:
            need = r.min_founders
            if need is None or pd.isna(need):
                unverified.append("the minimum number of founders is not verified")
            elif founders < int(need):
                bad.append(f"it needs at least {int(need)} founders")
            else:
                good.append(f"{founders} founders meet the minimum of {int(need)}")
        if r.form_id == "EU-SCE":
            if cross == "yes":
                good.append("it was made for founders in two or more Member States")
            else:
                bad.append("its founders must come from at least two Member States")
        fit = "does not fit" if bad else ("not verified" if unverified else "fits")
        reasons = [f"no: {b}" for b in bad] + [f"yes: {g}" for g in good] + [f"?: {u}" for u in unverified]
        out.append({"form_id": r.form_id, "form_en": r.form_en, "country": r.country, "fit": fit,
                    "reasons": "; ".join(reasons) if reasons else "no question excludes it"})
    return pd.DataFrame(out, columns=["form_id", "form_en", "country", "fit", "reasons"])


# Which case-library legal forms (as the sources word them) belong to which form in the table.
_CASE_PATTERNS: dict[str, tuple[str, str]] = {
    "NL-COOP": ("Netherlands", r"^coöperati(e|eve vereniging)\b"),
    "NL-VER": ("Netherlands", r"^vereniging\b"),
    "NL-STI": ("Netherlands", r"^stichting\b"),
    "BE-CV": ("Belgium", r"^(erkende )?cv(ba)?\b"),
    "BE-CV-ERK": ("Belgium", r"recognised cooperative"),
    "BE-VZW": ("Belgium", r"asbl|vzw"),
    "DE-EG": ("Germany", r"genossenschaft|\beg\b"),
}


def cases_by_form(cases: pd.DataFrame, forms: pd.DataFrame) -> pd.DataFrame:
    """The case-library collectives whose legal form (as their source words it) is one in the table.

    A case is matched on its country and the wording of ``legal_form``: e.g. a Dutch
    "coöperatie U.A." or "coöperatieve vereniging B.A." to NL-COOP, a Belgian "cvba" to BE-CV.
    Forms such as "wooncoöperatie" or "dorpscoöperatie" describe the activity rather than the
    legal form and are not matched.

    Returns
    -------
    DataFrame
        ``form_id``, ``form_en``, ``case`` (name), ``legal_form`` (as the source words it),
        ``outcome`` and ``source_legal_form``; one row per match.

    Examples
    --------
    >>> from collectives import data
    >>> m = cases_by_form(data.load("cases"), data.load("legal_forms"))
    >>> sorted(m.loc[m["form_id"] == "BE-CV", "case"])
    ['Ecopower', 'Partago']
    """
    _check_forms(forms)
    if not {"name", "country", "legal_form", "outcome", "source_legal_form"} <= set(cases.columns):
        raise ParameterError("cases", type(cases).__name__, "the case library: data.load('cases')")
    names = dict(zip(forms["form_id"], forms["form_en"]))
    out = []
    for c in cases.itertuples():
        wording = _cell(c.legal_form)
        if wording == NOT_VERIFIED:
            continue
        for form_id, (country, pattern) in _CASE_PATTERNS.items():
            if c.country == country and form_id in names and re.search(pattern, wording, flags=re.IGNORECASE):
                out.append({"form_id": form_id, "form_en": names[form_id], "case": c.name, "legal_form": wording,
                            "outcome": str(c.outcome), "source_legal_form": c.source_legal_form})
    return pd.DataFrame(out, columns=["form_id", "form_en", "case", "legal_form", "outcome", "source_legal_form"])
