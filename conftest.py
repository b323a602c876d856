"""Collect the book's MyST-Markdown notebooks for nbval, read through jupytext.

nbval only collects ``.ipynb``; this collector hands it every ``.md`` file under ``book/``
and ``exercises/`` whose front matter says it is a MyST notebook with a kernel. The sources
hold no outputs, so each cell is run and must not fail (like ``--nbval-lax``); whether the
outputs are reproducible is checked on the built notebooks (tests/test_site.py).
"""

from __future__ import annotations

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


def pytest_collect_file(file_path: Path, parent):
    root = Path(parent.config.rootpath)
    try:
        relative = file_path.relative_to(root)
    except ValueError:
        return None
    if relative.parts and relative.parts[0] in NOTEBOOK_FOLDERS and is_myst_notebook(file_path):
        return MystNotebook.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    config.addinivalue_line("markers", "site: builds the whole course site (slow)")
