"""Fixtures shared by the test files: the one clean site build of a test run.

``build`` runs ``jupyter-book build`` once per test session into a fresh folder (so no cache can
make it green); ``site`` is its HTML; ``executed_notebooks`` are the notebooks as that build ran
them (every output kept), for the tests that need a chapter's outputs without running it again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import ROOT, cached_notebooks, jupyter_book


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result = jupyter_book(ROOT, out)
    return result, out / "_build"


@pytest.fixture(scope="session")
def site(build):
    result, built = build
    assert result.returncode == 0, f"site build failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    return built / "html"


@pytest.fixture(scope="session")
def executed_notebooks(site) -> dict[str, Path]:
    """Source path relative to the repository (``book/day1/cases.md``) → its executed notebook."""
    out = site.parent / "rerun"
    return {str(path.relative_to(out).with_suffix(".md")): path for path in cached_notebooks(site.parent, out)}
