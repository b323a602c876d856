"""A rule scan: a collective's statutes or house rules coded with the institutional grammar and
read against Ostrom's design principles.

Crawford & Ostrom (1995) split every institutional statement into five components, ADICO:

* **A**ttributes — to whom it applies (members, the board);
* **D**eontic — *may*, *must* or *must not*;
* a**I**m — the action or outcome;
* **C**onditions — when, where and how it applies;
* **O**r else — the consequence of not following it.

The syntax sorts statements into three types: a **shared strategy** has only A, I and C; a
**norm** adds a deontic (ADIC); a **rule** also has an or else (ADICO). Reading the coded
statements against Ostrom's (1990) eight design principles shows which principles the text
speaks to, and which it is silent on — in the text that was read, which is not always the
whole of a collective's rules.

The coded texts (``collectives/statutes_coded.yml``) are quoted from published statutes and
house rules; see the chapter for the sources.

Example
-------
>>> statement_type(deontic=None, or_else=None), statement_type("must", None), statement_type("must", "a fine")
('shared strategy', 'norm', 'rule')
>>> coverage = principle_coverage(load_coded()["decdew"].statements)
>>> coverage.set_index("key").loc["sanctions", "status"]
'not found in the text read'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from collectives.errors import ParameterError
from collectives.governance.ostrom import PRINCIPLES

__all__ = ["CodedRules", "DEONTICS", "load_coded", "principle_coverage", "rule_scan_view", "scan",
           "statement_type"]

CODED_FILE = Path(__file__).resolve().parents[1] / "statutes_coded.yml"
DEONTICS = ("may", "must", "must not", "must (implied)", "must not (implied)")
COMPONENTS = ("attributes", "deontic", "aim", "conditions", "or_else")
FOUND = "found in the text read"
NOT_FOUND = "not found in the text read"
_PRINCIPLE_KEYS = {p.key for p in PRINCIPLES}


@dataclass(frozen=True)
class CodedRules:
    """The coded statements of one collective: who, what kind of text, its source and what was read."""

    key: str
    name: str
    kind: str
    source: str
    read: str
    statements: pd.DataFrame


def _blank(value) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))


def statement_type(deontic: str | None, or_else: str | None) -> str:
    """Crawford & Ostrom's (1995) type of a statement from its components.

    No deontic: a shared strategy (AIC). A deontic without an or else: a norm (ADIC). A deontic
    with an or else: a rule (ADICO). An or else without a deontic is refused: the grammar has no
    such statement.

    >>> statement_type("may", None)
    'norm'
    """
    if not _blank(deontic) and deontic not in DEONTICS:
        raise ParameterError("deontic", deontic, "one of " + ", ".join(DEONTICS) + ", or empty")
    if _blank(deontic):
        if not _blank(or_else):
            raise ParameterError("or_else", or_else, "an or else only together with a deontic (may, must, must not)")
        return "shared strategy"
    return "norm" if _blank(or_else) else "rule"


def scan(statements: pd.DataFrame) -> pd.DataFrame:
    """The coded statements with their grammar type, checked: every statement needs an attribute
    and an aim, and its principles must be keys of Ostrom's principles."""
    missing = [c for c in ("article", "text", *COMPONENTS, "principles") if c not in statements.columns]
    if missing:
        raise ParameterError("statements", ", ".join(missing), "columns article, text, " + ", ".join(COMPONENTS) + ", principles")
    out = statements.copy()
    for i, row in out.iterrows():
        where = f"statement {i + 1} (article {row['article']})"
        for part in ("attributes", "aim", "text"):
            if _blank(row[part]):
                raise ParameterError(f"{where} {part}", row[part], f"a non-empty {part}")
        unknown = sorted(set(row["principles"]) - _PRINCIPLE_KEYS)
        if unknown:
            raise ParameterError(f"{where} principles", ", ".join(unknown), "keys from " + ", ".join(sorted(_PRINCIPLE_KEYS)))
    out["type"] = [statement_type(d, o) for d, o in zip(out["deontic"], out["or_else"])]
    return out


def load_coded(path: Path | str = CODED_FILE) -> dict[str, CodedRules]:
    """The coded texts by collective key (``decdew``, ``zuiderlicht``), each scanned."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    result = {}
    for key, entry in (raw or {}).get("collectives", {}).items():
        frame = pd.DataFrame(entry["statements"], dtype=object)
        result[key] = CodedRules(key, entry["name"], entry["kind"], entry["source"], entry["read"], scan(frame))
    if not result:
        raise ParameterError(Path(path).name, "no collectives", "at least one coded collective")
    return result


def principle_coverage(statements: pd.DataFrame) -> pd.DataFrame:
    """Per Ostrom principle: how many coded statements speak to it, in which articles, and whether
    the text read says anything about it. Silence is *not found in the text read*, not *absent*."""
    scanned = scan(statements)
    rows = []
    for p in PRINCIPLES:
        hits = scanned[scanned["principles"].map(lambda keys, k=p.key: k in keys)]
        rows.append({"number": p.number, "key": p.key, "principle": p.name, "statements": len(hits),
                     "articles": ", ".join(dict.fromkeys(hits["article"].astype(str))),
                     "types": ", ".join(dict.fromkeys(hits["type"])),
                     "status": FOUND if len(hits) else NOT_FOUND})
    return pd.DataFrame(rows)


def rule_scan_view(collective: str, view: str = "principles", coded: dict[str, CodedRules] | None = None) -> pd.DataFrame:
    """What the rule-scan explorer shows: ``view="principles"`` (coverage of the eight principles)
    or ``view="grammar"`` (each statement split into A, D, I, C, O with its type)."""
    coded = coded or load_coded()
    if collective not in coded:
        raise ParameterError("collective", collective, "one of " + ", ".join(coded))
    rules = coded[collective]
    if view == "principles":
        return principle_coverage(rules.statements)
    if view == "grammar":
        s = rules.statements
        return pd.DataFrame({"Article": s["article"], "Attributes (A)": s["attributes"],
                             "Deontic (D)": s["deontic"].fillna("–"), "Aim (I)": s["aim"],
                             "Conditions (C)": s["conditions"].fillna("–"), "Or else (O)": s["or_else"].fillna("–"),
                             "Type": s["type"]})
    raise ParameterError("view", view, "'principles' or 'grammar'")
