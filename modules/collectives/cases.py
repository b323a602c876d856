"""The case library and the historical timeline: grouping, filtering, and where an initiative
sits on the boundaries of the definition of a citizen collective.

Works on the ``cases`` dataset (24 real collectives, one row each) and the ``timeline`` dataset
(dated events, one row each). Pure computations: DataFrames in, DataFrames or small frozen
dataclasses out. A filter that matches nothing raises :class:`~collectives.errors.CollectivesError`
with a message that says which choices to loosen, so an explorer can show it instead of an empty
figure.

Example
-------
>>> import pandas as pd
>>> cases = pd.DataFrame({
...     "name": ["A", "B"], "country": ["Netherlands", "Belgium"], "sector": ["energy", "care"],
...     "outcome": ["thriving", "failed"], "legal_form": ["coöperatie U.A.", "vzw"],
...     "year_founded": [2010, 2015], "year_ended": [None, 2020]})
>>> filter_cases(prepare_cases(cases), country="Belgium")["name"].tolist()
['B']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from collectives.vocabulary import CASE_SECTOR_LABELS
from collectives.errors import CollectivesError, ParameterError

#: Year the ages of collectives are measured at (the last year the case sources describe).
AS_OF_YEAR = 2025

#: Legal forms grouped into four families (the raw text stays in ``legal_form``).
LEGAL_FORM_GROUPS = ("cooperative", "association or foundation", "other", "none or not in sources")

#: Waves of institutions for collective action, with the labels the chapters use.
WAVE_LABELS = {
    "first": "1st wave: commons, guilds, water boards (c. 1000–1800)",
    "second": "2nd wave: the cooperative movement (from the 1840s)",
    "third": "3rd wave: citizen collectives (since c. 1990)",
}

SECTOR_LABELS = CASE_SECTOR_LABELS

_COOPERATIVE = re.compile(r"co[öo]p|co-op|genossenschaft|cvba|cooperati|sociedad cooperativa", re.IGNORECASE)
_ASSOCIATION = re.compile(r"\basbl\b|\bvzw\b|stichting|vereniging|association|foundation", re.IGNORECASE)


def legal_form_group(legal_form: str | None) -> str:
    """The family of a legal form as written in the sources.

    >>> legal_form_group("coöperatie U.A."), legal_form_group("stichting (Stichting Repair Café)")
    ('cooperative', 'association or foundation')
    >>> legal_form_group(None), legal_form_group("society (not-for-profit)")
    ('none or not in sources', 'other')
    """
    if legal_form is None or pd.isna(legal_form) or str(legal_form).strip().lower().startswith("none"):
        return "none or not in sources"
    text = str(legal_form)
    if _COOPERATIVE.search(text):
        return "cooperative"
    if _ASSOCIATION.search(text):
        return "association or foundation"
    return "other"


def prepare_cases(cases: pd.DataFrame, as_of: int = AS_OF_YEAR) -> pd.DataFrame:
    """The case library with three added columns: ``legal_form_group``, ``age_years`` and ``end_year``.

    ``age_years`` is the age at ``as_of`` for a collective that still exists, or at its ending
    year; it is missing when no source gave a founding year. ``end_year`` is the ending year,
    else ``as_of`` (the right end of a bar in the case timeline).

    >>> df = pd.DataFrame({"year_founded": [2010, None], "year_ended": [2013, None], "legal_form": ["cvba", None]})
    >>> prepare_cases(df, as_of=2025)[["legal_form_group", "age_years", "end_year"]].to_dict("records")
    [{'legal_form_group': 'cooperative', 'age_years': 3, 'end_year': 2013}, {'legal_form_group': 'none or not in sources', 'age_years': None, 'end_year': 2025}]
    """
    out = cases.copy()
    founded = pd.array(out["year_founded"], dtype="Int64")
    ended = pd.array(out["year_ended"], dtype="Int64")
    end = ended.fillna(as_of)
    out["legal_form_group"] = pd.Categorical([legal_form_group(v) for v in out["legal_form"]],
                                             categories=list(LEGAL_FORM_GROUPS))
    out["age_years"] = end - founded
    out["end_year"] = end
    return out


def _check_choice(name: str, value: str | None, allowed: pd.Series) -> None:
    if value is None:
        return
    values = allowed.cat.categories if isinstance(allowed.dtype, pd.CategoricalDtype) else allowed.dropna()
    known = sorted({str(v) for v in values})
    if value not in known:
        raise ParameterError(name, value, "one of: " + ", ".join(known))


def filter_cases(
    cases: pd.DataFrame,
    *,
    sector: str | None = None,
    country: str | None = None,
    outcome: str | None = None,
    legal_form: str | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
) -> pd.DataFrame:
    """The cases that match every given choice (None = any); a friendly error if none match.

    ``cases`` must come from :func:`prepare_cases`. ``legal_form`` is one of
    :data:`LEGAL_FORM_GROUPS`. An age filter (``min_age``/``max_age``, in years) leaves out cases
    whose founding year is not in the sources.

    Raises
    ------
    ParameterError
        A value that does not exist in the data (e.g. a misspelt country).
    CollectivesError
        No case matches the combination; the message lists the choices made.

    >>> df = prepare_cases(pd.DataFrame({"name": ["A", "B"], "country": ["Spain", "Belgium"],
    ...     "sector": ["work", "energy"], "outcome": ["failed", "thriving"], "legal_form": ["cooperativa", "cvba"],
    ...     "year_founded": [1956, 1991], "year_ended": [2013, None]}))
    >>> filter_cases(df, country="Spain", outcome="thriving")
    Traceback (most recent call last):
    ...
    collectives.errors.CollectivesError: No case in the library matches country = Spain, outcome = thriving. Loosen one of these choices (set it to 'any').
    """
    if min_age is not None and max_age is not None and min_age > max_age:
        raise ParameterError("age range", (min_age, max_age), "a lowest age that is not above the highest age")
    choices = {"sector": sector, "country": country, "outcome": outcome, "legal_form_group": legal_form}
    mask = pd.Series(True, index=cases.index)
    for column, value in choices.items():
        _check_choice("legal form" if column == "legal_form_group" else column, value,
                      pd.Series(LEGAL_FORM_GROUPS) if column == "legal_form_group" else cases[column])
        if value is not None:
            mask &= cases[column].astype("string") == value
    if min_age is not None:
        mask &= (cases["age_years"] >= min_age).fillna(False)
    if max_age is not None:
        mask &= (cases["age_years"] <= max_age).fillna(False)
    result = cases[mask]
    if result.empty:
        made = [f"{'legal form' if k == 'legal_form_group' else k} = {v}" for k, v in choices.items() if v is not None]
        if min_age is not None or max_age is not None:
            made.append(f"age {min_age if min_age is not None else 0}–{max_age if max_age is not None else '∞'} years")
        raise CollectivesError(
            "No case in the library matches " + (", ".join(made) or "these choices")
            + ". Loosen one of these choices (set it to 'any')."
        )
    return result


def legal_form_summary(cases: pd.DataFrame) -> pd.DataFrame:
    """How many cases of each sector have each family of legal form (cases from :func:`prepare_cases`).

    Returns a long table with ``sector``, ``legal_form_group`` and ``cases`` (zero counts left out).
    """
    table = (cases.groupby(["sector", "legal_form_group"], observed=True).size()
             .rename("cases").reset_index())
    return table[table["cases"] > 0].reset_index(drop=True)


def filter_timeline(
    events: pd.DataFrame,
    *,
    wave: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Timeline events that match every given choice (None = any); a friendly error if none match.

    ``country`` may also be ``"elsewhere"`` (every country except the Netherlands and Belgium).

    >>> events = pd.DataFrame({"year": [1844, 2019], "wave": ["second", "third"],
    ...     "country": ["United Kingdom", "Netherlands"], "sector": ["consumer_food", "energy"]})
    >>> filter_timeline(events, country="elsewhere")["year"].tolist()
    [1844]
    """
    if start_year is not None and end_year is not None and start_year > end_year:
        raise ParameterError("period", (start_year, end_year), "a first year that is not after the last year")
    mask = pd.Series(True, index=events.index)
    if wave is not None:
        _check_choice("wave", wave, events["wave"].astype("string"))
        mask &= events["wave"].astype("string") == wave
    if sector is not None:
        _check_choice("sector", sector, events["sector"].astype("string"))
        mask &= events["sector"].astype("string") == sector
    if country == "elsewhere":
        mask &= ~events["country"].isin(["Netherlands", "Belgium"])
    elif country is not None:
        _check_choice("country", country, pd.concat([events["country"], pd.Series(["elsewhere"])]))
        mask &= events["country"] == country
    if start_year is not None:
        mask &= events["year"] >= start_year
    if end_year is not None:
        mask &= events["year"] <= end_year
    result = events[mask]
    if result.empty:
        made = [f"{k} = {v}" for k, v in (("wave", wave), ("country", country), ("sector", sector)) if v is not None]
        if start_year is not None or end_year is not None:
            made.append(f"years {start_year}–{end_year}")
        raise CollectivesError(
            "No event in the timeline matches " + (", ".join(made) or "these choices")
            + ". Widen the period or set a choice to 'any'."
        )
    return result.sort_values("year")


@dataclass(frozen=True)
class Placement:
    """Where an initiative sits against the course's working definition of a citizen collective."""

    verdict: str
    reasons: tuple[str, ...]


def place_initiative(
    *,
    citizen_initiated: bool,
    members_control: bool,
    serves_members: bool,
    serves_community: bool,
    profit_for_investors: bool = False,
    run_by_government: bool = False,
) -> Placement:
    """Place an initiative on the boundaries of the working definition used in this course.

    A citizen collective is started by citizens, owned or controlled by its members, and serves
    its members *and* a wider community. The verdict is ``"citizen collective"``, ``"borderline"``
    or ``"not a citizen collective"``, with the reasons that decide it. The definition is a
    teaching tool, not a legal test: a borderline verdict is a prompt for discussion.

    >>> place_initiative(citizen_initiated=True, members_control=True, serves_members=True,
    ...                  serves_community=True).verdict
    'citizen collective'
    >>> place_initiative(citizen_initiated=True, members_control=True, serves_members=True,
    ...                  serves_community=False).verdict
    'borderline'
    """
    reasons: list[str] = []
    if run_by_government:
        reasons.append("it is run by a government body: that makes it a public service, however participatory")
    if profit_for_investors:
        reasons.append("its main aim is profit for outside investors: that makes it a company")
    if not members_control:
        reasons.append("its members (or users) do not own or control it: a volunteer group or charity, not a collective")
    if reasons:
        return Placement("not a citizen collective", tuple(reasons))
    if not citizen_initiated:
        reasons.append("it was not started by citizens; it can become a citizen collective if citizens now run it")
    if not serves_members:
        reasons.append("it serves others but not its own members: closer to a charity or volunteer group")
    if not serves_community:
        reasons.append("it serves only its members: closer to a club or a classic member cooperative")
    if reasons:
        return Placement("borderline", tuple(reasons))
    return Placement("citizen collective", ("started by citizens, controlled by its members, serving members and a wider community",))
