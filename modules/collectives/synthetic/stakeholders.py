"""A synthetic stakeholder register of one example collective, for stakeholder-mapping exercises.

The collective is the (fictional) Energiecoöperatie De Zonnekring, planning a 12-hectare solar
field at the edge of its village. Scores are set by hand, not drawn at random, so that every
cell of Mendelow's power–interest grid and every Mitchell, Agle & Wood (1997) salience class is
represented; the expected classification is :func:`expected_classes`.

Example
-------
>>> from collectives.synthetic import stakeholder_register
>>> register = stakeholder_register()
>>> expected_classes(register).loc["Municipality (M23)", "salience"]
'definitive'
"""

from __future__ import annotations

import pandas as pd

STAKEHOLDER_TYPES = (
    "municipality", "province", "water board", "national government", "grid operator",
    "energy supplier", "housing corporation", "bank", "umbrella organisation", "members",
    "neighbours", "nature organisation", "farmers", "local business", "school", "local press",
)
RELATIONSHIPS = ("partner", "supportive", "neutral", "critical", "opposed", "no contact yet")
#: a score of 4 or 5 counts as high on Mendelow's grid; 3 counts as low
HIGH_FROM = 4

# stakeholder, type, power, interest, legitimacy, urgency, current_relationship, notes
_ROWS = [
    ("Municipality (M23)", "municipality", 5, 5, True, True, "partner",
     "Grants the environmental permit; the council wants 50% local ownership of the solar field"),
    ("Province", "province", 4, 2, True, False, "neutral",
     "Sets the spatial rules for solar fields outside the built-up area"),
    ("Water board", "water board", 3, 2, True, False, "no contact yet",
     "Must approve drainage changes along the ditch on the south side"),
    ("Ministry (energy subsidies)", "national government", 4, 1, True, False, "neutral",
     "Runs the national subsidy scheme the business case depends on"),
    ("Regional grid operator", "grid operator", 5, 3, True, True, "critical",
     "Grid is congested; a connection date is needed before the subsidy deadline"),
    ("Green energy supplier", "energy supplier", 2, 4, True, False, "supportive",
     "Buys the electricity and handles the members' energy contracts"),
    ("Housing corporation", "housing corporation", 4, 4, True, False, "supportive",
     "Owns 300 rental homes nearby; interested in cheaper power for tenants"),
    ("Cooperative bank", "bank", 4, 2, True, False, "neutral",
     "Would finance 70% of the investment if members raise the rest"),
    ("Regional energy cooperative federation", "umbrella organisation", 1, 4, True, False, "partner",
     "Gives advice and templates; no say in decisions"),
    ("Members of the cooperative", "members", 4, 5, True, True, "partner",
     "The general meeting must approve the investment; many want to buy certificates"),
    ("Residents next to the site", "neighbours", 2, 5, True, True, "opposed",
     "Worried about the view and property values; petition with 140 signatures"),
    ("Other villagers", "neighbours", 1, 3, True, False, "neutral",
     "Mostly unaware of the plan; potential new members"),
    ("Action group 'Open Landscape'", "neighbours", 2, 4, False, True, "opposed",
     "Not formally recognised; threatens to take every permit to court"),
    ("Nature conservation society", "nature organisation", 2, 4, True, False, "critical",
     "Asks for a hedgerow and a wildflower strip for birds and insects"),
    ("Landowning farmer", "farmers", 5, 4, True, True, "supportive",
     "Leases the land; wants a decision this year or will lease to a commercial developer"),
    ("Local installer", "local business", 1, 2, True, False, "supportive",
     "Hopes for installation and maintenance work"),
    ("Commercial solar developer", "local business", 4, 3, False, True, "critical",
     "Competing for the same land; no standing in the cooperative's process"),
    ("Primary school", "school", 1, 2, True, False, "supportive",
     "Would like guest lessons about energy"),
    ("Local newspaper", "local press", 4, 2, False, False, "neutral",
     "Reports on the petition; shapes public opinion"),
    ("Village council (dorpsraad)", "neighbours", 2, 4, True, False, "neutral",
     "Advises the municipality on plans in the village"),
    ("Former board member", "members", 1, 2, False, False, "critical",
     "Left after a conflict; still posts on social media about the cooperative"),
]


def stakeholder_register() -> pd.DataFrame:
    """The synthetic stakeholder register (21 rows), in the columns of datasets/stakeholders.yml."""
    cols = ["stakeholder", "type", "power", "interest", "legitimacy", "urgency",
            "current_relationship", "notes"]
    df = pd.DataFrame(_ROWS, columns=cols)
    return pd.DataFrame({
        "stakeholder": pd.array(df["stakeholder"], dtype="string"),
        "type": pd.Categorical(df["type"], categories=list(STAKEHOLDER_TYPES)),
        "power": pd.array(df["power"], dtype="Int64"),
        "interest": pd.array(df["interest"], dtype="Int64"),
        "legitimacy": pd.array(df["legitimacy"], dtype="boolean"),
        "urgency": pd.array(df["urgency"], dtype="boolean"),
        "current_relationship": pd.Categorical(df["current_relationship"], categories=list(RELATIONSHIPS)),
        "notes": pd.array(df["notes"], dtype="string"),
    })


def expected_classes(register: pd.DataFrame) -> pd.DataFrame:
    """The answers to the mapping exercises: Mendelow quadrant and Mitchell–Agle–Wood class.

    Mendelow (high = score 4 or 5): manage closely (high power, high interest), keep satisfied
    (high, low), keep informed (low, high), monitor (low, low). Mitchell, Agle & Wood: power
    (score 4 or 5), legitimacy and urgency combine into dormant (P), discretionary (L),
    demanding (U), dominant (P+L), dangerous (P+U), dependent (L+U), definitive (P+L+U), or
    none.
    """
    p = register["power"].astype(int) >= HIGH_FROM
    i = register["interest"].astype(int) >= HIGH_FROM
    quadrant = pd.Series("monitor", index=register.index)
    quadrant[p & i], quadrant[p & ~i], quadrant[~p & i] = "manage closely", "keep satisfied", "keep informed"
    names = {(1, 0, 0): "dormant", (0, 1, 0): "discretionary", (0, 0, 1): "demanding",
             (1, 1, 0): "dominant", (1, 0, 1): "dangerous", (0, 1, 1): "dependent",
             (1, 1, 1): "definitive", (0, 0, 0): "none"}
    salience = [names[(int(a), int(b), int(c))] for a, b, c in
                zip(p, register["legitimacy"].astype(bool), register["urgency"].astype(bool))]
    return pd.DataFrame({"mendelow": quadrant.values, "salience": salience},
                        index=pd.Index(register["stakeholder"], name="stakeholder"))
