"""What to print: the jobs of ``book/print.yml``, the chapters' rule, and which pages a build made.

:mod:`collectives.printing` prints them; this module only reads and plans (no browser), so the
links to the PDFs (:mod:`collectives.teaching`) and the printer agree on every file name.

Example
-------
>>> [job.pdf for job in chapter_jobs(["book/day1/history", "book/day3/communication"])]
['book/day1/pdf/history.pdf', 'book/day3/pdf/communication.pdf']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

import yaml

from collectives.errors import ParameterError

__all__ = ["CHAPTER_PDF", "CHAPTER_RULES", "PrintJob", "book_jobs", "built_jobs", "chapter_jobs", "chapter_pdf",
           "read_jobs", "unknown_pages", "whole_page_pdfs"]

# Where a morning chapter's PDF goes: next to its page, in a pdf/ folder ({dir}: the chapter's folder).
CHAPTER_PDF = "{dir}/pdf/{name}.pdf"
# The chapters a rule of print.yml can name.
CHAPTER_RULES = ("mornings",)


@dataclass(frozen=True)
class PrintJob:
    """One PDF to make: which built page, where the PDF goes, and what of the page to print.

    Attributes
    ----------
    page
        The built HTML page, relative to the site's root, e.g. ``"book/afternoons/role-play.html"``.
    pdf
        Where the PDF goes, relative to the site's root.
    only
        A CSS selector: print only the matching elements (e.g. ``"#brief-alderman"``); None prints
        the whole article.
    each
        A CSS selector: make one PDF per matching element (each must have an ``id``); ``pdf``
        then contains ``{id}``, replaced by the element's id.
    """

    page: str
    pdf: str
    only: str | None = None
    each: str | None = None

    def __post_init__(self) -> None:
        if self.each and "{id}" not in self.pdf:
            raise ParameterError("pdf", self.pdf, "a file name containing {id} when 'each' is given")
        if self.each and self.only:
            raise ParameterError("only", self.only, "no 'only' together with 'each' (each prints one element per file)")



def chapter_pdf(docname: str, pattern: str = CHAPTER_PDF) -> str:
    """Where a chapter's PDF goes: ``pattern`` with ``{dir}`` and ``{name}`` of the chapter.

    >>> chapter_pdf("book/day1/history")
    'book/day1/pdf/history.pdf'
    >>> chapter_pdf("index")
    'pdf/index.pdf'
    """
    folder, _, name = docname.rpartition("/")
    return str(PurePosixPath(pattern.format(dir=folder or ".", name=name)))


def chapter_jobs(chapters: Iterable[str], pattern: str = CHAPTER_PDF) -> list[PrintJob]:
    """One whole-page job per chapter (a docname such as ``book/day1/history``).

    >>> chapter_jobs(["book/day1/history"])
    [PrintJob(page='book/day1/history.html', pdf='book/day1/pdf/history.pdf', only=None, each=None)]
    """
    return [PrintJob(f"{docname}.html", chapter_pdf(docname, pattern)) for docname in chapters]


def read_jobs(path: str | Path, chapters: Sequence[str] = ()) -> list[PrintJob]:
    """Read a list of print jobs from YAML: ``- {page: …, pdf: …, only: …}`` per PDF.

    An entry ``- {chapters: mornings, pdf: "{dir}/pdf/{name}.pdf"}`` stands for one job per
    docname in ``chapters`` (the morning chapters of the programme, given by the caller).

    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "print.yml")
    >>> _ = open(f, "w").write("- page: a.html\\n  pdf: a.pdf\\n- {chapters: mornings, pdf: '{dir}/pdf/{name}.pdf'}\\n")
    >>> read_jobs(f)
    [PrintJob(page='a.html', pdf='a.pdf', only=None, each=None)]
    >>> [job.pdf for job in read_jobs(f, chapters=["book/day2/legal-forms"])]
    ['a.pdf', 'book/day2/pdf/legal-forms.pdf']
    """
    path = Path(path)
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise ParameterError(path.name, type(entries).__name__, "a list of jobs, each with 'page' and 'pdf'")
    jobs = []
    for number, entry in enumerate(entries, start=1):
        if isinstance(entry, dict) and "chapters" in entry:
            if set(entry) != {"chapters", "pdf"} or entry["chapters"] not in CHAPTER_RULES \
                    or "{name}" not in str(entry["pdf"]):
                raise ParameterError(f"{path.name} job {number}", entry,
                                     "{chapters: mornings, pdf: a file name with {name} (and optionally {dir})}")
            jobs += chapter_jobs(chapters, str(entry["pdf"]))
            continue
        if not isinstance(entry, dict) or not {"page", "pdf"} <= set(entry) or set(entry) - {"page", "pdf", "only", "each"}:
            raise ParameterError(f"{path.name} job {number}", entry,
                                 "a mapping with 'page', 'pdf' and optionally 'only' or 'each', or a 'chapters' rule")
        jobs.append(PrintJob(str(entry["page"]), str(entry["pdf"]), entry.get("only"), entry.get("each")))
    return jobs


def built_jobs(site: str | Path, jobs: Sequence[PrintJob]) -> tuple[list[PrintJob], list[PrintJob]]:
    """Split ``jobs`` into those whose page the site has and those whose page it has not.

    A cohort's book leaves out the days the cohort does not take: their pages are not built,
    so their PDFs are skipped rather than failing the build.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp()); _ = (site / "a.html").write_text("<p>a</p>")
    >>> built_jobs(site, [PrintJob("a.html", "a.pdf"), PrintJob("gone.html", "gone.pdf")])
    ([PrintJob(page='a.html', pdf='a.pdf', only=None, each=None)], [PrintJob(page='gone.html', pdf='gone.pdf', only=None, each=None)])
    """
    site = Path(site)
    kept, skipped = [], []
    for job in jobs:
        (kept if (site / job.page).is_file() else skipped).append(job)
    return kept, skipped


def unknown_pages(srcdir: str | Path, jobs: Iterable[PrintJob]) -> list[str]:
    """Pages of ``jobs`` that have no source in the book (a typo in ``print.yml``): unlike a
    page a cohort's book leaves out, these fail the build.

    >>> import tempfile
    >>> src = Path(tempfile.mkdtemp()); _ = (src / "a.md").write_text("# A")
    >>> unknown_pages(src, [PrintJob("a.html", "a.pdf"), PrintJob("typo.html", "typo.pdf")])
    ['typo.html']
    """
    srcdir = Path(srcdir)
    return sorted({job.page for job in jobs
                   if not any((srcdir / job.page).with_suffix(suffix).is_file() for suffix in (".md", ".ipynb", ".rst"))})


def whole_page_pdfs(jobs: Iterable[PrintJob]) -> dict[str, str]:
    """Page → the PDF of the whole page, for the jobs that print a whole page."""
    return {job.page: job.pdf for job in jobs if not job.only and not job.each}


def book_jobs(srcdir: str | Path, jobs_file: str | Path) -> list[PrintJob]:
    """The print jobs of a book: its jobs file, with the ``chapters: mornings`` rule expanded
    to the morning chapters of the programme this build uses (a cohort's, when one is built)."""
    from collectives.teaching import morning_chapters   # at call time: teaching imports this module

    return read_jobs(jobs_file, chapters=[docname for docname, _ in morning_chapters(srcdir)])
