"""The municipality's side: the instrument chooser, the rule scan and their explorers."""

import re
from pathlib import Path

import pandas as pd
import pytest

from collectives.errors import ParameterError
from collectives.explorer import assert_twin_matches_live
from collectives.figures.municipality import coverage_figure, grammar_table, instrument_fit_table
from collectives.governance import instruments as ins
from collectives.governance import rulescan
from collectives.widgets.municipality import instrument_chooser, rule_scan_explorer

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", "\n".join(p.read_text(encoding="utf-8")
                                                         for p in (ROOT / "references").glob("*.bib")), re.M))


@pytest.fixture(scope="module")
def catalogue():
    return ins.load_catalogue()


def fit_of(result: pd.DataFrame, key: str) -> str:
    return result.set_index("key").loc[key, "fit"]


# ---- the catalogue --------------------------------------------------------------------------------
def test_every_instrument_has_conditions_risks_and_sources_that_exist(catalogue):
    assert {"subsidy", "ground_lease", "procurement", "loan_guarantee", "covenant", "right_to_challenge",
            "contact_person"} <= set(catalogue["key"])
    for row in catalogue.itertuples():
        assert row.conditions and row.risks, row.key
        assert set(row.sources) <= BIB_KEYS, (row.key, set(row.sources) - BIB_KEYS)
    assert set(catalogue["role"]) == {"regulating", "commissioning", "partnering", "facilitating"}


def test_a_catalogue_with_a_missing_field_is_refused(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("instruments:\n  - key: x\n    name: X\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="every field of"):
        ins.load_catalogue(bad)


# ---- the chooser: known answers from the law ------------------------------------------------------
def test_de_minimis_ceiling_is_300000_euro_over_three_years():
    # Regulation (EU) 2023/2831, in force from 1 January 2024
    assert ins.DE_MINIMIS_EUR == 300_000


def test_support_above_the_de_minimis_ceiling_needs_a_state_aid_check(catalogue):
    at = ins.choose_instruments(catalogue, need="investment", goal="local_ownership", support_eur=300_000)
    above = ins.choose_instruments(catalogue, need="investment", goal="local_ownership", support_eur=300_001)
    assert fit_of(at, "loan_guarantee") == "fits"
    assert fit_of(above, "loan_guarantee") == "fits after a state-aid check"
    assert "de-minimis" in above.set_index("key").loc["loan_guarantee", "why"]
    # no economic activity: no undertaking, so the state-aid check does not arise
    quiet = ins.choose_instruments(catalogue, need="investment", goal="local_ownership", support_eur=1_000_000,
                                   economic_activity=False)
    assert fit_of(quiet, "loan_guarantee") == "fits"


def test_an_informal_vereniging_cannot_take_a_ground_lease_until_it_has_full_capacity(catalogue):
    # art. 2:30 BW: a vereniging without notarial deed cannot acquire registered property
    informal = ins.choose_instruments(catalogue, need="place", goal="local_ownership", legal_form="vereniging_informal")
    formal = ins.choose_instruments(catalogue, need="place", goal="local_ownership", legal_form="vereniging")
    assert fit_of(informal, "ground_lease") == "fits once the collective has full legal capacity"
    assert fit_of(formal, "ground_lease") == "fits"
    assert fit_of(informal, "contact_person") == "fits"


def test_sector_instruments_only_fit_their_sector(catalogue):
    energy = ins.choose_instruments(catalogue, need="investment", goal="local_ownership", sector="energy")
    care = ins.choose_instruments(catalogue, need="investment", goal="local_ownership", sector="care")
    housing = ins.choose_instruments(catalogue, need="place", goal="local_ownership", sector="housing")
    assert fit_of(energy, "sce_subsidy") == "fits" and fit_of(care, "sce_subsidy") == "not a match"
    assert fit_of(housing, "housing_cooperative") == "fits"
    assert fit_of(ins.choose_instruments(catalogue, need="place", goal="local_ownership", sector="energy"),
                  "housing_cooperative") == "not a match"


def test_best_fits_come_first_and_a_public_task_points_to_procurement_and_the_right_to_challenge(catalogue):
    result = ins.choose_instruments(catalogue, need="public_task", goal="deliver_service")
    order = {"fits": 0, "fits after a state-aid check": 1, "fits once the collective has full legal capacity": 2,
             "not a match": 3}
    assert result["fit"].map(order).is_monotonic_increasing
    fitting = set(result.loc[result["fit"] == "fits", "key"])
    assert {"procurement", "right_to_challenge", "covenant"} <= fitting
    assert "subsidy" not in fitting                      # a subsidy is not a payment for a service (art. 4:21 Awb)


@pytest.mark.parametrize("kwargs, name", [
    ({"need": "a roof"}, "need"), ({"goal": "profit"}, "goal"), ({"legal_form": "bv"}, "legal_form"),
    ({"sector": "sport"}, "sector"), ({"support_eur": -5}, "support_eur"), ({"support_eur": "lots"}, "support_eur"),
    ({"economic_activity": "yes"}, "economic_activity"),
])
def test_bad_answers_get_a_clear_message(catalogue, kwargs, name):
    answers = {"need": "place", "goal": "local_ownership", **kwargs}
    with pytest.raises(ParameterError, match=name):
        ins.choose_instruments(catalogue, **answers)


# ---- the rule scan: Crawford & Ostrom's syntax -----------------------------------------------------
def test_statement_types_follow_the_grammar_of_institutions():
    assert rulescan.statement_type(None, None) == "shared strategy"      # AIC
    assert rulescan.statement_type("must", None) == "norm"               # ADIC
    assert rulescan.statement_type("must not", "a fine of 10 euro") == "rule"   # ADICO
    assert rulescan.statement_type("must (implied)", None) == "norm"
    with pytest.raises(ParameterError, match="or else only together with a deontic"):
        rulescan.statement_type(None, "expulsion")
    with pytest.raises(ParameterError, match="deontic"):
        rulescan.statement_type("should perhaps", None)


def test_the_coded_statutes_are_quoted_and_read_against_the_eight_principles():
    coded = rulescan.load_coded()
    assert set(coded) == {"decdew", "zuiderlicht"}
    for rules in coded.values():
        assert rules.source in BIB_KEYS
        assert rules.statements["text"].str.len().min() > 20
    coverage = rulescan.principle_coverage(coded["decdew"].statements).set_index("key")
    assert len(coverage) == 8
    assert coverage.loc["boundaries", "statements"] == 4
    assert coverage.loc["sanctions", "status"] == "not found in the text read"
    assert (coded["decdew"].statements["type"] != "rule").all()     # no or else in the articles read
    voting = coded["zuiderlicht"].statements.query("article == 'voting'")
    assert list(voting["deontic"]) == ["may", "must not"]


def test_a_statement_without_an_aim_or_with_an_unknown_principle_is_refused():
    row = {"article": "1", "text": "Leden betalen contributie.", "attributes": "members", "deontic": "must",
           "aim": "", "conditions": None, "or_else": None, "principles": ["congruence"]}
    with pytest.raises(ParameterError, match="aim"):
        rulescan.scan(pd.DataFrame([row], dtype=object))
    with pytest.raises(ParameterError, match="principles"):
        rulescan.scan(pd.DataFrame([{**row, "aim": "pay", "principles": ["fairness"]}], dtype=object))
    with pytest.raises(ParameterError, match="collective"):
        rulescan.rule_scan_view("nobody")


# ---- figures and explorers -------------------------------------------------------------------------
def test_figures_say_what_they_show(catalogue):
    fit = ins.choose_instruments(catalogue, need="place", goal="local_ownership")
    html = instrument_fit_table(fit, situation="a roof").to_html()
    assert "Ground lease" in html and "<caption>Instruments that fit: a roof. Orientation, not legal advice.</caption>" in html
    assert html == instrument_fit_table(fit, situation="a roof").to_html()      # same input, same HTML
    coded = rulescan.load_coded()["decdew"]
    cov = coverage_figure(rulescan.principle_coverage(coded.statements), collective=coded.name, kind=coded.kind)
    assert "silent on" in cov.layout.meta["alt"] and "Graduated sanctions" in cov.layout.meta["alt"]
    table = rulescan.rule_scan_view("decdew", "grammar")
    assert "5 norms, 1 shared strategy" in grammar_table(table, collective=coded.name, kind=coded.kind).to_html()


def test_instrument_chooser_twin_matches_live_and_stays_small():
    chooser = instrument_chooser()
    twin = chooser.twin()
    assert len(twin.views) == 5 * 4 * 2 * 3
    assert_twin_matches_live(chooser)
    live = chooser.widget().render(need="investment", goal="local_ownership", legal_form="cooperatie",
                                   sector="energy", support_eur=500_000)
    assert "fits after a state-aid check" in live.to_html()


def test_rule_scan_twin_matches_live():
    explorer = rule_scan_explorer()
    assert len(explorer.twin().views) == 4
    assert_twin_matches_live(explorer)
