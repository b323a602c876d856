"""Stakeholder mapping: Mendelow's power–interest grid, Mitchell–Agle–Wood salience, IAP2 levels.

Salience (Mitchell, Agle & Wood 1997) combines three attributes — **power**, **legitimacy** and
**urgency** — into seven stakeholder types: dormant (P), discretionary (L), demanding (U),
dominant (P+L), dangerous (P+U), dependent (L+U), definitive (P+L+U); with none of the three an
actor is a non-stakeholder. Mendelow's grid crosses power with interest into four quadrants.

The engagement level on the IAP2 spectrum (inform, consult, involve, collaborate, empower) that
:func:`engagement_plan` proposes is the course's **rule of thumb**, stated in
:data:`IAP2_RULE`: a starting point to argue with, not a finding of either framework.

Example
-------
>>> salience(True, True, False)
'dominant'
>>> salience(False, False, False)
'non-stakeholder'
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from collectives.errors import DataError, ParameterError, Problem

#: the salience type of every combination of (power, legitimacy, urgency)
SALIENCE_TYPES: dict[tuple[bool, bool, bool], str] = {
    (True, False, False): "dormant",
    (False, True, False): "discretionary",
    (False, False, True): "demanding",
    (True, True, False): "dominant",
    (True, False, True): "dangerous",
    (False, True, True): "dependent",
    (True, True, True): "definitive",
    (False, False, False): "non-stakeholder",
}
#: latent (one attribute), expectant (two), definitive (three)
SALIENCE_CLASS = {"dormant": "latent", "discretionary": "latent", "demanding": "latent",
                  "dominant": "expectant", "dangerous": "expectant", "dependent": "expectant",
                  "definitive": "definitive", "non-stakeholder": "none"}
IAP2_LEVELS = ("inform", "consult", "involve", "collaborate", "empower")
#: a score of 4 or 5 counts as high (power and interest are scored 1–5)
HIGH_FROM = 4
QUADRANTS = ("manage closely", "keep satisfied", "keep informed", "monitor")

#: the course's rule of thumb: salience type → (IAP2 level, reason). High interest (4–5) moves
#: "inform" up to "consult"; members of the collective itself may be offered "empower".
IAP2_RULE: dict[str, tuple[str, str]] = {
    "definitive": ("collaborate", "has power, a legitimate claim and urgency: decide together"),
    "dominant": ("involve", "power and a legitimate claim: work with them so their concerns shape the options"),
    "dependent": ("involve", "a legitimate, urgent claim but no power of its own: make sure it is heard, "
                             "and watch for allies who could lend it power"),
    "dangerous": ("consult", "power and urgency without a recognised claim: listen, address the urgency, "
                             "and ask what would give the claim standing"),
    "dormant": ("inform", "power but no claim or urgency now: keep informed so it stays dormant"),
    "discretionary": ("inform", "a legitimate claim but no power or urgency: keep informed"),
    "demanding": ("inform", "urgency alone: answer, keep informed, and check whether it gains legitimacy"),
    "non-stakeholder": ("inform", "none of the three attributes: public information is enough"),
}

_TRUE = {"true", "yes", "ja", "1", "y", "j"}
_FALSE = {"false", "no", "nee", "0", "n"}


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and type(value).__name__.startswith("bool"):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParameterError(name, value, "yes or no (True/False)")


def salience(power: bool, legitimacy: bool, urgency: bool) -> str:
    """The Mitchell–Agle–Wood stakeholder type of one actor.

    Parameters
    ----------
    power, legitimacy, urgency
        Whether the actor has each attribute (``True``/``False``; "yes"/"no" and "ja"/"nee"
        are accepted too).

    Returns
    -------
    str
        One of ``dormant``, ``discretionary``, ``demanding``, ``dominant``, ``dangerous``,
        ``dependent``, ``definitive`` or ``non-stakeholder``.

    Example
    -------
    >>> salience(power=False, legitimacy=True, urgency=True)
    'dependent'
    """
    key = (_flag(power, "power"), _flag(legitimacy, "legitimacy"), _flag(urgency, "urgency"))
    return SALIENCE_TYPES[key]


def mendelow(power: int, interest: int) -> str:
    """Mendelow's quadrant for power and interest scores of 1–5 (4–5 counts as high).

    >>> mendelow(5, 2)
    'keep satisfied'
    """
    for name, value in (("power", power), ("interest", interest)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or not 1 <= value <= 5:
            raise ParameterError(name, value, "a whole-number score from 1 (none) to 5 (very high)")
    p, i = power >= HIGH_FROM, interest >= HIGH_FROM
    return {(True, True): "manage closely", (True, False): "keep satisfied",
            (False, True): "keep informed", (False, False): "monitor"}[(p, i)]


def iap2_level(salience_type: str, interest: int = 1, *, members: bool = False) -> tuple[str, str]:
    """The proposed IAP2 level and its reason, by the rule of thumb :data:`IAP2_RULE`.

    >>> iap2_level("discretionary", interest=5)[0]
    'consult'
    """
    if salience_type not in IAP2_RULE:
        raise ParameterError("salience_type", salience_type, f"one of {', '.join(IAP2_RULE)}")
    level, reason = IAP2_RULE[salience_type]
    if members and salience_type == "definitive":
        return "empower", "the collective's own members: they decide (general meeting)"
    if level == "inform" and interest >= HIGH_FROM:
        return "consult", reason + "; high interest: ask for their views too"
    return level, reason


def check_register(register: pd.DataFrame, source: str = "the stakeholder register") -> pd.DataFrame:
    """Validate a register (columns ``stakeholder``, ``power``, ``interest``, ``legitimacy``,
    ``urgency``) and return a clean copy; every problem is reported with its spreadsheet row.

    Scores must be whole numbers 1–5, flags yes/no. The input is not modified.
    """
    register = getattr(register, "data", register)   # a participant's file read by the loader
    if not isinstance(register, pd.DataFrame):
        raise ParameterError("register", type(register).__name__, "a table (DataFrame) with one row per stakeholder")
    needed = ("stakeholder", "power", "interest", "legitimacy", "urgency")
    missing = [c for c in needed if c not in register.columns]
    if missing:
        raise DataError(source, [Problem("column missing", column=c, expected="one of " + ", ".join(needed))
                                 for c in missing])
    if register.empty:
        raise DataError(source, [Problem("the register has no rows", expected="at least one stakeholder")])
    problems: list[Problem] = []
    out = register.copy()
    flags: dict[str, list] = {"legitimacy": [], "urgency": []}
    scores: dict[str, list] = {"power": [], "interest": []}
    for pos, (_, row) in enumerate(register.iterrows()):
        line = pos + 2  # the header is spreadsheet row 1
        for col in scores:
            v = row[col]
            try:
                ok = not pd.isna(v) and float(v) == int(float(v)) and 1 <= float(v) <= 5
            except (TypeError, ValueError):
                ok = False
            scores[col].append(int(float(v)) if ok else None)
            if not ok:
                problems.append(Problem("not a score", row=line, column=col, value=_plain(v),
                                        expected="a whole number from 1 to 5"))
        for col in flags:
            v = row[col]
            try:
                flags[col].append(_flag(v, col) if not pd.isna(v) else None)
            except ParameterError:
                flags[col].append(None)
            if flags[col][-1] is None:
                problems.append(Problem("unknown value", row=line, column=col, value=_plain(v),
                                        expected="yes or no (true/false, ja/nee)"))
    if problems:
        raise DataError(source, problems)
    for col, values in {**scores, **flags}.items():
        out[col] = values
    return out


def _plain(v: object) -> object:
    """A value as the user typed it (no numpy reprs in messages)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "empty"
    return v.item() if hasattr(v, "item") else v


def classify(register: pd.DataFrame) -> pd.DataFrame:
    """Mendelow quadrant, salience type and class, and the proposed IAP2 level with its reason,
    for every stakeholder of a register.

    Power counts as the salience attribute *power* when it scores 4 or 5.

    Example
    -------
    >>> from collectives.synthetic import stakeholder_register
    >>> classify(stakeholder_register()).loc[0, ["stakeholder", "salience", "iap2"]].tolist()
    ['Municipality (M23)', 'definitive', 'collaborate']
    """
    reg = check_register(register)
    rows = []
    for _, r in reg.iterrows():
        kind = salience(r["power"] >= HIGH_FROM, r["legitimacy"], r["urgency"])
        is_members = str(r.get("type", "")) == "members"
        level, reason = iap2_level(kind, r["interest"], members=is_members)
        rows.append({"stakeholder": r["stakeholder"], "power": r["power"], "interest": r["interest"],
                     "legitimacy": r["legitimacy"], "urgency": r["urgency"],
                     "mendelow": mendelow(r["power"], r["interest"]), "salience": kind,
                     "salience_class": SALIENCE_CLASS[kind], "iap2": level, "reason": reason})
    return pd.DataFrame(rows)


def engagement_plan(register: pd.DataFrame) -> pd.DataFrame:
    """One row per stakeholder: who, salience type, IAP2 level, why — sorted from the most to the
    least intensive level (then by power)."""
    table = classify(register)
    order = {lvl: i for i, lvl in enumerate(IAP2_LEVELS)}
    table = table.assign(_o=table["iap2"].map(order)).sort_values(["_o", "power"], ascending=[False, False])
    return table[["stakeholder", "salience", "mendelow", "iap2", "reason"]].reset_index(drop=True)


def salience_over_phases(phases: pd.DataFrame) -> pd.DataFrame:
    """Salience type per stakeholder per project phase, from a long table with columns
    ``stakeholder``, ``phase``, ``power`` (True/False), ``legitimacy``, ``urgency``.

    Returns a wide table: one row per stakeholder, one column per phase (in the order given).
    """
    needed = ("stakeholder", "phase", "power", "legitimacy", "urgency")
    missing = [c for c in needed if c not in phases.columns]
    if missing:
        raise DataError("the phase table", [Problem("column missing", column=c) for c in missing])
    types = []
    for pos, (_, r) in enumerate(phases.iterrows()):
        try:
            types.append(salience(r["power"], r["legitimacy"], r["urgency"]))
        except ParameterError as exc:
            raise DataError("the phase table", [Problem("unknown value", row=pos + 2, column=exc.name,
                                                        value=_plain(exc.value), expected="yes or no")]) from None
    long = phases.assign(salience=types)
    order = list(dict.fromkeys(phases["phase"]))
    wide = long.pivot(index="stakeholder", columns="phase", values="salience")
    return wide.reindex(index=list(dict.fromkeys(phases["stakeholder"])), columns=order)


#: an illustrative (synthetic) course of a village solar field: three phases of the
#: De Zonnekring project, judged by hand; see the chapter for the reasoning.
SOLAR_FIELD_PHASES = pd.DataFrame(
    [
        # stakeholder, phase, power, legitimacy, urgency
        ("Residents next to the site", "before the permit", False, True, False),
        ("Residents next to the site", "objection and appeal", True, True, True),
        ("Residents next to the site", "in operation", False, True, False),
        ("Action group 'Open Landscape'", "before the permit", False, False, True),
        ("Action group 'Open Landscape'", "objection and appeal", True, False, True),
        ("Action group 'Open Landscape'", "in operation", False, False, False),
        ("Regional grid operator", "before the permit", True, True, True),
        ("Regional grid operator", "objection and appeal", True, True, False),
        ("Regional grid operator", "in operation", True, True, False),
        ("Members of the cooperative", "before the permit", True, True, True),
        ("Members of the cooperative", "objection and appeal", True, True, True),
        ("Members of the cooperative", "in operation", True, True, False),
        ("Landowning farmer", "before the permit", True, True, True),
        ("Landowning farmer", "objection and appeal", True, True, False),
        ("Landowning farmer", "in operation", False, True, False),
    ],
    columns=["stakeholder", "phase", "power", "legitimacy", "urgency"],
)


def salience_view(power: int, interest: int, legitimacy: bool, urgency: bool,
                  register: pd.DataFrame | None = None, name: str = "Your stakeholder") -> Mapping:
    """The stakeholder explorer's computation: one changed stakeholder placed among a register.

    Returns a dict with the stakeholder's ``salience``, ``mendelow`` quadrant, ``iap2`` level,
    ``reason`` and the classified ``register`` (may be None) to draw around it.
    """
    kind = salience(mendelow(power, interest) in ("manage closely", "keep satisfied"), legitimacy, urgency)
    level, reason = iap2_level(kind, interest)
    return {"name": name, "power": int(power), "interest": int(interest), "legitimacy": bool(legitimacy),
            "urgency": bool(urgency), "salience": kind, "salience_class": SALIENCE_CLASS[kind],
            "mendelow": mendelow(power, interest), "iap2": level, "reason": reason,
            "register": classify(register) if register is not None else None}
