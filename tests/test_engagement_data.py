"""The engagement datasets: regenerated from their seeds byte for byte, schemas that match."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from collectives import data, participant
from collectives.synthetic import csv_text, generate_all

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
NAMES = ("communication_network", "neighbourhood", "opinion_votes", "dce_choices")


@pytest.mark.parametrize("name", NAMES)
def test_engagement_datasets_regenerate_from_their_seed(name):
    assert csv_text(generate_all()[name]).encode("utf-8") == (DATASETS / f"{name}.csv").read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_engagement_datasheets_say_synthetic_and_load_through_their_schema(name):
    meta = yaml.safe_load((DATASETS / f"{name}.yml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and "synthetic" in meta["title"].lower()
    assert "SYNTHETIC" in (DATASETS / f"{name}.md").read_text(encoding="utf-8")
    loaded = data.load(name)
    assert list(loaded.columns) == list(meta["columns"])
    assert not loaded.duplicated(meta["key"]).any()


def test_stakeholder_template_in_downloads_is_made_from_the_schema():
    for fmt in ("csv", "xlsx"):
        path = participant.template_path("stakeholders", fmt)
        assert path.read_bytes() == participant.template("stakeholders", fmt)


def test_a_participants_register_is_read_through_the_loader_and_classified(tmp_path):
    from collectives.engagement import classify
    own = tmp_path / "my_register.csv"
    own.write_text("stakeholder;type;power;interest;legitimacy;urgency\nBuurtvereniging;neighbours;2;5;ja;ja\n"
                   "Wethouder;municipality;5;4;ja;nee\n",
                   encoding="utf-8")
    before = own.read_bytes()
    register = participant.read_participant_data(own, "stakeholders")
    table = classify(register.data).set_index("stakeholder")
    assert table.loc["Buurtvereniging", "salience"] == "dependent"
    assert table.loc["Wethouder", "salience"] == "dominant"
    assert own.read_bytes() == before
