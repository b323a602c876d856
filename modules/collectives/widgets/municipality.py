"""The municipality chapter's explorers, each declared once (static twin and live widget).

* :func:`instrument_chooser` — the collective's situation and the municipality's goal in, the
  instruments that fit out, with conditions and risks (orientation, not legal advice);
* :func:`rule_scan_explorer` — a real collective's published rules coded with the institutional
  grammar, read against Ostrom's principles.

Example
-------
>>> chooser = instrument_chooser()
>>> len(chooser.twin().views) <= 150
True
"""

from __future__ import annotations

from collectives.explorer import Choice, Explorer, Number
from collectives.figures.municipality import coverage_figure, grammar_table, instrument_fit_table
from collectives.governance import instruments as ins
from collectives.governance import rulescan

__all__ = ["instrument_chooser", "rule_scan_explorer"]

_FORMS = [("informal group, or vereniging without notarial deed", "vereniging_informal"),
          ("legal person with full capacity (coöperatie, vereniging by deed, stichting)", "cooperatie")]


def instrument_chooser() -> Explorer:
    """The instrument chooser: need, goal, legal form, sector and support over three years."""
    catalogue = ins.load_catalogue()

    def compute(need, goal, legal_form, sector, support_eur):
        return ins.choose_instruments(catalogue, need=need, goal=goal, legal_form=legal_form, sector=sector,
                                      economic_activity=True, support_eur=float(support_eur))

    def draw(result, need, goal, legal_form, sector, support_eur):
        situation = f"{ins.NEEDS[need]} ({sector}); goal: {ins.GOALS[goal]}"
        return instrument_fit_table(result, situation=situation)

    return Explorer(
        name="instrument-chooser",
        title="Instrument chooser (orientation, not legal advice)",
        controls=(
            Choice("need", "What the collective asks for", [(label, key) for key, label in ins.NEEDS.items()], value="place"),
            Choice("goal", "What the municipality wants", [(label, key) for key, label in ins.GOALS.items()],
                   value="local_ownership"),
            Choice("legal_form", "The collective's legal form", _FORMS, value="cooperatie"),
            Choice("sector", "Sector", [("energy", "energy"), ("housing", "housing"), ("care, food or other", "other")],
                   value="energy"),
            Number("support_eur", "Support over three years (euro)", value=0, min=0, max=5_000_000, step=10_000,
                   twin=(0,)),
        ),
        compute=compute,
        draw=draw,
    )


def rule_scan_explorer() -> Explorer:
    """The rule scan: a collective's coded rules by Ostrom principle, or statement by statement."""
    coded = rulescan.load_coded()

    def compute(collective, view):
        return rulescan.rule_scan_view(collective, view, coded)

    def draw(table, collective, view):
        rules = coded[collective]
        if view == "principles":
            return coverage_figure(table, collective=rules.name, kind=rules.kind)
        return grammar_table(table, collective=rules.name, kind=rules.kind)

    return Explorer(
        name="rule-scan",
        title="Rule scan: institutional grammar and Ostrom's principles",
        controls=(
            Choice("collective", "Collective", [(r.name, k) for k, r in coded.items()], value="decdew"),
            Choice("view", "Show", [("Ostrom's principles", "principles"), ("statements coded A-D-I-C-O", "grammar")],
                   value="principles"),
        ),
        compute=compute,
        draw=draw,
    )
