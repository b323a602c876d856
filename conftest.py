"""Collect the book's MyST-Markdown notebooks for nbval, read through jupytext.

nbval only collects ``.ipynb``; this collector hands it the ``.md`` files under ``book/``
and ``exercises/`` whose front matter says it is a MyST notebook with a kernel. The sources
hold no outputs, so each cell is run and must not fail (like ``--nbval-lax``); whether the
outputs are reproducible is checked on the built notebooks (tests/test_site.py).

Each notebook runs once per full test run: the chapters in ``_toc.yml`` are executed by the
site build of tests/test_site.py (which fails on any cell error and names it), so this
collector runs only the notebooks the book does not contain (the exercises), unless a chapter
is named on the command line (``pytest book/day4/evaluation.md`` runs that chapter alone).
Notebook items carry the ``site`` marker: ``pytest -m "not site"`` (``make test-fast``) is the
quick tier of unit tests and doctests.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jupytext
import pytest
from nbval.plugin import IPyNbFile

NOTEBOOK_FOLDERS = ("book", "exercises")


def is_myst_notebook(path: Path) -> bool:
    """True for a ``.md`` file with jupytext MyST front matter and a kernelspec."""
    if path.suffix != ".md":
        return False
    head = path.read_text(encoding="utf-8")[:1500]
    return head.startswith("---") and "format_name: myst" in head and "kernelspec:" in head


class MystNotebook(IPyNbFile):
    """An nbval collector that reads a MyST-Markdown notebook and runs every code cell."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.compare_outputs = False

    def collect(self):
        notebook = jupytext.read(str(self.path))
        original_read = _nbformat_read_patch(notebook)
        try:
            yield from super().collect()
        finally:
            original_read()


def _nbformat_read_patch(notebook):
    """Let IPyNbFile.collect use the jupytext notebook instead of reading the file as JSON."""
    import nbval.plugin as plugin

    original = plugin.nbformat.read
    plugin.nbformat.read = lambda *args, **kwargs: notebook

    def restore():
        plugin.nbformat.read = original

    return restore


@lru_cache(maxsize=4)
def book_chapters(root: Path) -> frozenset[Path]:
    """The notebooks the site build executes: every file named in ``_toc.yml``."""
    import yaml

    toc = root / "_toc.yml"
    if not toc.exists():
        return frozenset()
    found: set[Path] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("file", "root") and isinstance(value, str):
                    found.add((root / value).with_suffix(".md").resolve())
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(toc.read_text(encoding="utf-8")))
    return frozenset(found)


def _named_on_command_line(config, path: Path) -> bool:
    wanted = {(Path(config.invocation_params.dir) / a.split("::")[0]).resolve() for a in config.args}
    return path.resolve() in wanted


def pytest_collect_file(file_path: Path, parent):
    root = Path(parent.config.rootpath)
    try:
        relative = file_path.relative_to(root)
    except ValueError:
        return None
    if not (relative.parts and relative.parts[0] in NOTEBOOK_FOLDERS and is_myst_notebook(file_path)):
        return None
    if file_path.resolve() in book_chapters(root) and not _named_on_command_line(parent.config, file_path):
        return None  # executed by the site build (tests/test_site.py): once per run is enough
    return MystNotebook.from_parent(parent, path=file_path)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if isinstance(item.parent, MystNotebook):
            item.add_marker(pytest.mark.site)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    config.addinivalue_line("markers", "site: builds the whole course site or runs notebooks (slow; "
                                       "excluded from the fast tier, make test-fast)")
