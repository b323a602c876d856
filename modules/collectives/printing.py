"""Print built HTML pages to PDF with headless Chromium, offline, with the course's print stylesheet.

Printable kits (role briefs, worksheets, observer sheets, rubrics, forms) are pages of the
book. This module turns a built page — or only some elements of it, e.g. one confidential role
brief — into a PDF, so the paper version comes from the same source as the web page:

- :func:`print_page` prints one page (optionally only the elements a CSS selector matches);
- :func:`print_jobs` prints a list of :class:`PrintJob` (read from a YAML file with
  :func:`read_jobs`), each page loaded once, in a few browser sessions side by side;
- the Sphinx extension (``extensions: [collectives.printing]``) runs the jobs listed in
  ``book/print.yml`` at the end of every HTML build and adds ``print.css`` to every page,
  so a reader's own *Print* gives the same layout. A rule ``{chapters: mornings, pdf:
  "{dir}/pdf/{name}.pdf"}`` in that file stands for one whole-page job per morning chapter
  of the programme (:func:`chapter_jobs`, in :mod:`collectives.print_jobs`, which reads and
  plans the jobs); a job whose page this build did not make (a cohort's
  book without that day) is skipped, and a PDF is printed again only when its page changed.

Figures are drawn before a page is printed: the page is laid out at the width of the printed
column (:data:`PRINT_WIDTH`), every plotly figure and explorer view must be drawn within
:data:`DRAW_TIMEOUT_MS` (else :class:`PrintingError` names the page), then each is fitted to the
column. Explorers print as their static twin, in the view they open with.

Every request the page makes to anything other than a local file of the built site is
refused and reported in :attr:`PrintResult.refused`; the build fails when a page asked for one.
Page breaks are the stylesheet's business (``book/assets/print.css``): ``.print-page`` starts
a new page, so do role briefs (``.role-brief``).

Example
-------
>>> job = PrintJob(page="book/afternoons/role-play.html", pdf="kits/roles.pdf", only=".role-brief")
>>> job.only
'.role-brief'
>>> print_page("site/index.html", "index.pdf")          # doctest: +SKIP
PrintResult(pdf=PosixPath('index.pdf'), bytes=48213, seconds=0.41, refused=())
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from collectives.errors import CollectivesError, ParameterError
from collectives.print_jobs import (CHAPTER_PDF, PrintJob, book_jobs, built_jobs, chapter_jobs, chapter_pdf,
                                    read_jobs, unknown_pages, whole_page_pdfs)

__all__ = ["CHAPTER_PDF", "PrintJob", "PrintResult", "PrintingError", "book_jobs", "built_jobs", "chapter_jobs",
           "chapter_pdf", "chromium_executable", "print_jobs", "print_page", "read_jobs", "setup", "whole_page_pdfs"]

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = ROOT / "book" / "assets" / "print.css"
JOBS_FILE = "book/print.yml"
# The printed column of an A4 page with print.css's 16 mm side margins (178 mm at 96 px per inch).
PRINT_WIDTH = 673
DRAW_TIMEOUT_MS = 30_000
# Browsers printing side by side (COURSE_PRINT_WORKERS overrides): the printing step is the last
# of the build, so it may use every core.
PRINT_WORKERS = int(os.environ.get("COURSE_PRINT_WORKERS") or min(3, os.cpu_count() or 1))
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")

# Keeps only the elements matched by a selector: clones them, in document order, into an
# otherwise empty <body> (the <head>, and so every stylesheet, stays).
_KEEP_ONLY = """selector => {
  const found = Array.from(document.querySelectorAll(selector));
  if (!found.length) return 0;
  const main = document.createElement('main');
  main.className = 'print-only';
  for (const el of found) main.appendChild(el.cloneNode(true));
  document.body.replaceChildren(main);
  return found.length;
}"""


class PrintingError(CollectivesError, RuntimeError):
    """A page could not be printed: no browser, no page, or it asked for outside resources."""


@dataclass(frozen=True)
class PrintResult:
    """What printing one job gave: the PDF, its size, the time it took, the requests refused."""

    pdf: Path
    bytes: int
    seconds: float
    refused: tuple[str, ...] = ()


def chromium_executable() -> str:
    """The system Chromium (Debian's ``chromium``); Playwright never downloads a browser here.

    Raises
    ------
    PrintingError
        when no Chromium is installed, saying how to install it.
    """
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "", "/usr/bin/chromium",
                      shutil.which("chromium-browser") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    raise PrintingError("Printing the kits needs Chromium: run `make browser` (or `apt-get install chromium`).")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def print_jobs(site: str | Path, jobs: Sequence[PrintJob], *, stylesheet: str | Path | None = STYLESHEET,
               executable: str | None = None, workers: int | None = None) -> list[PrintResult]:
    """Print every job of a built site: each page loaded once, ``workers`` browsers side by side.

    Parameters
    ----------
    site
        The built site's root folder (e.g. ``_build/html``).
    jobs
        What to print (see :class:`PrintJob`).
    stylesheet
        A print stylesheet added to every page before printing (default ``book/assets/print.css``);
        None adds nothing.
    executable
        The Chromium binary (default: :func:`chromium_executable`).
    workers
        Headless Chromium sessions printing at the same time, each taking the next page when it
        is done (default :data:`PRINT_WORKERS`; the largest pages go first). One session prints
        in the calling thread.

    Returns
    -------
    list of PrintResult
        One per job, in order; ``refused`` lists every outside request the page made.

    Raises
    ------
    PrintingError
        when a page does not exist, or a selector matches nothing on its page.
    """
    site = Path(site)
    css = Path(stylesheet).read_text(encoding="utf-8") if stylesheet else None
    # the book's print.css is linked from every page of the site (when its copy is current)
    own_css = bool(stylesheet) and Path(stylesheet).resolve() == STYLESHEET.resolve() \
        and (site / "_static" / STYLESHEET.name).is_file() \
        and (site / "_static" / STYLESHEET.name).read_text(encoding="utf-8") == css
    for job in jobs:
        page_path = site / job.page
        if not page_path.is_file():
            raise PrintingError(f"Cannot print {job.page}: there is no such page in {site}.")
        if not _inside(site / job.pdf, site):
            raise ParameterError("pdf", job.pdf, f"a path inside the site folder {site}")
    by_page: dict[str, list[int]] = {}
    for number, job in enumerate(jobs):
        by_page.setdefault(job.page, []).append(number)
    printed: list[list[PrintResult]] = [[] for _ in jobs]
    pages = queue.SimpleQueue()                  # each page is loaded once for all its jobs
    for page_name in sorted(by_page, key=lambda name: -(site / name).stat().st_size):
        pages.put(page_name)
    errors: list[BaseException] = []

    def work() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable or chromium_executable(),
                                            args=list(CHROMIUM_ARGS))
                try:
                    # laid out at the width of the printed column, so figures are drawn to fit it
                    context = browser.new_context(offline=True, viewport={"width": PRINT_WIDTH, "height": 950})
                    while not errors:
                        try:
                            page_name = pages.get_nowait()
                        except queue.Empty:
                            return
                        numbers = by_page[page_name]
                        for number, results in zip(numbers, _print_from_page(context, site, page_name,
                                                                             [jobs[n] for n in numbers], css,
                                                                             own_css)):
                            printed[number] = results
                finally:
                    browser.close()
        except BaseException as error:  # noqa: BLE001 - raised again in the calling thread
            errors.append(error)

    count = max(1, min(workers or PRINT_WORKERS, len(by_page)))
    if count == 1:
        work()
    else:
        threads = [threading.Thread(target=work, name=f"print-{n}") for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return [result for results in printed for result in results]


# Restores the page as loaded (its <body> is kept aside), so several jobs share one page load.
_SAVE = "() => { window.__printOriginal = document.body.cloneNode(true); }"
_RESTORE = "() => { document.body.replaceWith(window.__printOriginal.cloneNode(true)); }"
_IDS = "s => Array.from(document.querySelectorAll(s)).map(e => e.id)"
# Figures still to draw: a plotly figure without its SVG, an explorer not yet set up, or an
# explorer view with a figure not yet drawn (course.js and explorer.js draw them after load).
_UNDRAWN = """() => {
  const figures = [...document.querySelectorAll('.plotly-figure .plotly-graph-div')];
  const explorers = [...document.querySelectorAll('div.explorer[data-explorer]')];
  const undrawn = figures.filter(d => !d.querySelector('.main-svg')).length
    + explorers.filter(e => !e.hasAttribute('data-view')).length
    + explorers.filter(e => { const p = e.querySelector('.explorer-plot');
                              return p && !p.hidden && !p.querySelector('.main-svg'); }).length;
  return [undrawn, figures.length + explorers.length];
}"""
_ALL_DRAWN = f"() => ({_UNDRAWN})()[0] === 0"
# Fit every drawn figure to the printed column (the print stylesheet may have changed its width).
# (Only those whose width differs: a figure drawn at the column's width is not drawn again.)
_FIT = """() => window.Plotly ? Promise.all([...document.querySelectorAll('.js-plotly-plot')]
  .filter(gd => !gd._fullLayout || Math.abs(gd._fullLayout.width - gd.clientWidth) > 1)
  .map(gd => window.Plotly.Plots.resize(gd))).then(() => true) : true"""
# Whether the page links the site's own copy of print.css already (then it is not added again).
_LINKS_PRINT_CSS = "n => [...document.querySelectorAll('link[rel=stylesheet]')].some(l => l.href.endsWith('/' + n))"


# Boxes print.css keeps on one page (break-inside: avoid) that are taller than a page: such a
# box would start a new page and still be cut, leaving the page before it empty. They are
# marked print-tall (print.css lets them break); the figures and tables inside them stay whole.
PAGE_HEIGHT = 990   # px: the height of an A4 page inside print.css's 16 mm and 18 mm margins
_MARK_TALL = """limit => {
  let n = 0;
  for (const el of document.querySelectorAll('figure, table, .explorer, .table-choice, .admonition, .cell_output, '
                                             + '.role-brief, .keep-together, .plotly-figure, .explorer-figure')) {
    if (el.getBoundingClientRect().height > limit) { el.classList.add('print-tall'); n++; }
  }
  return n;
}"""


def _draw_figures(page, page_name: str) -> None:  # noqa: ANN001 - a Playwright page
    """Wait until every figure of the page is drawn, fit each to the printed column, and mark
    the boxes too tall to keep on one page."""
    if page.evaluate(_UNDRAWN)[1] == 0:
        page.evaluate(_MARK_TALL, PAGE_HEIGHT)
        return
    try:
        page.wait_for_function(_ALL_DRAWN, timeout=DRAW_TIMEOUT_MS, polling=100)
    except Exception as error:  # Playwright's TimeoutError
        undrawn, total = page.evaluate(_UNDRAWN)
        raise PrintingError(f"Cannot print {page_name}: {undrawn} of its {total} figures and explorers were not "
                            f"drawn within {DRAW_TIMEOUT_MS // 1000} s (is plotly.js in the site's _static?).") from error
    page.evaluate(_FIT)
    page.evaluate(_MARK_TALL, PAGE_HEIGHT)


def _print_from_page(context, site: Path, page_name: str, jobs: list[PrintJob],  # noqa: ANN001
                     css: str | None, own_css: bool = False) -> list[list[PrintResult]]:
    """Load one page, then print each job from it; a job with ``each`` gives one PDF per element."""
    refused: list[str] = []

    def guard(route, request):  # noqa: ANN001 - Playwright's handler signature
        url = request.url
        if url.startswith("file://") and _inside(Path(url[len("file://"):].split("?")[0].split("#")[0]), site):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    start = time.perf_counter()
    page = context.new_page()
    out: list[list[PrintResult]] = []
    try:
        page.route("**/*", guard)
        page.emulate_media(media="print")          # the print layout from the start: figures draw at its width
        page.goto((site / page_name).resolve().as_uri(), wait_until="load")
        if css and not (own_css and page.evaluate(_LINKS_PRINT_CSS, STYLESHEET.name)):
            page.add_style_tag(content=css)
        _draw_figures(page, page_name)
        page.evaluate(_SAVE)
        for job in jobs:
            if job.each:
                ids = page.evaluate(_IDS, job.each)
                if not ids:
                    raise PrintingError(f"Cannot print {job.page}: nothing on the page matches each={job.each!r}.")
                if not all(ids):
                    raise PrintingError(f"Cannot print {job.page}: every element matching each={job.each!r} needs an id.")
                singles = [(job.pdf.replace("{id}", i), f"#{i}") for i in ids]
            else:
                singles = [(job.pdf, job.only)]
            results = []
            for pdf, only in singles:
                page.evaluate(_RESTORE)
                if only and not page.evaluate(_KEEP_ONLY, only):
                    raise PrintingError(f"Cannot print {job.page}: nothing on the page matches only={only!r}.")
                target = site / pdf
                target.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True,
                         display_header_footer=False)
                now = time.perf_counter()
                results.append(PrintResult(target, target.stat().st_size, round(now - start, 3), tuple(refused)))
                start = now
            out.append(results)
    finally:
        page.close()
    return out


def print_page(html: str | Path, pdf: str | Path, *, only: str | None = None,
               stylesheet: str | Path | None = STYLESHEET) -> PrintResult:
    """Print one HTML file to PDF (its folder counts as the site: nothing outside it is loaded).

    Example
    -------
    >>> print_page("_build/html/book/afternoons/role-play-energy.html", "briefs.pdf",
    ...            only=".role-brief")                                  # doctest: +SKIP
    """
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    site = html.parent
    staged = site / f".print-{pdf.name}"          # printed inside the page's folder, then moved
    result = print_jobs(site, [PrintJob(html.name, staged.name, only)], stylesheet=stylesheet)[0]
    pdf.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staged), str(pdf))
    return PrintResult(pdf, result.bytes, result.seconds, result.refused)


# =============================================================================================
# the Sphinx extension: print the jobs of book/print.yml at the end of an HTML build


def _stale(site: Path, job: PrintJob, inputs: Iterable[Path]) -> bool:
    """True when the job's PDF (for ``each``: any of its PDFs) is missing or older than its page or inputs."""
    target = site / job.pdf
    targets = sorted(target.parent.glob(target.name.replace("{id}", "*"))) if job.each else [target]
    if not targets or not all(t.exists() for t in targets):
        return True
    newest = max([(site / job.page).stat().st_mtime, *(p.stat().st_mtime for p in inputs if p.exists())])
    return min(t.stat().st_mtime for t in targets) < newest


def _print_after_build(app, exception) -> None:  # noqa: ANN001 - Sphinx's event signature
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    log = logging.getLogger(__name__)
    if not getattr(app.config, "course_teaching_outputs", True):
        log.info("print: teaching outputs are off (COURSE_TEACHING_OUTPUTS): no PDFs printed")
        return
    jobs_file = Path(app.srcdir) / app.config.collectives_print_jobs
    if not jobs_file.exists():
        return
    site = Path(app.outdir)
    jobs, skipped = built_jobs(site, book_jobs(app.srcdir, jobs_file))
    unknown = unknown_pages(app.srcdir, skipped)
    if unknown:
        raise PrintingError(f"{jobs_file.name} names pages that are not in the book: {', '.join(unknown)}")
    if skipped:
        log.info(f"print: {len(skipped)} jobs skipped, their pages are not in this book: "
                 + ", ".join(sorted({job.page for job in skipped})[:5]))
    todo = [j for j in jobs if _stale(site, j, (jobs_file, STYLESHEET))]
    if not todo:
        log.info(f"print: {len(jobs)} PDFs up to date")
        return
    start = time.perf_counter()
    results = print_jobs(site, todo)
    for result in results:
        if result.refused:
            log.warning(f"print: {result.pdf.name} asked for outside resources (refused): "
                        + ", ".join(result.refused[:5]), type="collectives", subtype="print")
    log.info(f"print: {len(results)} PDFs ({len(todo)} jobs, {len(jobs) - len(todo)} up to date) "
             f"in {time.perf_counter() - start:.1f} s")


def _add_print_css(app) -> None:  # noqa: ANN001
    """Link ``print.css`` from every page when one of the site's static folders has it."""
    folders = [Path(app.srcdir) / folder for folder in app.config.html_static_path]
    if any((folder / STYLESHEET.name).is_file() for folder in folders):
        app.add_css_file(STYLESHEET.name, media="print")


def setup(app):  # noqa: ANN001 - Sphinx's extension entry point
    """Sphinx extension: add ``print.css`` to every page; print ``book/print.yml``'s jobs after the build."""
    app.add_config_value("collectives_print_jobs", JOBS_FILE, "html")
    app.connect("builder-inited", _add_print_css)
    app.connect("build-finished", _print_after_build, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
