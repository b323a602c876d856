"""Sphinx and myst-nb glue for the course site. Nothing else in the package knows Sphinx.

Three jobs:

1. :class:`PlotlyMimeRenderer` (a ``myst_nb.mime_renderers`` entry point) turns the plotly
   JSON a kernel emits into HTML: an empty box, the figure as JSON, and its alt text next to
   it; plotly's dropdown menus and sliders become labelled HTML ``<select>`` and range
   controls. It asks for the course's plotly.js (only the trace types the course uses,
   deferred, so it never blocks the first paint) on that page only; ``course.js`` draws the
   figures. A figure without alt text is a build warning, so the ``-W`` build fails on it.
2. :class:`ExplorerMimeRenderer` draws an explorer's static twin (``collectives.explorer``):
   labelled HTML controls and precomputed figures, switched by ``explorer.js``. No page
   loads the ipywidgets manager: a widget without a kernel would be dead controls.
3. The Sphinx extension (``extensions: [collectives.book]``) copies the front-end assets
   (the MathJax files a page can use, from ``node_modules``) into the built site, so no page loads anything from another host; it
   loads MathJax only on pages with maths and repairs the theme's HTML where accessibility
   checkers reject it.

Example
-------
>>> import plotly.graph_objects as go
>>> fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"meta": {"alt": "One bar."}})
>>> html = figure_html(fig.to_plotly_json(), div_id="example")
>>> 'aria-describedby="example-alt"' in html and "One bar." in html
True
"""

from __future__ import annotations

import html as html_escape
import json
import re
import shutil
from pathlib import Path
from typing import Any

from collectives.explorer import EXPLORER_MIME, twin_html

PLOTLY_MIME = "application/vnd.plotly.v1+json"
# Built by scripts/build-plotly-bundle.sh into book/assets (the site's static folder).
PLOTLY_JS = "plotly/plotly-course.min.js"
COURSE_JS = "course.js"
MATHJAX_DIR = "mathjax"
# The mode bar keeps what readers use: save as PNG, zoom in and out, reset. No logo, no link
# to a cloud service.
PLOTLY_CONFIG = {
    "responsive": True, "displaylogo": False, "showLink": False, "showSendToCloud": False,
    "showEditInChartStudio": False, "showTips": False,
    "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "autoScale2d", "toggleSpikelines",
                               "hoverClosestCartesian", "hoverCompareCartesian", "toggleHover", "resetViews"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# The MathJax files a page can load: the combined component and what it fetches on demand.
MATHJAX_FILES = ("tex-mml-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "a11y", "sre",
                 "ui", "adaptors")


def figure_html(figure: dict[str, Any], div_id: str) -> str:
    """HTML for one plotly figure (no plotly.js included), with its alt text attached.

    The alt text is read from ``layout.meta.alt`` (set by ``collectives.figures``); it is
    written as a visually hidden paragraph that the figure points at with
    ``aria-describedby``, so screen readers announce what the figure shows. Plotly's own
    dropdown menus and sliders (SVG, out of reach of the keyboard, clipped on a phone) become
    labelled HTML controls above the figure; ``course.js`` applies a choice to the figure.
    """
    from plotly.io.json import to_json_plotly

    alt = alt_text(figure) or ""
    layout = dict(figure.get("layout") or {})
    menus, controls = [], []
    for k, menu in enumerate(layout.pop("updatemenus", None) or []):
        if menu.get("visible") is False or not menu.get("buttons"):
            continue
        buttons = [b for b in menu["buttons"] if b.get("visible", True) is not False]
        label = menu.get("name") or "Show"
        active = menu.get("active", 0) or 0
        options = "".join(
            f'<option value="{i}"{" selected" if i == active else ""}>{html_escape.escape(str(b.get("label", i)))}</option>'
            for i, b in enumerate(buttons))
        controls.append(f'<label class="figure-control"><span>{html_escape.escape(str(label))}</span>'
                        f'<select data-menu="{len(menus)}">{options}</select></label>')
        menus.append([{"method": b.get("method", "restyle"), "args": b.get("args", [])} for b in buttons])
    for slider in layout.pop("sliders", None) or []:
        steps = [st for st in slider.get("steps", []) if st.get("visible", True) is not False]
        if not steps:
            continue
        prefix = ((slider.get("currentvalue") or {}).get("prefix") or slider.get("name") or "Step").strip(" :")
        active = slider.get("active", 0) or 0
        labels = [str(st.get("label", i)) for i, st in enumerate(steps)]
        controls.append(
            f'<label class="figure-control figure-control--range"><span>{html_escape.escape(prefix)}</span>'
            f'<input type="range" min="0" max="{len(steps) - 1}" step="1" value="{active}" data-menu="{len(menus)}" '
            f'aria-valuetext="{html_escape.escape(labels[active], quote=True)}" '
            f'data-labels="{html_escape.escape(json.dumps(labels), quote=True)}">'
            f'<output>{html_escape.escape(labels[active])}</output></label>')
        menus.append([{"method": st.get("method", "restyle"), "args": st.get("args", [])} for st in steps])
    height = layout.get("height") or 450
    payload = to_json_plotly({"data": figure.get("data", []), "layout": layout, "config": PLOTLY_CONFIG,
                              "menus": menus}).replace("</", "<\\/")
    form = (f'<form class="figure-controls" aria-label="Choose what the figure shows" '
            f'aria-controls="{div_id}">{"".join(controls)}</form>' if controls else "")
    return (
        f'<div class="plotly-figure" role="group" aria-describedby="{div_id}-alt">'
        f'<p class="visually-hidden" id="{div_id}-alt">{html_escape.escape(alt)}</p>{form}'
        f'<div id="{div_id}" class="plotly-graph-div" style="height:{int(height)}px; width:100%;"></div>'
        f'<script type="application/json" class="plotly-json" data-for="{div_id}">{payload}</script>'
        '<p class="figure-empty" role="status" hidden></p></div>'
    )


def alt_text(figure: dict[str, Any]) -> str | None:
    """The alt text stored in a plotly figure's ``layout.meta.alt``, or None."""
    meta = (figure.get("layout") or {}).get("meta")
    if isinstance(meta, dict):
        alt = meta.get("alt")
        return alt.strip() if isinstance(alt, str) and alt.strip() else None
    return None


class PlotlyMimeRenderer:
    """myst-nb renderer plugin for ``application/vnd.plotly.v1+json`` outputs."""

    mime_priority_overrides = [("html", PLOTLY_MIME, 1), ("dirhtml", PLOTLY_MIME, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):  # noqa: ANN001 - myst-nb's protocol
        if inline or data.mime_type != PLOTLY_MIME:
            return None
        from docutils import nodes

        figure = data.content if isinstance(data.content, dict) else {}
        docname = Path(renderer.source if hasattr(renderer, "source") else "page").stem
        div_id = f"fig-{_slug(docname)}-{data.cell_index}-{data.output_index}"
        if alt_text(figure) is None:
            renderer.logger.warning(
                f"plotly figure in cell {data.cell_index} has no alt text: "
                "set layout.meta.alt (collectives.figures does this for you)",
                subtype="plotly_alt",
                line=data.line,
            )
        renderer.add_js_file("plotly", PLOTLY_JS, {"defer": "defer"})
        html = figure_html(figure, div_id)
        return [nodes.raw(text=html, format="html", classes=["output", "text_html"])]


class ExplorerMimeRenderer:
    """myst-nb renderer plugin for explorers (``collectives.explorer``): the static twin.

    A live kernel shows the explorer's ipywidgets face; the site shows its twin — labelled HTML
    controls that switch precomputed figures — and never the widget's dead controls.
    """

    mime_priority_overrides = [("html", EXPLORER_MIME, 0), ("dirhtml", EXPLORER_MIME, 0)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):  # noqa: ANN001 - myst-nb's protocol
        if inline or data.mime_type != EXPLORER_MIME:
            return None
        from docutils import nodes

        payload = data.content if isinstance(data.content, dict) else {}
        docname = Path(renderer.source if hasattr(renderer, "source") else "page").stem
        div_id = f"explorer-{_slug(docname)}-{data.cell_index}-{data.output_index}"
        missing = [key for key, view in payload.get("views", {}).items() if "figure" in view and not view.get("alt")]
        if missing:
            renderer.logger.warning(f"explorer in cell {data.cell_index} has views without alt text: {missing[:3]}",
                                    subtype="plotly_alt", line=data.line)
        renderer.add_js_file("plotly", PLOTLY_JS, {"defer": "defer"})
        renderer.add_js_file("explorer", "explorer.js", {"defer": "defer"})
        html = twin_html(payload, div_id, PLOTLY_CONFIG)
        return [nodes.raw(text=html, format="html", classes=["output", "text_html"])]


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-").lower() or "page"


# --- Sphinx extension ------------------------------------------------------------------


def asset_sources(srcdir: Path) -> dict[str, Path]:
    """Every front-end asset the site serves from ``node_modules``, mapped from its place under
    ``_static`` (plotly.js, ``course.js`` and ``explorer.js`` are in the site's own static folder)."""
    mathjax = srcdir / "node_modules" / "mathjax" / "es5"
    return {f"{MATHJAX_DIR}/{name}": mathjax / name for name in MATHJAX_FILES}


def missing_assets(srcdir: Path) -> list[str]:
    """Assets that are not installed yet (run ``npm ci`` in the book's root)."""
    return [str(path) for path in asset_sources(srcdir).values() if not path.exists()]


def _copy_assets(app, exception) -> None:  # noqa: ANN001 - Sphinx's event signature
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for target, source in asset_sources(Path(app.srcdir)).items():
        destination = static / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        elif not destination.exists() or destination.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, destination)
    _fix_accessibility(Path(app.outdir))


# HTML that docutils and the theme write and WCAG checkers (axe-core) reject, with the
# accessible form.
ACCESSIBLE_HTML = {
    # DPUB-ARIA deprecated doc-biblioentry; the citation list is a role="list" container.
    'role="doc-biblioentry"': 'role="listitem"',
}
ACCESSIBLE_PATTERNS = (
    # The search button shows "Search Ctrl+K" but was named "Search" (WCAG 2.5.3, label in
    # name): without aria-label its name is its visible text.
    (re.compile(r'(<button class="btn search-button-field search-button__button[^"]*" title="Search") aria-label="Search"'),
     r"\1"),
    # myst-nb's folded code cells show "Show code cell source" but were named "Toggle hidden
    # content": without aria-label their name is the visible text.
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
    # The theme writes the search scripts into every page's head; deferred (in their order),
    # they no longer hold up the first paint.
    (re.compile(r'<script src="([^"]*(?:searchtools|language_data|searchindex)\.js[^"]*)"></script>'),
     r'<script defer src="\1"></script>'),
    # The theme's icon font is drawn by CSS; its 1.5 MB script that swaps icons for SVG is not needed.
    (re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'), ""),
)


def _fix_accessibility(outdir: Path) -> None:
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for bad, good in ACCESSIBLE_HTML.items():
            fixed = fixed.replace(bad, good)
        for pattern, good in ACCESSIBLE_PATTERNS:
            fixed = pattern.sub(good, fixed)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _check_assets(app) -> None:  # noqa: ANN001
    missing = missing_assets(Path(app.srcdir))
    if missing:
        from sphinx.errors import ConfigError

        raise ConfigError(
            "The site's front-end assets are not installed: "
            + ", ".join(missing)
            + ". Run `npm ci` in the book's root folder (the README's build command does this)."
        )


def _programme_directive():
    from sphinx.util.docutils import SphinxDirective

    class CourseProgramme(SphinxDirective):
        """``{course-programme}``: the five-day programme, made from ``book/course.yml``."""

        def run(self):  # noqa: ANN202
            from collectives.course import load_course, programme_markdown

            from collectives.teaching import course_file

            path = course_file(self.env.srcdir)  # a cohort's programme when its book is built
            self.env.note_dependency(str(path))
            parsed = self.parse_text_to_nodes(programme_markdown(load_course(path)))
            from docutils import nodes

            for node in parsed:
                for table in node.findall(nodes.table) if hasattr(node, "findall") else ():
                    table["classes"].append("course-programme")
            return parsed

    return CourseProgramme


def _has_maths(doctree) -> bool:  # noqa: ANN001
    from docutils import nodes

    if doctree is None:
        return False
    if any(True for _ in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))):
        return True
    # Notebook outputs may hold LaTeX as text/latex or in HTML.
    return any(("\\(" in n.astext() or "$$" in n.astext() or "\\[" in n.astext())
               for n in doctree.findall(nodes.raw) if "html" in n.get("format", "") or "latex" in n.get("format", ""))


# Scripts that need not run before the page is drawn: deferred (they keep their order).
# (clipboard.min.js is a UMD module: deferred, it would call the define() of any AMD loader on the page.)
DEFERRABLE = ("togglebutton.js", "design-tabs.js", "sphinx-book-theme.js",
              "sphinx_highlight.js", "searchtools.js", "language_data.js", "searchindex.js")


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _tune_scripts(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """Per page: keep each script once (sphinx-thebe 0.3.1 registers its config twice); drop
    the ipywidgets state (the site shows explorers' static twins, never dead widget controls);
    load MathJax only where there are maths; no Thebe unless a kernel can be reached; defer
    what can wait, so plotly and the search index never block the first paint."""
    seen, unique = set(), []
    maths = _has_maths(doctree)
    thebe = bool(app.config["html_theme_options"].get("launch_buttons", {}).get("thebe"))
    for script in context.get("script_files", []):
        filename = getattr(script, "filename", script) or ""
        attributes = getattr(script, "attributes", {})
        key = (filename, attributes.get("body"))
        if key in seen or attributes.get("type") == WIDGET_STATE:
            continue
        seen.add(key)
        body = attributes.get("body") or ""
        if not maths and (MATHJAX_DIR in filename or "MathJax" in body):
            continue
        if not thebe and ("thebe" in filename or "THEBE_JS_URL" in body):
            continue
        if Path(filename.split("?")[0]).name in DEFERRABLE and "async" not in attributes:
            attributes.setdefault("defer", "defer")
        unique.append(script)
    context["script_files"] = unique
    if not thebe:
        context["css_files"] = [c for c in context.get("css_files", [])
                                if "thebe" not in (getattr(c, "filename", c) or "")]


def _use_local_assets(app, config) -> None:  # noqa: ANN001
    config.mathjax_path = f"{MATHJAX_DIR}/tex-mml-chtml.js"
    # No widget manager: a widget without a kernel is dead controls. Explorers show their
    # static twin on the site instead (collectives.explorer).
    config.nb_ipywidgets_js = {}


def setup(app):  # noqa: ANN001
    """Register the asset checks and the copy step; point myst-nb and MathJax at local files."""
    app.add_directive("course-programme", _programme_directive())
    app.add_js_file(COURSE_JS, priority=900, loading_method="defer")
    app.connect("config-inited", _use_local_assets)
    app.connect("builder-inited", _check_assets)
    app.connect("build-finished", _copy_assets)
    app.connect("html-page-context", _tune_scripts, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
