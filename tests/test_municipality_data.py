"""Legal forms, published figures and the glossary after the correctness pass."""

import re
from pathlib import Path

import pandas as pd
import pytest

from collectives import data
from collectives.governance import legal

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", "\n".join(p.read_text(encoding="utf-8")
                                                         for p in (ROOT / "references").glob("*.bib")), re.M))


def _keys(cell) -> set[str]:
    return {k.strip() for k in str(cell).split(";") if k.strip()} if pd.notna(cell) else set()


@pytest.mark.parametrize("name, column", [("legal_forms", "source_key"), ("published_figures", "source_key"),
                                          ("cases", "source_legal_form")])
def test_every_source_key_is_in_the_bibliography(name, column):
    keys = set().union(*(_keys(v) for v in data.load(name)[column]))
    assert keys and keys <= BIB_KEYS, sorted(keys - BIB_KEYS)


def test_new_bibliography_keys_of_this_part_end_in_mun():
    text = (ROOT / "references" / "municipality.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", text, re.M)
    assert keys and all(k.endswith("-mun") for k in keys)


# ---- legal forms ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def forms():
    return data.load("legal_forms").set_index("form_id")


def test_dutch_forms_have_no_unexplained_gaps(forms):
    for form_id in ("NL-COOP", "NL-VER", "NL-STI"):
        row = forms.loc[form_id]
        empty = [c for c in legal.ASPECTS if c != "not_verified" and c in row.index and pd.isna(row[c])]
        for column in empty:
            assert column in str(row["not_verified"]), (form_id, column, "empty but not explained")


def test_stichting_and_vereniging_follow_book_2_of_the_civil_code(forms):
    stichting, vereniging = forms.loc["NL-STI"], forms.loc["NL-VER"]
    assert not stichting["has_members"] and "2:285" in stichting["profit_distribution"]
    assert "notarial deed or by will" in stichting["who_can_found"]
    assert vereniging["has_members"] and "2:26" in vereniging["profit_distribution"]
    assert "2:30" in vereniging["founding_requirements"] and "WBTR" in vereniging["liability"]
    assert "1 July 2021" in vereniging["liability"] and "1 July 2021" in stichting["liability"]


def test_a_wooncooperatie_is_a_vereniging(forms):
    assert "wooncoöperatie is a vereniging with full legal capacity (art. 18a)" in forms.loc["NL-VER", "used_by"]


def test_belgian_recognised_cooperatives_allow_the_10_percent_rule_and_cap_dividends_at_6(forms):
    recognised = forms.loc["BE-CV-ERK"]
    assert "one person one vote, or" in recognised["voting"] and "10%" in recognised["voting"]
    assert "6%" in recognised["profit_distribution"]
    assert legal.profit_reading(recognised["profit_distribution"]) == "capped"
    assert "1 January 2024" in forms.loc["BE-CV", "founding_requirements"]


def test_ecopower_and_partago_are_described_after_the_end_of_the_cvba():
    cases = data.load("cases").set_index("name")
    assert cases.loc["Ecopower", "legal_form"].startswith("erkende cv")
    assert "1 January 2024" in cases.loc["Partago", "legal_form"]
    matched = legal.cases_by_form(data.load("cases"), data.load("legal_forms"))
    assert {"Ecopower"} <= set(matched.loc[matched["form_id"] == "BE-CV-ERK", "case"])


# ---- published figures ------------------------------------------------------------------------------
def test_the_2024_edition_of_the_lokale_energie_monitor_is_in_the_table():
    figures = data.load("published_figures")
    row = figures.query("country == 'Netherlands' and indicator == 'cooperatives' and year == 2024")
    assert row["value"].tolist() == [702] and row["source_key"].tolist() == ["anp_lem2024-mun"]
    big = figures.query("year == 2024 and indicator.str.startswith('cooperatives_over')", engine="python")
    assert sorted(big["value"].tolist()) == [19, 50]
    assert {"care"} <= set(figures["sector"].astype(str))


def test_the_datasheet_says_where_each_series_ends():
    figures = data.load("published_figures")
    last = figures.groupby(["country", "sector", "indicator"], observed=True)["year"].max()
    sheet = (ROOT / "datasets" / "published_figures.md").read_text(encoding="utf-8")
    table = {m.group(1).strip(): int(m.group(2))
             for m in re.finditer(r"^\| ([^|]+?) \| (\d{4})", sheet, re.M)}
    assert table["Netherlands · energy · cooperatives"] == last[("Netherlands", "energy", "cooperatives")] == 2024
    assert table["Netherlands · care · collectives"] == last[("Netherlands", "care", "collectives")] == 2016
    assert table["England and Wales · housing (CLTs)"] == last[("England and Wales", "housing", "community_land_trusts")]
    assert table["Germany · energy"] == last.loc["Germany", "energy"].max()


# ---- glossary ---------------------------------------------------------------------------------------
GLOSSARY_TERMS = ["Burgercollectief", "Stichting", "Vereniging", "Coöperatie U.A., B.A., W.A.", "Wooncoöperatie",
                  "Postcoderoos", "SCE (Subsidieregeling Coöperatieve Energieopwekking)", "Omgevingswet", "Wmo",
                  "Uitdaagrecht", "Participatieverordening", "Overheidsparticipatie", "MKBA", "Erfpacht",
                  "Maatschappelijk aanbesteden", "Erkende coöperatie"]


def test_glossary_holds_the_policy_terms_with_a_gloss_and_a_link_to_where_the_book_uses_them():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    for term in GLOSSARY_TERMS:
        entry = re.search(rf"^{re.escape(term)}\n((?:  .*\n)+)", text, re.M)
        assert entry, term
        links = re.findall(r"\{doc\}`(/book/[^`]+)`", entry.group(1))
        assert links, f"{term}: no link to where the book uses it"
        for link in links:
            assert (ROOT / f"{link.lstrip('/')}.md").exists(), (term, link)
