"""Slides for the mornings, made from the built chapter pages: no second copy to keep in step.

A deck is carved out of a chapter's HTML as the site build wrote it, so that every figure is
the same interactive plotly figure (or explorer) as on the page. What goes on a slide follows
from the chapter's shape (``book/contributing/chapter-template.md``):

* the title slide: the chapter's title and its *At a glance* box;
* the learning objectives;
* each ``##`` section: its heading with its first list (or its first paragraph);
* every captioned figure and every explorer, one per slide, with its caption;
* every *What this means for your municipality* list, discussion prompt and exercise prompt
  (solutions stay in the book);
* the key points.

The instructor notes become the speaker notes (press ``S`` in the deck): their *Timing* on
the title slide, the rest on the first section and on the key points. A section whose
heading ends in "(not on slides)" is left out. Decks use reveal.js from the site's own files.

Example
-------
>>> page = ('<html><body><article class="bd-article"><section><h1>Loops<a class="headerlink">#</a></h1>'
...         '<div class="admonition keypoints"><p class="admonition-title">Key points</p><ul><li>Count the links.</li></ul></div>'
...         '<div class="admonition instructor"><p class="admonition-title">Instructor notes</p>'
...         '<p><strong>Timing (30 minutes).</strong> Loops first.</p></div></section></article></body></html>')
>>> deck = deck_html(page, title="Loops", chapter_href="../loops.html", static="../_static")
>>> deck.count('<section class="slide')
2
>>> "Timing (30 minutes)." in deck and '<aside class="notes">' in deck
True
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag

REVEAL_DIR = "reveal"
REVEAL_FILES = ("reveal.js", "reveal.css", "reset.css", "theme/white.css", "plugin/notes.js")
SKIP_MARK = "(not on slides)"


@dataclass
class Slide:
    """One slide: its HTML body, speaker notes, and a CSS class for its kind."""

    body: str
    kind: str = "text"
    notes: list[str] = field(default_factory=list)

    def html(self) -> str:
        notes = "".join(f"<p>{n}</p>" for n in self.notes)
        aside = f'<aside class="notes">{notes}</aside>' if notes else ""
        return f'<section class="slide slide-{self.kind}">{self.body}{aside}</section>'


def slides_from_page(page_html: str) -> list[Slide]:
    """The slides of one built chapter page, in the order of the chapter."""
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.body or soup
    for junk in article.select("a.headerlink, .cell_input, details.hide, button, .toggle-details__summary"):
        junk.decompose()
    top = article.find("section") or article
    title = _text(top.find("h1")) or "Chapter"
    notes = _instructor_notes(article)
    slides = [Slide(f"<h1>{html.escape(title)}</h1>" + "".join(_clean(b) for b in top.select("div.admonition.glance")),
                    "title", notes.get("timing", []))]
    for box in top.select(":scope > div.admonition.objectives"):
        slides.append(Slide(_clean(box), "objectives"))
    first_section = True
    for section in top.find_all("section", recursive=False):
        heading = section.find(["h2"], recursive=False)
        if heading is None or _text(heading).endswith(SKIP_MARK) or _text(heading) == "Further reading":
            continue
        lead = section.find(["ul", "ol"], recursive=False) or section.find("p", recursive=False)
        body = f"<h2>{html.escape(_text(heading))}</h2>" + (_clean(lead) if lead and _text(heading) != "Exercises" else "")
        slides.append(Slide(body, "section", notes.get("present", []) if first_section else []))
        first_section = False
        slides += _section_slides(section, _text(heading))
    keypoints = article.select("div.admonition.keypoints")
    for box in keypoints:
        slides.append(Slide(_clean(box), "keypoints", notes.get("questions", [])))
    if not keypoints and notes.get("questions"):
        slides[-1].notes += notes["questions"]
    return slides


def _section_slides(section: Tag, heading: str) -> list[Slide]:
    slides = []
    for element in section.descendants:
        if not isinstance(element, Tag):
            continue
        classes = element.get("class") or []
        if element.name == "figure" and element.select_one(".plotly-figure, div.explorer"):
            slides.append(Slide(_figure(element), "figure"))
        elif element.name == "div" and "explorer" in classes and element.find_parent("figure") is None:
            slides.append(Slide(str(element), "figure"))
        elif element.name == "section" and element.find("h3", recursive=False) is not None:
            h3 = element.find("h3", recursive=False)
            items = element.find(["ul", "ol"], recursive=False)
            if items is not None and not _text(h3).endswith(SKIP_MARK):
                slides.append(Slide(f"<h2>{html.escape(_text(h3))}</h2>{_clean(items)}", "list"))
        elif element.name == "div" and "admonition" in classes and ({"discussion", "exercise"} & set(classes)):
            slides.append(Slide(_clean(element), "prompt"))
    return slides


def _figure(figure: Tag) -> str:
    caption = figure.find("figcaption")
    text = f'<div class="slide-caption">{_clean(caption, inner=True)}</div>' if caption else ""
    if caption:
        caption.decompose()
    return str(figure.select_one(".plotly-figure, div.explorer")) + text


def _instructor_notes(article: Tag) -> dict[str, list[str]]:
    """The instructor notes split by their bold lead-ins: timing, how to present, the rest."""
    notes: dict[str, list[str]] = {}
    for box in article.select("div.admonition.instructor"):
        for paragraph in box.find_all(["p", "li"]):
            if "admonition-title" in (paragraph.get("class") or []):
                continue
            text = _clean(paragraph, inner=True)
            lead = _text(paragraph.find("strong")).lower() if paragraph.find("strong") else ""
            key = "timing" if lead.startswith("timing") else "present" if "present" in lead else "questions"
            notes.setdefault(key, []).append(text)
    return notes


def _clean(element: Tag, inner: bool = False) -> str:
    """The element as HTML with links turned into text (a deck has no book around it)."""
    copy = BeautifulSoup(str(element), "html.parser")
    for link in copy.find_all("a"):
        link.unwrap()
    for hidden in copy.select(".visually-hidden.headerlink"):
        hidden.decompose()
    root = copy.find(True)
    if root is None:
        return ""
    return root.decode_contents() if inner else str(root)


def _text(element: Tag | None) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ", strip=True)).replace(" #", "").strip() if element else ""


DECK_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — slides</title>
<link rel="stylesheet" href="{static}/{reveal}/reset.css">
<link rel="stylesheet" href="{static}/{reveal}/reveal.css">
<link rel="stylesheet" href="{static}/{reveal}/theme/white.css">
<link rel="stylesheet" href="{static}/explorer.css">
<link rel="stylesheet" href="{static}/slides.css">
<script src="{static}/{plotly}"></script>
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<p class="deck-links"><a href="{chapter_href}">Back to the chapter</a> · <kbd>S</kbd> speaker notes · <kbd>F</kbd> full screen · <kbd>Esc</kbd> overview</p>
<script src="{static}/{reveal}/reveal.js"></script>
<script src="{static}/{reveal}/plugin/notes.js"></script>
<script src="{static}/explorer.js"></script>
<script src="{static}/course.js" defer></script>
<script>
Reveal.initialize({{hash: true, width: 1280, height: 760, margin: 0.03, plugins: [RevealNotes]}});
// Figures on hidden slides were drawn at size zero: fit them when their slide shows.
function fitFigures(event) {{
  (event.currentSlide || document).querySelectorAll(".js-plotly-plot").forEach(function (plot) {{
    if (window.Plotly) {{ window.Plotly.Plots.resize(plot); }}
  }});
}}
Reveal.on("ready", fitFigures);
Reveal.on("slidechanged", fitFigures);
</script>
</body>
</html>
"""


def deck_html(page_html: str, *, title: str, chapter_href: str, static: str, plotly_js: str = "plotly.min.js") -> str:
    """A reveal.js deck for one built chapter page (see the module docstring for what goes on it)."""
    slides = "\n".join(slide.html() for slide in slides_from_page(page_html))
    return DECK_TEMPLATE.format(title=html.escape(title), static=static, reveal=REVEAL_DIR, slides=slides,
                                chapter_href=chapter_href, plotly=plotly_js)


def write_decks(outdir: Path, chapters: list[tuple[str, str]], plotly_js: str = "plotly.min.js") -> list[Path]:
    """Write ``slides/<chapter>.html`` for each ``(docname, title)`` and an index of all decks."""
    written, rows = [], []
    for docname, title in chapters:
        page = outdir / f"{docname}.html"
        if not page.exists():
            continue
        target = outdir / "slides" / f"{docname}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        depth = len(Path("slides", docname).parts) - 1
        up = "/".join([".."] * depth)
        target.write_text(deck_html(page.read_text(encoding="utf-8"), title=title, chapter_href=f"{up}/{docname}.html",
                                    static=f"{up}/_static", plotly_js=plotly_js), encoding="utf-8")
        written.append(target)
        rows.append(f'<li><a href="{docname[len("book/"):] if docname.startswith("book/") else docname}.html">'
                    f'{html.escape(title)}</a></li>')
    index = outdir / "slides" / "book" / "index.html"
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(INDEX_TEMPLATE.format(rows="\n".join(rows)), encoding="utf-8")
    return written


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Slides of the mornings</title><link rel="stylesheet" href="../../_static/slides.css"></head>
<body class="deck-index"><main><h1>Slides of the mornings</h1>
<p>One deck per chapter, made from the chapter itself. Press <kbd>S</kbd> in a deck for the speaker notes
(the instructor notes, with their minutes), <kbd>F</kbd> for full screen. They need no internet: copy the
whole site folder to a USB stick and open this page.</p>
<ul>
{rows}
</ul><p><a href="../../book/programme.html">Back to the programme</a></p></main></body></html>
"""
