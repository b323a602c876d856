"""Sphinx glue for teaching from the book: the mornings' slides, the edition, a cohort's programme.

A Sphinx extension (``extra_extensions: [collectives.teaching]``):

* at the end of an HTML build, every morning chapter of the programme gets a slide deck in
  ``slides/`` (:mod:`collectives.slides`, reveal.js from ``node_modules``); its PDF is printed
  by :mod:`collectives.printing` (the ``chapters: mornings`` rule of ``book/print.yml``), and
  its page links to both (relative links: they work from a USB stick);
* the teaching outputs (slides and PDFs) can be switched off for a quicker build with
  ``COURSE_TEACHING_OUTPUTS=off`` (config value ``course_teaching_outputs``): the pages are
  the same, without the two links;
* each page is changed for the edition chosen with ``COURSE_EDITION``
  (:mod:`collectives.editions`: the participant edition leaves out the instructor notes);
* the programme is read from the course file named in ``COURSE_FILE`` when a cohort's book is
  built (:mod:`collectives.cohort`), ``{cohort-topics}`` shows how its topics were chosen, and
  links to days the cohort does not take become plain text (:mod:`collectives.cohort_links`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from collectives import cohort, editions, slides

REVEAL_SOURCE = Path("node_modules") / "reveal.js" / "dist"
OUTPUTS_VARIABLE = "COURSE_TEACHING_OUTPUTS"
OFF = ("off", "0", "no", "false", "none")


def teaching_outputs_wanted(default: bool = True) -> bool:
    """Whether this build makes the slides and PDFs: ``COURSE_TEACHING_OUTPUTS`` (``on``/``off``).

    >>> import os; os.environ[OUTPUTS_VARIABLE] = "off"; teaching_outputs_wanted()
    False
    >>> del os.environ[OUTPUTS_VARIABLE]; teaching_outputs_wanted()
    True
    """
    value = os.environ.get(OUTPUTS_VARIABLE, "").strip().lower()
    if not value:
        return default
    if value in OFF:
        return False
    if value in ("on", "1", "yes", "true"):
        return True
    from collectives.errors import ParameterError

    raise ParameterError(OUTPUTS_VARIABLE, value, "'on' or 'off'")


def course_file(srcdir: str | Path) -> Path:
    """The course description this build uses: a cohort's (``COURSE_FILE``) or the book's own."""
    return Path(os.environ.get("COURSE_FILE") or Path(srcdir) / "book" / "course.yml")


def morning_chapters(srcdir: str | Path) -> list[tuple[str, str]]:
    """``(docname, title)`` of every morning chapter in the programme, in order."""
    from collectives.course import load_course

    path = course_file(srcdir)
    if not path.is_file():  # a book without a programme (a test's one-chapter book) has no slides
        return []
    course = load_course(path)
    return [(part["file"], part["title"]) for day in course["days"]
            for part in day["morning"].get("parts", []) if part.get("file")]


def _write_slides(app, exception) -> None:  # noqa: ANN001 - Sphinx's event signature
    if exception is not None or app.builder.format != "html" or not app.config.course_teaching_outputs:
        return
    from collectives.book import PLOTLY_JS

    outdir, srcdir = Path(app.outdir), Path(app.srcdir)
    target = outdir / "_static" / slides.REVEAL_DIR
    for name in slides.REVEAL_FILES:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(srcdir / REVEAL_SOURCE / name, target / name)
    slides.write_decks(outdir, morning_chapters(srcdir), plotly_js=PLOTLY_JS)


def teaching_links(pathto, pagename: str, pdf: str | None) -> str:  # noqa: ANN001 - Sphinx's pathto
    """The links a morning chapter's page carries: its slides, all slides, and its PDF."""
    href = pathto(f"slides/{pagename}.html", 1)
    index = pathto("slides/book/index.html", 1)
    links = (f'<a href="{href}">Slides of this chapter</a> for presenting '
             f'(press S in the deck for the speaker notes) · <a href="{index}">all slides</a>')
    if pdf:
        links += f' · <a class="chapter-pdf" href="{pathto(pdf, 1)}" download>Download this chapter as PDF</a>'
    return f'<p class="slides-link print-hide">{links}</p>'


def _link_teaching_outputs(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    if doctree is None or pagename not in app.env.course_decks or not app.config.course_teaching_outputs:
        return
    pdf = app.env.course_pdfs.get(f"{pagename}.html")
    context["body"] = teaching_links(context["pathto"], pagename, pdf) + context.get("body", "")


def _remember_decks(app) -> None:  # noqa: ANN001
    app.env.course_decks = {docname for docname, _ in morning_chapters(app.srcdir)}
    app.env.course_pdfs = {}
    jobs_file = getattr(app.config, "collectives_print_jobs", None)
    if jobs_file and (Path(app.srcdir) / jobs_file).is_file():
        from collectives.print_jobs import book_jobs, whole_page_pdfs

        pdfs = whole_page_pdfs(book_jobs(app.srcdir, Path(app.srcdir) / jobs_file))
        app.env.course_pdfs = {page: pdf for page, pdf in pdfs.items() if page[:-len(".html")] in app.env.course_decks}


def _apply_edition(app, doctree, docname) -> None:  # noqa: ANN001
    editions.apply_edition(doctree, app.config.course_edition)


def _choose_edition(app, config) -> None:  # noqa: ANN001
    config.course_edition = editions.chosen_edition(config.course_edition)
    config.course_teaching_outputs = teaching_outputs_wanted(config.course_teaching_outputs)


def _omitted_page(app, env, node, contnode):  # noqa: ANN001 - Sphinx's event signature
    """In a cohort's book, a link to a day the cohort does not take becomes plain text."""
    if not os.environ.get(cohort.ENVIRONMENT_VARIABLE):
        return None
    from docutils import nodes

    from collectives.cohort_links import omitted_link_text

    explicit = contnode.astext() if node.get("refexplicit") else None
    text = omitted_link_text(node.get("reftype", ""), node.get("reftarget", ""), explicit, node.get("refdoc", ""))
    return nodes.inline("", text, classes=["omitted-page"]) if text else None


def _cohort_topics_directive():  # noqa: ANN202
    from sphinx.util.docutils import SphinxDirective

    class CohortTopics(SphinxDirective):
        """``{cohort-topics}``: how a cohort's collectives chose its topics (``COURSE_COHORT``)."""

        def run(self):  # noqa: ANN202
            from collectives.cohort import ENVIRONMENT_VARIABLE, read_cohort, topics_markdown

            path = os.environ.get(ENVIRONMENT_VARIABLE)
            if not path:
                return self.parse_text_to_nodes("This page is filled in when a cohort's book is built "
                                                "(`make cohort COHORT=cohorts/example.yml`).")
            self.env.note_dependency(path)
            text = topics_markdown(read_cohort(path))
            return self.parse_text_to_nodes(text.split("\n", 2)[2])  # the page's own title stays

    return CohortTopics


def setup(app):  # noqa: ANN001 - Sphinx's extension entry point
    """Register the slides (and their links, with the chapter PDFs'), the edition and the cohort directive."""
    app.add_config_value("course_edition", "participant", "env")
    app.add_config_value("course_teaching_outputs", True, "env")
    app.add_directive("cohort-topics", _cohort_topics_directive())
    app.connect("config-inited", _choose_edition)
    app.connect("builder-inited", _remember_decks)
    app.connect("doctree-resolved", _apply_edition)
    app.connect("missing-reference", _omitted_page)
    app.connect("html-page-context", _link_teaching_outputs)
    app.connect("build-finished", _write_slides, priority=800)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
