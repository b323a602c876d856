"""Printing built pages to PDF with headless Chromium: page breaks, selections, no outside requests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from collectives import printing
from collectives.errors import ParameterError
from collectives.printing import PrintJob, PrintingError

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kit</title>
<link rel="stylesheet" href="local.css">{extra_head}</head><body>
<nav class="bd-sidebar-primary">Site menu that must not be printed</nav>
<main><h1>A kit</h1><p>Introduction for everyone.</p>
<div class="role-brief" id="brief-a"><p>Role brief A: interests, constraints, best alternative.</p></div>
<div class="role-brief" id="brief-b"><p>Role brief B: interests, constraints, best alternative.</p></div>
<div class="role-brief" id="brief-c"><p>Role brief C: interests, constraints, best alternative.</p></div>
{extra_body}</main></body></html>"""


def make_site(tmp_path: Path, extra_head: str = "", extra_body: str = "") -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "local.css").write_text("body { font-family: sans-serif; }", encoding="utf-8")
    (site / "kit.html").write_text(PAGE.format(extra_head=extra_head, extra_body=extra_body), encoding="utf-8")
    return site


def texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("print"))
    jobs = [PrintJob("kit.html", "out/all.pdf"), PrintJob("kit.html", "out/briefs.pdf", only=".role-brief"),
            PrintJob("kit.html", "out/brief-{id}.pdf", each=".role-brief")]
    return site, printing.print_jobs(site, jobs)


def test_each_role_brief_starts_a_page_and_no_page_is_blank(printed):
    site, _ = printed
    pages = texts(site / "out" / "briefs.pdf")
    assert len(pages) == 3
    for letter, text in zip("ABC", pages):
        assert f"Role brief {letter}" in text
        assert sum(f"Role brief {x}" in text for x in "ABC") == 1
    whole = texts(site / "out" / "all.pdf")
    assert len(whole) == 4 and all(t.strip() for t in whole)   # the introduction, then one brief per page
    assert "Introduction for everyone" in whole[0] and "Role brief A" not in whole[0]


def test_each_prints_one_pdf_per_element_named_by_its_id(printed):
    site, results = printed
    for letter in "abc":
        pages = texts(site / "out" / f"brief-brief-{letter}.pdf")
        assert len(pages) == 1 and f"Role brief {letter.upper()}" in pages[0]
    assert len(results) == 5 and all(r.bytes > 1000 and r.refused == () for r in results)


def test_the_site_menu_is_not_printed(printed):
    site, _ = printed
    assert not any("Site menu" in t for t in texts(site / "out" / "all.pdf"))


def test_outside_requests_are_refused_and_reported(tmp_path):
    site = make_site(tmp_path, extra_head='<link rel="stylesheet" href="https://fonts.example.org/font.css">',
                     extra_body='<img src="https://cdn.example.org/logo.png" alt="logo">')
    result = printing.print_jobs(site, [PrintJob("kit.html", "out.pdf")])[0]
    assert set(result.refused) == {"https://fonts.example.org/font.css", "https://cdn.example.org/logo.png"}
    assert len(texts(site / "out.pdf")) == 4


def test_print_page_writes_a_pdf_outside_the_site(tmp_path):
    site = make_site(tmp_path)
    target = tmp_path / "elsewhere" / "brief.pdf"
    result = printing.print_page(site / "kit.html", target, only="#brief-b")
    assert result.pdf == target and texts(target) and "Role brief B" in texts(target)[0]
    assert not list(site.glob(".print-*"))


def test_a_selector_that_matches_nothing_is_a_clear_error(tmp_path):
    site = make_site(tmp_path)
    with pytest.raises(PrintingError, match=r"nothing on the page matches only='\.no-such-thing'"):
        printing.print_jobs(site, [PrintJob("kit.html", "x.pdf", only=".no-such-thing")])


def test_a_missing_page_is_a_clear_error(tmp_path):
    site = make_site(tmp_path)
    with pytest.raises(PrintingError, match="no such page"):
        printing.print_jobs(site, [PrintJob("missing.html", "x.pdf")])


def test_elements_printed_one_per_file_need_ids(tmp_path):
    site = make_site(tmp_path, extra_body='<div class="sheet"><p>No id here.</p></div>')
    with pytest.raises(PrintingError, match="needs an id"):
        printing.print_jobs(site, [PrintJob("kit.html", "s-{id}.pdf", each=".sheet")])


def test_jobs_are_checked_when_they_are_made_and_read(tmp_path):
    with pytest.raises(ParameterError, match=r"containing \{id\}"):
        PrintJob("kit.html", "fixed.pdf", each=".role-brief")
    with pytest.raises(ParameterError, match="inside the site folder"):
        printing.print_jobs(make_site(tmp_path), [PrintJob("kit.html", "../escape.pdf")])
    bad = tmp_path / "print.yml"
    bad.write_text("- page: a.html\n  output: a.pdf\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="'page', 'pdf'"):
        printing.read_jobs(bad)


def test_the_book_print_list_names_only_built_pages_and_pdfs_in_the_site():
    jobs = printing.read_jobs(printing.ROOT / "book" / "print.yml")
    assert len(jobs) >= 20
    for job in jobs:
        assert (printing.ROOT / job.page).with_suffix(".md").exists(), job.page
        assert job.pdf.endswith(".pdf") and not job.pdf.startswith("/")


def test_a_pdf_is_printed_again_only_when_its_page_or_inputs_changed(tmp_path):
    import os
    import time

    site = make_site(tmp_path)
    jobs = [PrintJob("kit.html", "out/all.pdf"), PrintJob("kit.html", "out/b-{id}.pdf", each=".role-brief")]
    printing.print_jobs(site, jobs)
    css = tmp_path / "print.css"
    css.write_text("/* */", encoding="utf-8")
    old = time.time() - 100
    os.utime(css, (old, old))
    os.utime(site / "kit.html", (old, old))
    assert not any(printing._stale(site, job, [css]) for job in jobs)
    (site / "kit.html").touch()
    assert all(printing._stale(site, job, [css]) for job in jobs)


# --- the chapters' PDFs: which jobs, which are skipped, which are printed again (no browser) ---

def test_the_chapters_rule_gives_one_whole_page_job_per_morning_chapter():
    from collectives.teaching import morning_chapters

    chapters = [doc for doc, _ in morning_chapters(printing.ROOT)]
    jobs = printing.book_jobs(printing.ROOT, printing.ROOT / "book" / "print.yml")
    chapter_jobs = [job for job in jobs if job.page[: -len(".html")] in chapters]
    assert len(chapters) >= 20 and [job.page for job in chapter_jobs] == [f"{doc}.html" for doc in chapters]
    for job, doc in zip(chapter_jobs, chapters):
        day, name = doc.split("/")[1:]
        assert job.pdf == f"book/{day}/pdf/{name}.pdf" and job.only is None and job.each is None
        assert (printing.ROOT / f"{doc}.md").exists()
    assert not any(job.page.startswith("book/afternoons/") for job in chapter_jobs)
    assert printing.whole_page_pdfs(jobs)["book/day1/history.html"] == "book/day1/pdf/history.pdf"
    assert len(printing.read_jobs(printing.ROOT / "book" / "print.yml")) == len(jobs) - len(chapters)


def test_a_chapters_rule_is_checked(tmp_path):
    jobs_file = tmp_path / "print.yml"
    for bad in ("- {chapters: afternoons, pdf: '{dir}/pdf/{name}.pdf'}\n", "- {chapters: mornings, pdf: fixed.pdf}\n",
                "- {chapters: mornings, pdf: '{name}.pdf', only: '.x'}\n"):
        jobs_file.write_text(bad, encoding="utf-8")
        with pytest.raises(ParameterError, match="chapters: mornings"):
            printing.read_jobs(jobs_file, chapters=["book/day1/history"])
    jobs_file.write_text("- {chapters: mornings, pdf: 'pdfs/{name}.pdf'}\n", encoding="utf-8")
    assert printing.read_jobs(jobs_file, chapters=["book/day1/history", "index"]) == [
        PrintJob("book/day1/history.html", "pdfs/history.pdf"), PrintJob("index.html", "pdfs/index.pdf")]
    assert printing.chapter_pdf("book/day5/own-data") == "book/day5/pdf/own-data.pdf"


class _Config:
    collectives_print_jobs = "book/print.yml"
    course_teaching_outputs = True


class _App:
    """What the extension's build-finished handler reads of a Sphinx application."""

    def __init__(self, outdir: Path, teaching: bool = True):
        self.srcdir, self.outdir = str(printing.ROOT), str(outdir)
        self.config = _Config()
        self.config.course_teaching_outputs = teaching
        self.builder = type("Builder", (), {"format": "html"})()


def fake_site(tmp_path: Path, pages: list[str]) -> Path:
    site = tmp_path / "html"
    for page in pages:
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text("<p>built</p>", encoding="utf-8")
    return site


def test_jobs_whose_page_was_not_built_are_skipped_and_up_to_date_pdfs_are_not_printed_again(tmp_path, monkeypatch):
    """A cohort's book without day 2: its chapters are skipped; a rebuild prints only what changed."""
    import os
    import time

    built = ["book/day1/history.html", "book/day1/cases.html", "book/afternoons/excursion.html"]
    site = fake_site(tmp_path, built)
    printed: list[list[PrintJob]] = []

    def fake_print_jobs(where, jobs, **_):
        printed.append(list(jobs))
        for job in jobs:
            (where / job.pdf).parent.mkdir(parents=True, exist_ok=True)
            (where / job.pdf).write_bytes(b"%PDF-1.4")
        return [printing.PrintResult(where / job.pdf, 8, 0.0) for job in jobs]

    monkeypatch.setattr(printing, "print_jobs", fake_print_jobs)
    printing._print_after_build(_App(site), None)
    assert sorted(job.page for job in printed[0]) == sorted(built)
    assert {job.pdf for job in printed[0]} >= {"book/day1/pdf/history.pdf", "book/day1/pdf/cases.pdf"}

    old = time.time() - 3600
    for page in built:
        os.utime(site / page, (old, old))
    printing._print_after_build(_App(site), None)
    assert len(printed) == 1                      # nothing changed: nothing printed again
    (site / "book/day1/history.html").touch()     # one chapter rebuilt: only its PDF again
    printing._print_after_build(_App(site), None)
    assert [job.pdf for job in printed[1]] == ["book/day1/pdf/history.pdf"]


def test_no_pdf_is_printed_when_the_teaching_outputs_are_off(tmp_path, monkeypatch):
    site = fake_site(tmp_path, ["book/day1/history.html"])
    monkeypatch.setattr(printing, "print_jobs", lambda *a, **k: pytest.fail("printed although switched off"))
    printing._print_after_build(_App(site, teaching=False), None)
    assert not (site / "book/day1/pdf").exists()


def test_the_teaching_switch_reads_on_and_off_and_refuses_anything_else(monkeypatch):
    from collectives.teaching import OUTPUTS_VARIABLE, teaching_outputs_wanted

    for value, wanted in (("off", False), ("0", False), ("ON", True), ("", True)):
        monkeypatch.setenv(OUTPUTS_VARIABLE, value)
        assert teaching_outputs_wanted() is wanted
    monkeypatch.setenv(OUTPUTS_VARIABLE, "perhaps")
    with pytest.raises(ParameterError, match="COURSE_TEACHING_OUTPUTS"):
        teaching_outputs_wanted()


def test_a_chapter_page_links_its_slides_and_its_pdf_with_relative_links():
    from collectives.teaching import teaching_links

    def pathto(target, resource):          # as Sphinx's pathto from book/day1/history.html
        return "../../" + target

    html = teaching_links(pathto, "book/day1/history", "book/day1/pdf/history.pdf")
    assert 'href="../../slides/book/day1/history.html"' in html
    assert '<a class="chapter-pdf" href="../../book/day1/pdf/history.pdf" download>Download this chapter as PDF</a>' in html
    assert "print-hide" in html and "PDF" not in teaching_links(pathto, "book/day1/history", None)


def test_a_figure_that_is_never_drawn_fails_naming_its_page(tmp_path, monkeypatch):
    site = make_site(tmp_path, extra_body='<figure><div class="plotly-figure"><div class="plotly-graph-div" id="f"></div>'
                                          '</div><figcaption>A figure with no plotly.js to draw it</figcaption></figure>')
    monkeypatch.setattr(printing, "DRAW_TIMEOUT_MS", 500)
    with pytest.raises(PrintingError, match=r"Cannot print kit\.html: 1 of its 1 figures .* not drawn"):
        printing.print_jobs(site, [PrintJob("kit.html", "x.pdf")])


def test_browsers_printing_side_by_side_give_every_pdf_in_the_order_of_the_jobs(tmp_path):
    site = make_site(tmp_path)
    (site / "kit2.html").write_text((site / "kit.html").read_text(encoding="utf-8").replace("A kit", "Another kit"),
                                    encoding="utf-8")
    jobs = [PrintJob("kit.html", "one/all.pdf"), PrintJob("kit2.html", "two/all.pdf"),
            PrintJob("kit.html", "one/b.pdf", only="#brief-b")]
    results = printing.print_jobs(site, jobs, workers=2)
    assert [r.pdf for r in results] == [site / job.pdf for job in jobs]
    assert "Another kit" in texts(site / "two" / "all.pdf")[0] and "A kit" in texts(site / "one" / "all.pdf")[0]


def test_a_box_taller_than_a_page_starts_where_it_is_and_leaves_no_empty_page(tmp_path):
    tall = ('<figure><p>Top of a tall figure.</p><div style="height: 1500px"></div><p>Bottom of it.</p>'
            '<figcaption>A caption</figcaption></figure><figure><p>A short figure that fits.</p></figure>')
    site = make_site(tmp_path, extra_body=tall)
    printing.print_jobs(site, [PrintJob("kit.html", "out.pdf", only="main > h1, main > p, figure")])
    pages = texts(site / "out.pdf")
    assert "Introduction for everyone" in pages[0] and "Top of a tall figure" in pages[0]
    assert all(text.strip() for text in pages)
