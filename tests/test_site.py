"""The whole site: a clean build with every notebook run, offline, accessible, reproducible.

One clean build (a fresh output folder, so no cache can make it green) is shared by the
tests in this file. The browser checks drive Debian's chromium through Playwright.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

import sitecheck
from sitebuild import ROOT, jupyter_book

pytestmark = pytest.mark.site  # slow tier: `make test` (the fast tier is `make test-fast`)



def book_pages(site: Path):
    """Every built HTML page of the book; the slide decks have tests of their own."""
    return (p for p in site.rglob("*.html") if "slides" not in p.relative_to(site).parts)


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


def test_chapters_offer_binder_and_notebook_download_and_no_live_code_that_would_hang(site):
    """Live code needs a kernel on another host: the static site offers Binder instead, and no
    page loads Thebe (from a CDN it hangs with no internet)."""
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
        if "thebe-launch-button" in text or "THEBE_JS_URL" in text or "sphinx-thebe.js" in text:
            problems.append(f"{name}: a Live code button with no kernel to reach")
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
    for page in book_pages(site):
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
    for page in book_pages(site):
        text = page.read_text(encoding="utf-8")
        scripts = [Path(s).name for s in page_resources(page).scripts]
        for asset in (PLOTLY, "tex-mml-chtml.js"):
            if scripts.count(asset) > 1:
                problems.append(f"{page.name}: {asset} loaded {scripts.count(asset)} times")
        has_figure = 'class="plotly-figure"' in text or "data-explorer=" in text
        if has_figure != (PLOTLY in scripts):
            problems.append(f"{page.name}: figure present={has_figure} but plotly.js loaded={not has_figure}")
    assert problems == []


PLOTLY = "plotly-course.min.js"
# Scripts that must not block the first paint.
HEAVY = (PLOTLY, "explorer.js", "course.js", "searchindex.js", "tex-mml-chtml.js")


def test_plotly_and_other_heavy_scripts_never_block_the_first_paint(site):
    blocking = {}
    for page in book_pages(site):
        found = re.findall(r"<script\b([^>]*)>", page.read_text(encoding="utf-8"))
        late = [a for a in found if any(h in a for h in HEAVY) and "defer" not in a and "async" not in a]
        if late:
            blocking[str(page.relative_to(site))] = late
    assert blocking == {}


def test_mathjax_loads_only_on_pages_with_maths(site):
    needless = []
    for page in book_pages(site):
        text = page.read_text(encoding="utf-8")
        if "tex-mml-chtml.js" in text and not re.search(r'class="math[ "]|\\\(|\$\$', text):
            needless.append(str(page.relative_to(site)))
    assert needless == []


def test_figures_embed_the_small_course_template_not_plotlys_default(site):
    heavy = []
    for page in book_pages(site):
        for payload in re.findall(r'<script type="application/json" class="plotly-json"[^>]*>(.*?)</script>',
                                  page.read_text(encoding="utf-8"), re.S):
            template = json.loads(payload.replace("<\\/", "</")).get("layout", {}).get("template", {})
            if template.get("data") or len(json.dumps(template)) > 1500:
                heavy.append(f"{page.name}: template of {len(json.dumps(template))} bytes")
    assert heavy == []


def test_the_mode_bar_has_no_cloud_link_and_no_logo(site):
    from collectives.book import PLOTLY_CONFIG

    assert PLOTLY_CONFIG["displaylogo"] is False and PLOTLY_CONFIG["showLink"] is False
    assert PLOTLY_CONFIG["showSendToCloud"] is False and PLOTLY_CONFIG["showEditInChartStudio"] is False
    wrong = []
    for page in book_pages(site):
        for payload in re.findall(r'<script type="application/json" class="plotly-json"[^>]*>(.*?)</script>',
                                  page.read_text(encoding="utf-8"), re.S):
            config = json.loads(payload.replace("<\\/", "</")).get("config", {})
            if config.get("displaylogo") is not False or config.get("showSendToCloud") is not False:
                wrong.append(page.name)
    assert wrong == []


def test_every_figure_has_a_caption_and_alt_text(site):
    problems = []
    for page in book_pages(site):
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

def _table_problems(page_html: str) -> list[str]:
    """Tables a reader should not meet: text cut with "..." (pandas' column width), and a raw
    DataFrame (0..n index, snake_case headers, no caption) shown by a cell whose code is hidden,
    where the reader did not ask for code output but for a table."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    problems = [f"cut text: {td.get_text()[-40:]!r}" for td in soup.select("table td")
                if td.get_text().rstrip().endswith("...")]
    for frame in soup.select("table.dataframe"):
        cell = frame.find_parent("div", class_="cell")
        classes = cell.get("class", []) if cell else []
        if "tag_hide-input" in classes or "tag_remove-input" in classes:
            problems.append(f"raw DataFrame in a hidden-code cell: {frame.get_text(' ', strip=True)[:60]!r}")
    return problems


def test_table_problems_finds_cut_text_and_raw_frames():
    cut = '<table><tr><td>A contact person at the town hall, faster perm...</td></tr></table>'
    raw = '<div class="cell tag_hide-input"><table class="dataframe"><tr><td>x</td></tr></table></div>'
    shown = '<div class="cell"><table class="dataframe"><tr><td>x</td></tr></table></div>'
    assert len(_table_problems(cut)) == 1 and len(_table_problems(raw)) == 1
    assert _table_problems(shown) == []


def test_tables_show_their_whole_text_and_hidden_code_shows_course_tables(site):
    problems = {page.name: found for page in book_pages(site)
                if (found := _table_problems(page.read_text(encoding="utf-8")))}
    assert problems == {}


@pytest.fixture(scope="session")
def browser_reports(site):
    return sitecheck.check_pages(site, sitecheck.html_pages(site))


def test_the_site_root_opens_the_course_front_page(site):
    # index.html is a redirect stub (the page checks above leave it out: a browser leaves it
    # at once); opening the site's root must land on the front page of the book.
    assert sitecheck.redirect_pages(site) == {"index.html": "book/index.html"}
    assert sitecheck.landing_page(site, "index.html") == "book/index.html"


def test_pages_open_without_errors_or_outside_requests(browser_reports):
    problems = {r.page: {"console": r.console_errors, "outside": r.outside_requests, "failed": r.failed_requests}
                for r in browser_reports if r.console_errors or r.outside_requests or r.failed_requests}
    assert problems == {}


def test_every_plotly_figure_is_drawn(browser_reports):
    assert sum(r.plotly_divs for r in browser_reports) > 0
    undrawn = {r.page: (r.plotly_divs, r.plotly_drawn) for r in browser_reports if r.plotly_drawn != r.plotly_divs}
    assert undrawn == {}


def test_no_dead_widget_on_a_static_page(browser_reports):
    dead = {r.page: r.widget_views for r in browser_reports if r.widget_views}
    assert dead == {}


def test_every_explorer_twin_is_drawn(browser_reports):
    assert sum(r.explorers for r in browser_reports) > 0
    undrawn = {r.page: (r.explorers, r.explorers_drawn) for r in browser_reports if r.explorers != r.explorers_drawn}
    assert undrawn == {}


def test_every_explorer_control_works_with_the_keyboard(browser_reports):
    problems = {r.page: r.explorer_problems for r in browser_reports if r.explorer_problems}
    assert problems == {}


def test_no_wcag_violations_on_any_page(browser_reports):
    violations = {r.page: r.violation_summary() for r in browser_reports if r.violations}
    assert violations == {}


def test_pages_fit_a_phone_screen(site):
    pages = [p for p in sitecheck.html_pages(site) if p.startswith("book/")]
    overflowing = sitecheck.horizontal_overflow(site, pages, width=390)
    assert overflowing == {}


# --- as readers meet it: phones, tablets, laptops, projectors ------------------------------

CHAPTER = "book/day1/history.html"  # a chapter with figures, a table and both sidebars


@pytest.mark.parametrize("width", [390, 768])
@pytest.mark.parametrize("which", ["primary", "secondary"])
def test_the_table_of_contents_and_on_this_page_open_on_a_phone_and_a_tablet(site, width, which):
    assert sitecheck.drawer_opens(site, CHAPTER, width, which) == ""


def test_the_menu_button_hides_and_shows_the_sidebar_on_a_laptop(site):
    assert sitecheck.laptop_toggle_hides_sidebar(site, CHAPTER, 1366) == ""


def test_presentation_view_hides_both_sidebars_and_widens_the_text_on_a_projector(site):
    view = sitecheck.presentation_view(site, CHAPTER, (1280, 720))
    assert view["before"]["primary"] and view["before"]["secondary"]
    for how in ("key", "button"):
        assert view[how] is not None, f"no presentation {how}"
        assert not view[how]["primary"] and not view[how]["secondary"], how
        assert view[how]["article"] > view["before"]["article"] * 1.3, how


@pytest.fixture(scope="session")
def phone_reports(site):
    return sitecheck.layout_reports(site, sitecheck.html_pages(site), 390, 844, press_buttons=True)


@pytest.fixture(scope="session")
def laptop_reports(site):
    return sitecheck.layout_reports(site, sitecheck.html_pages(site), 1366, 768, axe=False)


def test_every_figure_keeps_title_legend_axis_titles_and_controls_inside_its_box_on_a_phone(phone_reports):
    outside = {r.page: r.figures_outside for r in phone_reports if r.figures_outside}
    assert outside == {}


def test_no_menu_covers_a_title_on_a_laptop(laptop_reports):
    outside = {r.page: r.figures_outside for r in laptop_reports if r.figures_outside}
    assert outside == {}


def test_a_figure_taller_than_a_projector_says_why(laptop_reports):
    tall = {r.page: r.tall_figures for r in laptop_reports if r.tall_figures}
    assert tall == {}


def test_no_table_cell_is_wider_than_the_text_column(phone_reports, laptop_reports):
    wide = {f"{r.page} @ {r.width}px": r.wide_cells for r in phone_reports + laptop_reports if r.wide_cells}
    assert wide == {}


def test_pressing_every_button_requests_nothing_from_another_host(phone_reports):
    assert sum(r.buttons_pressed for r in phone_reports) > 0
    outside = {r.page: r.outside_after_buttons for r in phone_reports if r.outside_after_buttons}
    assert outside == {}


def test_no_wcag_violations_on_a_phone(phone_reports):
    violations = {r.page: r.violation_summary() for r in phone_reports if r.violations}
    assert violations == {}


def test_no_wcag_violations_in_the_themes_dark_mode(site):
    reports = sitecheck.layout_reports(site, sitecheck.html_pages(site), 1280, 900, dark=True)
    violations = {r.page: r.violation_summary() for r in reports if r.violations}
    assert violations == {}


def test_every_figure_menu_works_with_the_keyboard(site):
    problems = sitecheck.operate_figure_controls(site, sitecheck.html_pages(site))
    assert problems == {}


def test_a_choice_that_matches_nothing_says_so_on_the_figure(site):
    assert sitecheck.empty_choice_problems(site, sitecheck.html_pages(site)) == {}


def test_every_page_with_all_it_loads_is_within_the_byte_budget(site):
    pages = sitecheck.html_pages(site)
    fetched = sitecheck.fetched_files(site, pages)
    over = {}
    for page in pages:
        weight = sitecheck.page_weight(site, page, fetched[page])
        assert weight.compressed > 0
        if weight.compressed > sitecheck.BUDGET_BYTES:
            over[page] = f"{weight.compressed:,} bytes compressed ({weight.raw:,} raw)"
    assert over == {}


# --- teaching from the book: slides and the participant edition --------------------------

def test_every_morning_chapter_has_a_slide_deck_linked_from_its_page(site):
    from collectives.teaching import morning_chapters

    chapters = morning_chapters(ROOT)
    assert len(chapters) >= 20
    missing = [doc for doc, _ in chapters if not (site / "slides" / f"{doc}.html").exists()]
    unlinked = [doc for doc, _ in chapters if f"slides/{doc}.html" not in (site / f"{doc}.html").read_text(encoding="utf-8")]
    assert missing == [] and unlinked == []
    assert (site / "slides" / "book" / "index.html").exists()


def test_every_morning_chapter_has_its_pdf_linked_from_its_page_with_figure_descriptions(site):
    """Each morning chapter prints to ``<day>/pdf/<chapter>.pdf``: non-empty, linked from its
    page (a relative link, so it works offline), every page with text, figures described."""
    from pypdf import PdfReader

    from collectives.printing import chapter_pdf
    from collectives.teaching import morning_chapters

    chapters = morning_chapters(ROOT)
    assert len(chapters) >= 20
    problems = {}
    for doc, _ in chapters:
        pdf = site / chapter_pdf(doc)
        page = (site / f"{doc}.html").read_text(encoding="utf-8")
        link = re.search(r'<a class="chapter-pdf" href="([^"]+)"[^>]*>Download this chapter as PDF</a>', page)
        found = []
        if not pdf.is_file() or pdf.stat().st_size < 5000:
            found.append("no PDF")
        elif link is None or is_remote(link.group(1)) or link.group(1).startswith("/"):
            found.append(f"no relative link to it ({link and link.group(1)})")
        elif (site / f"{doc}.html").parent.joinpath(link.group(1)).resolve() != pdf.resolve():
            found.append(f"the link points to {link.group(1)}")
        else:
            texts = [p.extract_text() or "" for p in PdfReader(pdf).pages]
            if any(len(t.strip()) < 40 for t in texts):
                found.append("a blank page")
            figures = len(re.findall(r'<div class="(?:plotly-figure|explorer-figure)" role="group" '
                                     r'aria-describedby="([^"]+)"><p class="visually-hidden" id="\1"[^>]*>\s*[^<\s]', page))
            described = " ".join(texts).count("Figure description:")
            if figures and described < figures:
                found.append(f"{described} figure descriptions for {figures} figures")
        if found:
            problems[doc] = found
    assert problems == {}


def test_slide_decks_draw_their_figures_show_speaker_notes_and_load_nothing_from_another_host(site):
    from playwright.sync_api import sync_playwright

    decks = ["slides/book/day4/feedback-loops.html", "slides/book/day3/stakeholders.html", "slides/book/day5/diffusion.html"]
    axe = sitecheck.AXE.read_text(encoding="utf-8")
    problems = {}
    with sitecheck.serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=sitecheck.chromium_path(), args=sitecheck.CHROMIUM_ARGS)
        for deck in decks:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            errors, outside = [], []
            page.on("console", lambda m, e=errors: m.type == "error" and e.append(m.text))
            page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
            page.route("**/*", lambda r, o=outside: r.continue_() if r.request.url.startswith((base, "data:", "blob:"))
                       else (o.append(r.request.url), r.abort()))
            page.goto(base + deck, wait_until="load")
            page.wait_for_timeout(1500)
            figures = page.locator("section.slide-figure").count()
            drawn = page.evaluate("() => [...document.querySelectorAll('section.slide-figure')]"
                                  ".filter(s => s.querySelector('.main-svg')).length")
            notes = page.locator("aside.notes").count()
            page.add_script_tag(content=axe)
            violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                                       "resultTypes: ['violations']}).then(r => r.violations.map(v => v.id))",
                                       sitecheck.WCAG_TAGS)
            if errors or outside or not figures or drawn != figures or not notes or violations:
                problems[deck] = {"errors": errors, "outside": outside, "figures": (figures, drawn),
                                  "notes": notes, "axe": violations}
            page.close()
        browser.close()
    assert problems == {}


def test_the_participant_edition_hides_the_instructor_notes_and_folds_the_solutions(site):
    page = (site / "book" / "day4" / "feedback-loops.html").read_text(encoding="utf-8")
    assert re.search(r'class="instructor[^"]*edition-hidden', page)  # hidden; the slides use them as speaker notes
    assert re.search(r'class="solution dropdown', page)


# --- reproducible outputs -----------------------------------------------------------------

def test_rerunning_the_built_notebooks_gives_identical_outputs(site, executed_notebooks):
    executed = sorted(executed_notebooks.values())
    assert len(executed) >= len(list((site.parent / "jupyter_execute").rglob("*.ipynb"))), \
        "the build's cache holds fewer notebooks than the site"
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
    shutil.copytree(ROOT / "book" / "assets", book / "book" / "assets", dirs_exist_ok=True)
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
