"""The whole site: a clean build with every notebook run, offline, accessible, reproducible.

One clean build (a fresh output folder, so no cache can make it green) is shared by the
tests in this file. The browser checks drive Debian's chromium through Playwright.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

import sitecheck

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JB_FLAGS = ["-W", "-n", "--keep-going", "--all"]


def jupyter_book(book: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(book), "--path-output", str(out), *JB_FLAGS],
        capture_output=True, text=True, timeout=1800,
    )


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


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def test_clean_build_has_no_warnings(build):
    result, _ = build
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    warnings = [line for line in output.splitlines() if "WARNING" in line and "IPKernelApp" not in line]
    assert warnings == []


def test_every_chapter_in_the_table_of_contents_is_built(site):
    missing = [f for f in toc_files() if not (site / f"{f}.html").exists()]
    assert missing == []


def test_chapters_offer_binder_live_code_and_notebook_download(site):
    executed = sorted((site.parent / "jupyter_execute").rglob("*.ipynb"))
    assert executed
    problems = []
    for notebook in executed:
        name = notebook.relative_to(site.parent / "jupyter_execute").with_suffix("")
        text = (site / f"{name}.html").read_text(encoding="utf-8")
        if f"_sources/{name}.ipynb" not in text or not (site / "_sources" / f"{name}.ipynb").exists():
            problems.append(f"{name}: no .ipynb download")
        if "mybinder.org" not in text:
            problems.append(f"{name}: no Binder launch button")
        if "thebe-launch-button" not in text and "initThebe" not in text:
            problems.append(f"{name}: no live-code button")
    assert problems == []


# --- offline: nothing on a page comes from another host ---------------------------------

class _Resources(HTMLParser):
    """Collects every address a page loads by itself (not links the reader may follow)."""

    LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
               "audio": "src", "embed": "src", "object": "data", "track": "src"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADING and attrs.get(self.LOADING[tag]):
            self.urls.append(attrs[self.LOADING[tag]])
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"].split("?")[0])
        if tag == "link" and attrs.get("href") and "alternate" not in (attrs.get("rel") or ""):
            if any(r in (attrs.get("rel") or "") for r in ("stylesheet", "icon", "preload", "modulepreload", "manifest")):
                self.urls.append(attrs["href"])


def page_resources(page: Path) -> _Resources:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def is_remote(url: str) -> bool:
    return bool(urlparse(url).netloc) or url.startswith("//")


def test_no_page_loads_anything_from_another_host(site):
    remote = {}
    for page in site.rglob("*.html"):
        found = [u for u in page_resources(page).urls if is_remote(u)]
        if found:
            remote[str(page.relative_to(site))] = found
    assert remote == {}


def test_no_stylesheet_loads_from_another_host(site):
    remote = {}
    for css in site.rglob("*.css"):
        found = re.findall(r"""url\(\s*['"]?((?:https?:)?//[^)'"]+)""", css.read_text(encoding="utf-8", errors="replace"))
        if found:
            remote[str(css.relative_to(site))] = found
    assert remote == {}


def test_shared_assets_load_once_and_plotly_only_where_there_are_figures(site):
    problems = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        scripts = [Path(s).name for s in page_resources(page).scripts]
        for asset in ("plotly.min.js", "embed-amd.js", "require.min.js", "tex-mml-chtml.js"):
            if scripts.count(asset) > 1:
                problems.append(f"{page.name}: {asset} loaded {scripts.count(asset)} times")
        has_figure = 'class="plotly-figure"' in text
        if has_figure != ("plotly.min.js" in scripts):
            problems.append(f"{page.name}: figure present={has_figure} but plotly.min.js loaded={not has_figure}")
    assert problems == []


def test_every_figure_has_a_caption_and_alt_text(site):
    problems = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<div class="plotly-figure" role="group" aria-describedby="([^"]+)">'
                                 r'<p class="visually-hidden" id="\1">([^<]*)</p>', text):
            if len(match.group(2).strip()) < 20:
                problems.append(f"{page.name}: figure {match.group(1)} has no real alt text")
            before = text[: match.start()]
            figure_open = before.rfind("<figure")
            if figure_open == -1 or before.rfind("</figure>") > figure_open:
                problems.append(f"{page.name}: figure {match.group(1)} is not inside a captioned <figure>")
            elif "<figcaption" not in text[match.end(): text.find("</figure>", match.end())]:
                problems.append(f"{page.name}: figure {match.group(1)} has no caption")
        if text.count('class="plotly-figure"') != len(re.findall(r'<div class="plotly-figure" role="group"', text)):
            problems.append(f"{page.name}: a figure without the alt-text wrapper")
    assert problems == []


# --- in a browser -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser_reports(site):
    return sitecheck.check_pages(site, sitecheck.html_pages(site))


def test_pages_open_without_errors_or_outside_requests(browser_reports):
    problems = {r.page: {"console": r.console_errors, "outside": r.outside_requests, "failed": r.failed_requests}
                for r in browser_reports if r.console_errors or r.outside_requests or r.failed_requests}
    assert problems == {}


def test_every_plotly_figure_is_drawn(browser_reports):
    assert sum(r.plotly_divs for r in browser_reports) > 0
    undrawn = {r.page: (r.plotly_divs, r.plotly_drawn) for r in browser_reports if r.plotly_drawn != r.plotly_divs}
    assert undrawn == {}


def test_widgets_render_on_the_static_page(browser_reports):
    assert sum(r.widget_views for r in browser_reports) > 0
    missing = {r.page: r.widget_views for r in browser_reports if r.widget_views and not r.widgets_rendered}
    assert missing == {}


def test_no_wcag_violations_on_any_page(browser_reports):
    violations = {r.page: r.violation_summary() for r in browser_reports if r.violations}
    assert violations == {}


def test_pages_fit_a_phone_screen(site):
    pages = [p for p in sitecheck.html_pages(site) if p.startswith("book/")]
    overflowing = sitecheck.horizontal_overflow(site, pages, width=390)
    assert overflowing == {}


# --- reproducible outputs -----------------------------------------------------------------

def test_rerunning_the_built_notebooks_gives_identical_outputs(site):
    executed = sorted((site.parent / "jupyter_execute").rglob("*.ipynb"))
    assert executed, "the build wrote no executed notebooks"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-q", "-p", "no:cacheprovider", "--rootdir", str(site.parent),
         "-o", "addopts=", "--nbval-sanitize-with", str(ROOT / "tests" / "nbval-sanitize.cfg"),
         *map(str, executed)],
        capture_output=True, text=True, timeout=1800, cwd=site.parent,
    )
    assert result.returncode == 0, result.stdout[-8000:]


# --- bad books fail, naming the file ------------------------------------------------------

NOTEBOOK_HEAD = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def mini_book(tmp_path: Path, chapter: str) -> Path:
    """A one-chapter book with the course's configuration."""
    book = tmp_path / "book"
    (book / "references").mkdir(parents=True)
    (book / "book" / "assets").mkdir(parents=True)
    for name in ("course.css", "favicon.svg"):
        (book / "book" / "assets" / name).write_bytes((ROOT / "book" / "assets" / name).read_bytes())
    (book / "node_modules").symlink_to(ROOT / "node_modules")
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    (book / "_config.yml").write_text(config, encoding="utf-8")
    for bib in yaml.safe_load(config)["bibtex_bibfiles"]:
        (book / bib).write_bytes((ROOT / bib).read_bytes())
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n- file: chapter\n", encoding="utf-8")
    (book / "index.md").write_text("# Mini book\n", encoding="utf-8")
    (book / "chapter.md").write_text(chapter, encoding="utf-8")
    return book


@pytest.mark.parametrize(
    "chapter, expected",
    [
        (NOTEBOOK_HEAD + "# Broken\n\n```{code-cell} ipython3\nx = 1\n```\n\n```{code-cell} ipython3\n1 / 0\n```\n",
         [r"chapter\.md", r"ZeroDivisionError", r"1 / 0"]),
        ("# Broken link\n\nSee {doc}`no-such-chapter`.\n", [r"chapter\.md:3", r"unknown document"]),
        ("# Missing source\n\nAs shown by {cite}`no_such_key_2099`.\n", [r"chapter\.md:3", r"no_such_key_2099"]),
    ],
    ids=["failing-cell", "broken-cross-reference", "missing-citation"],
)
def test_a_broken_chapter_fails_the_build_and_names_the_place(tmp_path, chapter, expected):
    book = mini_book(tmp_path, chapter)
    result = jupyter_book(book, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    for pattern in expected:
        assert re.search(pattern, output), f"{pattern!r} not in build output:\n{output[-3000:]}"
