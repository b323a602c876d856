"""Seeded generators for the course's synthetic teaching data, each with a documented ground truth.

Every dataset made here is **synthetic**: invented by a seeded generator so that exercises can
check whether a method recovers what was built in. Nothing in it describes real collectives.

=====================  ====================================  ==============================
dataset (datasets/)    generator                             ground truth
=====================  ====================================  ==============================
monitor_panel          :func:`monitor_panel`                 :data:`GROUND_TRUTH`
member_survey          :func:`member_survey`                 :data:`SURVEY_TRUTH`
stakeholders           :func:`stakeholder_register`          :func:`expected_classes`
ballots                :func:`ballots`                       :func:`expected_winners`
communication_network  :func:`communication_network`        :data:`NETWORK_TRUTH`
neighbourhood          :func:`neighbourhood_population`      :data:`POPULATION_TRUTH`
opinion_votes          :func:`opinion_votes`                 :data:`OPINION_TRUTH`
dce_choices            :func:`dce_choices`                   :data:`DCE_TRUTH`
=====================  ====================================  ==============================

Regenerate all the CSV files byte for byte with ``python -m collectives.synthetic`` or
:func:`write_all`.

Example
-------
>>> from collectives.synthetic import monitor_panel, GROUND_TRUTH
>>> panel = monitor_panel(selection_strength=0.0)    # random assignment to the programme
>>> GROUND_TRUTH.effect_growth_pp
3.0
"""

from __future__ import annotations

from pathlib import Path

from collectives.synthetic._csv import csv_text, write_csv
from collectives.synthetic.dce import DCE_SEED, DCE_TRUTH, dce_choices
from collectives.synthetic.neighbourhood import POPULATION_SEED, POPULATION_TRUTH, neighbourhood_population
from collectives.synthetic.network import NETWORK_SEED, NETWORK_TRUTH, communication_network
from collectives.synthetic.opinions import OPINION_SEED, OPINION_TRUTH, opinion_votes
from collectives.synthetic.ballots import BALLOTS_SEED, BALLOTS_TRUTH, ballots, expected_winners, winners
from collectives.synthetic.panel import (
    COLUMNS as PANEL_COLUMNS,
    DEFAULT_SEED as PANEL_SEED,
    GROUND_TRUTH,
    OUTPUT_COLUMNS,
    SECTORS,
    BassParameters,
    PanelTruth,
    bass_cumulative,
    monitor_panel,
)
from collectives.synthetic.stakeholders import expected_classes, stakeholder_register
from collectives.synthetic.survey import SURVEY_SEED, SURVEY_TRUTH, member_survey

__all__ = [
    "BALLOTS_SEED", "BALLOTS_TRUTH", "GROUND_TRUTH", "OUTPUT_COLUMNS", "PANEL_COLUMNS", "PANEL_SEED",
    "SECTORS", "SURVEY_SEED", "SURVEY_TRUTH", "BassParameters", "PanelTruth", "ballots",
    "bass_cumulative", "csv_text", "expected_classes", "expected_winners", "generate_all",
    "member_survey", "monitor_panel", "stakeholder_register", "winners", "write_all",
    "DCE_SEED", "DCE_TRUTH", "NETWORK_SEED", "NETWORK_TRUTH", "OPINION_SEED", "OPINION_TRUTH",
    "POPULATION_SEED", "POPULATION_TRUTH", "communication_network", "dce_choices",
    "neighbourhood_population", "opinion_votes",
]

DATASETS_DIR = Path(__file__).resolve().parents[3] / "datasets"


def generate_all() -> dict:
    """The synthetic datasets as DataFrames, keyed by dataset name, with default arguments."""
    return {
        "monitor_panel": monitor_panel(),
        "member_survey": member_survey(),
        "stakeholders": stakeholder_register(),
        "ballots": ballots(),
        "communication_network": communication_network(),
        "neighbourhood": neighbourhood_population(),
        "opinion_votes": opinion_votes(),
        "dce_choices": dce_choices(),
    }


def write_all(datasets_dir: str | Path = DATASETS_DIR) -> list[Path]:
    """Write the synthetic CSV files into ``datasets_dir`` (the .yml and .md datasheets are not touched).

    Returns the paths written. Running it twice gives identical bytes.
    """
    datasets_dir = Path(datasets_dir)
    datasets_dir.mkdir(parents=True, exist_ok=True)
    return [write_csv(df, datasets_dir / f"{name}.csv") for name, df in generate_all().items()]
