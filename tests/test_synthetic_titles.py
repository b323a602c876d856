"""The title rule: every figure made from synthetic data says *synthetic* in its title.

How it works, and why it cannot be fooled by a figure function that drops a label or a
DataFrame that loses its metadata: the test does not ask the code which data it used, it
*changes the synthetic data and watches which figures change*.

1. Every synthetic source is found from the repository itself: each dataset whose datasheet
   says ``synthetic: true``, each data file of the package whose header says SYNTHETIC, and
   each download of the book that holds rows (the capstone's worked example). A source with no perturbation below fails the test, so a new
   synthetic source cannot slip through.
2. Each chapter that touches data or explorers is taken as the site build executed it, and is
   executed once more with every synthetic source replaced by a perturbed version (the generator run with
   another seed, or the stored numbers shifted), through ``COLLECTIVES_DATASETS_DIR`` and a
   copy of the package placed first on ``PYTHONPATH``. Real datasets are left untouched.
3. Every plotly figure in the outputs — including each view of an explorer's static twin — is
   compared between the two runs, in order. A figure whose data changed was built from
   synthetic data, whatever route the numbers took; its title must contain "synthetic".
4. The same holds for tables: an HTML table whose content changed must have a ``<caption>``
   that says synthetic (``collectives.figures.tables.synthetic_table`` makes one).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from collectives import data, synthetic
from collectives.synthetic.course_evaluation import EVALUATION_SEED, course_evaluation
from collectives.synthetic.participants import PARTICIPANTS_SEED, participants
from collectives.synthetic.scenario_start import scenario_start

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
PACKAGE = ROOT / "modules" / "collectives"
FIGURE_MIME = "application/vnd.plotly.v1+json"


# ---- 1. the synthetic sources and how each is perturbed ------------------------------------------
def _perturb_stakeholders(path: Path) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("power", "interest"):
        frame[column] = (6 - frame[column].astype(int)).astype(str)
    frame.to_csv(path, index=False)


def _shift_estimates(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = [line for line in lines if line.startswith("#")]
    frame = pd.read_csv(path, comment="#")
    for column in ("estimate", "ci_low", "ci_high"):
        frame[column] = frame[column] + 0.37
    path.write_text("".join(header) + frame.to_csv(index=False), encoding="utf-8")


def _regenerate(generator, seed: int):
    """A perturbation: the generator run with another seed, written over the stored file."""
    return lambda path: synthetic.write_csv(generator(seed=seed + 1), path)


DATASET_PERTURBATIONS = {
    "monitor_panel": _regenerate(synthetic.monitor_panel, synthetic.PANEL_SEED),
    "member_survey": _regenerate(synthetic.member_survey, synthetic.SURVEY_SEED),
    "ballots": _regenerate(synthetic.ballots, synthetic.BALLOTS_SEED),
    "communication_network": _regenerate(synthetic.communication_network, synthetic.NETWORK_SEED),
    "neighbourhood": _regenerate(synthetic.neighbourhood_population, synthetic.POPULATION_SEED),
    "opinion_votes": _regenerate(synthetic.opinion_votes, synthetic.OPINION_SEED),
    "dce_choices": _regenerate(synthetic.dce_choices, synthetic.DCE_SEED),
    "course_evaluation": _regenerate(course_evaluation, EVALUATION_SEED),
    "participants": _regenerate(participants, PARTICIPANTS_SEED),
    "scenario_start": _regenerate(scenario_start, synthetic.PANEL_SEED),
    "stakeholders": _perturb_stakeholders,
    "evaluation_grid": _shift_estimates,
}
PACKAGE_FILE_PERTURBATIONS = {"evaluation_grid.csv": _shift_estimates}
DOWNLOADS = ROOT / "book" / "downloads"


def _perturb_example_panel(path: Path, datasets: Path) -> None:
    """The capstone's worked example: its municipality's rows of the perturbed panel."""
    panel = data.load("monitor_panel", datasets_dir=datasets)
    programme = panel.loc[panel["programme_municipality"].astype(bool), "municipality"].value_counts().index[0]
    synthetic.write_csv(panel[panel["municipality"] == programme].reset_index(drop=True), path)


# Data files of the book's downloads that hold rows (the templates hold only a header, or an example line).
DOWNLOAD_PERTURBATIONS = {"monitor_panel_example.csv": _perturb_example_panel}


def downloads_with_rows() -> list[str]:
    return sorted(p.name for p in DOWNLOADS.glob("*.csv") if len(p.read_text(encoding="utf-8").splitlines()) > 2)


def synthetic_datasets() -> list[str]:
    table = data.list_datasets()
    return sorted(table.loc[table["synthetic"].fillna(False).astype(bool), "name"].astype(str))


def synthetic_package_files() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.csv")):
        head = path.read_text(encoding="utf-8", errors="replace")[:400]
        if re.search(r"synthetic", head, flags=re.IGNORECASE):
            found.append(path.name)
    return found


def test_every_synthetic_source_has_a_perturbation():
    assert set(synthetic_datasets()) <= set(DATASET_PERTURBATIONS), "add a perturbation for the new synthetic dataset"
    assert set(synthetic_package_files()) <= set(PACKAGE_FILE_PERTURBATIONS), "add a perturbation for the new file"
    assert set(downloads_with_rows()) <= set(DOWNLOAD_PERTURBATIONS), "add a perturbation for the new download"
    assert {"monitor_panel", "evaluation_grid"} <= set(synthetic_datasets())


@pytest.fixture(scope="module")
def perturbed(tmp_path_factory):
    """A copy of the datasets and of the package with every synthetic source perturbed."""
    root = tmp_path_factory.mktemp("perturbed")
    datasets = root / "datasets"
    shutil.copytree(DATASETS, datasets)
    for name in synthetic_datasets():
        DATASET_PERTURBATIONS[name](datasets / f"{name}.csv")
        data.load(name, datasets_dir=datasets)           # the perturbed file still passes its datasheet
    modules = root / "modules"
    shutil.copytree(PACKAGE, modules / "collectives", ignore=shutil.ignore_patterns("__pycache__"))
    for path in (modules / "collectives").rglob("*.csv"):
        if path.name in PACKAGE_FILE_PERTURBATIONS and path.name in synthetic_package_files():
            PACKAGE_FILE_PERTURBATIONS[path.name](path)
    shutil.copytree(ROOT / "book", root / "book")    # the package finds the book's files beside itself
    downloads = root / "book" / "downloads"
    for name, perturb in DOWNLOAD_PERTURBATIONS.items():
        perturb(downloads / name, datasets)
    return {"COLLECTIVES_DATASETS_DIR": str(datasets), "PYTHONPATH": str(modules)}


def test_the_perturbation_really_changes_the_synthetic_data(perturbed):
    original = data.load("monitor_panel")
    changed = data.load("monitor_panel", datasets_dir=perturbed["COLLECTIVES_DATASETS_DIR"])
    assert not original.equals(changed)
    assert data.load("cases", datasets_dir=perturbed["COLLECTIVES_DATASETS_DIR"]).equals(data.load("cases"))


# ---- 2. executing the chapters --------------------------------------------------------------------
def chapters() -> list[Path]:
    """Chapters that load data or show an explorer (the others cannot hold a synthetic figure)."""
    found = []
    for path in sorted((ROOT / "book").rglob("*.md")) + sorted((ROOT / "exercises").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "format_name: myst" in text and re.search(r"data\.load|synthetic|explorer|widgets", text):
            found.append(path)
    return found


def _execute(path: Path, env: dict[str, str]) -> dict:
    notebook = jupytext.read(path)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(notebook, timeout=900, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return notebook


def code_cells(notebook):
    """The notebook with its code cells only: the build's cache stores no Markdown cells, so
    outputs are paired by their place among the code cells."""
    notebook.cells = [cell for cell in notebook.cells if cell.get("cell_type") == "code"]
    return notebook


# ---- 3. the figures and their titles --------------------------------------------------------------
def _figures(value, where: str):
    """Every plotly figure (a dict with data and layout) inside an output, depth first."""
    if isinstance(value, dict):
        if isinstance(value.get("data"), list) and isinstance(value.get("layout"), dict):
            yield where, value
            return
        for k, v in value.items():
            yield from _figures(v, f"{where}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _figures(v, f"{where}[{i}]")
    elif isinstance(value, str) and value.lstrip().startswith("{") and '"layout"' in value:
        try:
            yield from _figures(json.loads(value), where)
        except ValueError:
            return


def figures_of(notebook) -> list[tuple[str, dict]]:
    found = []
    for i, cell in enumerate(notebook.cells):
        for j, output in enumerate(cell.get("outputs", [])):
            for mime, payload in output.get("data", {}).items():
                if mime == FIGURE_MIME or mime.endswith("+json"):
                    found += list(_figures(payload, f"cell {i} output {j} {mime}"))
    return found


_RANDOM_IDS = re.compile(r"T_[0-9a-f]{5}")


def tables_of(notebook) -> list[tuple[str, str]]:
    """Every HTML table in the outputs (a DataFrame or a styled table), with pandas' random ids removed."""
    found = []
    for i, cell in enumerate(notebook.cells):
        for j, output in enumerate(cell.get("outputs", [])):
            html = output.get("data", {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            if "<table" in html and "plotly" not in html:
                found.append((f"cell {i} output {j}", _RANDOM_IDS.sub("T_id", html)))
    return found


def errors_of(notebook) -> set[tuple[int, str]]:
    """(cell index, exception name) of every cell that raised."""
    return {(i, output.get("ename", "")) for i, cell in enumerate(notebook.cells)
            for output in cell.get("outputs", []) if output.get("output_type") == "error"}


def unlabelled_changes(as_is: dict[str, object], changed: dict[str, object], label_of) -> list[str]:
    """Outputs (by place) that differ between the runs — or exist in one run only, like an
    explorer view per synthetic collective — and whose label does not say synthetic."""
    out = []
    for where in sorted(set(as_is) | set(changed)):
        a, b = as_is.get(where), changed.get(where)
        if a != b and "synthetic" not in label_of(a if a is not None else b).lower():
            out.append(where)
    return out


def caption_of(html: str) -> str:
    found = re.search(r"<caption[^>]*>(.*?)</caption>", html, flags=re.DOTALL)
    return found.group(1) if found else ""


def title_of(figure: dict) -> str:
    title = figure["layout"].get("title", "")
    return title.get("text", "") if isinstance(title, dict) else str(title)


def _content(figure: dict) -> str:
    layout = {k: v for k, v in figure["layout"].items() if k not in ("template",)}
    return json.dumps({"data": figure["data"], "layout": layout}, sort_keys=True, default=str)


def test_figure_extraction_finds_nested_twin_views():
    fig = {"data": [{"y": [1]}], "layout": {"title": {"text": "t"}}}
    payload = {"views": [{"figure": fig}, {"figure": json.dumps(fig)}]}
    assert len(list(_figures(payload, "x"))) == 2
    assert title_of(fig) == "t"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda p: str(p.relative_to(ROOT)))
@pytest.mark.site
def test_figures_built_from_synthetic_data_say_synthetic_in_their_title(chapter, perturbed, executed_notebooks):
    source = str(chapter.relative_to(ROOT))
    as_built = executed_notebooks.get(source)
    run_as_is = code_cells(nbformat.read(as_built, as_version=4) if as_built else _execute(chapter, {}))
    run_changed = code_cells(_execute(chapter, perturbed))
    assert len(run_as_is.cells) == len(run_changed.cells), f"{chapter.name}: the two runs have different cells"
    new_errors = errors_of(run_changed) - errors_of(run_as_is)
    assert not new_errors, f"{chapter.name}: cells failed on the perturbed synthetic data: {sorted(new_errors)}"
    figures = unlabelled_changes({w: _content(f) for w, f in figures_of(run_as_is)},
                                 {w: _content(f) for w, f in figures_of(run_changed)},
                                 lambda content: title_of(json.loads(content)))
    tables = unlabelled_changes(dict(tables_of(run_as_is)), dict(tables_of(run_changed)), caption_of)
    assert not figures + tables, (f"{chapter.name}: built from synthetic data but not labelled synthetic — "
                                  f"figures {figures[:10]}, tables {tables[:10]}")


def test_a_view_found_in_one_run_only_counts_as_changed():
    fig = json.dumps({"data": [], "layout": {"title": {"text": "Members"}}})
    assert unlabelled_changes({"v1": fig}, {"v1": fig, "v2": fig}, lambda c: title_of(json.loads(c))) == ["v2"]
    assert unlabelled_changes({"t": "<table><caption>x (synthetic)</caption></table>"}, {}, caption_of) == []


def test_table_captions_are_found():
    html = '<table id="T_ab12c"><caption>Members (synthetic data)</caption><tr><td>1</td></tr></table>'
    assert caption_of(html) == "Members (synthetic data)"
    assert "T_ab12c" not in _RANDOM_IDS.sub("T_id", html)
