"""The printable kits: built with the site from the same pages, one role brief per page, offline.

One build of a small book holding the afternoons' pages (with the course's configuration and
its printing extension) is shared by the tests in this file; it takes one to two minutes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from collectives import printing

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AFTERNOONS = ROOT / "book" / "afternoons"
VARIANTS = ("energy", "housing", "care")


def role_brief_ids(variant: str) -> list[str]:
    text = (AFTERNOONS / f"role-play-{variant}.md").read_text(encoding="utf-8")
    return re.findall(r"````\{container\} role-brief\n:name: (\S+)", text)


@pytest.fixture(scope="session")
def kit_build(tmp_path_factory):
    book = tmp_path_factory.mktemp("kits") / "book"
    for folder in ("book/afternoons", "book/downloads", "exercises", "references"):
        (book / folder).mkdir(parents=True)
    for page in AFTERNOONS.iterdir():
        if page.suffix in (".md", ".yml"):
            shutil.copy(page, book / "book" / "afternoons" / page.name)
    shutil.copy(ROOT / "exercises" / "capstone-template.md", book / "exercises")
    shutil.copytree(ROOT / "book" / "assets", book / "book" / "assets")
    for item in (ROOT / "book" / "downloads").iterdir():
        shutil.copy(item, book / "book" / "downloads" / item.name)
    shutil.copy(ROOT / "book" / "print.yml", book / "book" / "print.yml")
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    (book / "_config.yml").write_text(config, encoding="utf-8")
    for bib in yaml.safe_load(config)["bibtex_bibfiles"]:
        shutil.copy(ROOT / bib, book / bib)
    (book / "node_modules").symlink_to(ROOT / "node_modules")
    pages = sorted(p.stem for p in AFTERNOONS.glob("*.md") if p.stem != "index")
    toc = {"format": "jb-book", "root": "book/afternoons/index",
           "chapters": [{"file": f"book/afternoons/{p}"} for p in pages] + [{"file": "exercises/capstone-template"}]}
    (book / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    # Not -W: links to the mornings' chapters cannot resolve in this small book.
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(book), "--path-output", str(book)],
                            capture_output=True, text=True, timeout=1800)
    return result, book / "_build" / "html"


@pytest.fixture(scope="session")
def site(kit_build):
    result, html = kit_build
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return html


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def expected_pdfs() -> list[str]:
    out = []
    for job in printing.read_jobs(ROOT / "book" / "print.yml"):
        if job.each:
            variant = re.search(r"role-play-(\w+)\.html", job.page).group(1)
            out += [job.pdf.replace("{id}", i) for i in role_brief_ids(variant)]
        else:
            out.append(job.pdf)
    return out


def test_every_kit_of_the_print_list_is_built_as_a_pdf(site):
    missing = [pdf for pdf in expected_pdfs() if not (site / pdf).is_file()]
    assert missing == []


def test_every_pdf_has_text_on_every_page_and_no_blank_page(site):
    for pdf in expected_pdfs():
        pages = pdf_pages(site / pdf)
        assert pages, pdf
        blank = [i + 1 for i, text in enumerate(pages) if len(text.strip()) < 40]
        assert blank == [], f"{pdf}: blank pages {blank}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_role_briefs_print_one_per_page_between_six_and_eight(site, variant):
    ids = role_brief_ids(variant)
    assert 6 <= len(ids) <= 8
    pages = pdf_pages(site / "book" / "afternoons" / "pdf" / f"role-play-{variant}-role-briefs.pdf")
    assert len(pages) == len(ids)
    for text in pages:
        # the mark is set in capitals by the stylesheet
        assert text.upper().count("CONFIDENTIAL") == 1 and text.count("Role brief:") == 1
        for part in ("Your interests.", "Your constraints.", "Your best alternative to an agreement.", "What only you know."):
            assert part in text


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_role_brief_is_also_a_one_page_file_of_its_own(site, variant):
    for brief in role_brief_ids(variant):
        pages = pdf_pages(site / "book" / "afternoons" / "pdf" / f"role-play-{variant}-{brief}.pdf")
        assert len(pages) == 1 and "What only you know." in pages[0], brief


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_shared_kit_holds_no_confidential_information(site, variant):
    text = " ".join(pdf_pages(site / "book" / "afternoons" / "pdf" / f"role-play-{variant}-shared.pdf"))
    assert "Shared brief" in text and "Observer sheet" in text and "Rounds and timings" in text
    assert "What only you know" not in text and "CONFIDENTIAL" not in text.upper()


def test_the_printer_was_asked_for_nothing_from_another_host(kit_build):
    result, _ = kit_build
    assert "outside resources" not in result.stdout + result.stderr


def test_built_pages_load_nothing_from_another_host(site):
    for page in (site / "book" / "afternoons").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert remote == [], f"{page.name}: {remote[:3]}"


def test_every_pdf_link_on_the_pages_points_at_a_built_pdf(site):
    for page in (site / "book" / "afternoons").glob("*.html"):
        for href in re.findall(r'href="(pdf/[^"]+\.pdf)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).is_file(), f"{page.name} links to missing {href}"


def test_pages_link_the_print_stylesheet_for_the_browsers_own_print(site):
    html = (site / "book" / "afternoons" / "role-play-energy.html").read_text(encoding="utf-8")
    link = re.search(r'<link[^>]*print\.css[^>]*>', html)
    assert link and 'media="print"' in link.group(0)
