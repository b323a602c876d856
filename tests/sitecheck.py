"""Open built pages in headless Debian Chromium: console errors, outside requests, figures,
widgets, and axe-core's WCAG 2.1 A/AA checks. Used by the tests; runnable by hand:

    python tests/sitecheck.py _build/html [page.html …] [--screenshot DIR]
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import shutil
import socketserver
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium binary (never a browser Playwright downloads itself)."""
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "", "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Chromium is not installed: run `make browser` or `apt-get install chromium`.")


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: ANN002
        pass


@dataclass
class PageReport:
    page: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    plotly_divs: int = 0
    plotly_drawn: int = 0
    widget_views: int = 0
    explorers: int = 0
    explorers_drawn: int = 0
    explorer_problems: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)

    def violation_summary(self) -> list[str]:
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}× e.g. {v['nodes'][0]['target']}"
            for v in self.violations
        ]


def check_pages(site: Path, pages: list[str], screenshot_dir: Path | None = None,
                viewport: tuple[int, int] = (1280, 900)) -> list[PageReport]:
    from playwright.sync_api import sync_playwright

    axe_source = AXE.read_text(encoding="utf-8")
    reports = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        for page_path in pages:
            report = PageReport(page_path)
            page = context.new_page()

            def route(route_, report=report):
                url = route_.request.url
                if url.startswith(base) or url.startswith("data:") or url.startswith("blob:"):
                    route_.continue_()
                else:
                    report.outside_requests.append(url)
                    route_.abort()

            page.route("**/*", route)
            page.on("console", lambda msg, r=report: msg.type == "error" and r.console_errors.append(msg.text))
            page.on("pageerror", lambda exc, r=report: r.console_errors.append(str(exc)))
            page.on("requestfailed", lambda req, r=report: r.failed_requests.append(req.url)
                    if req.url.startswith(base) else None)
            page.on("response", lambda res, r=report: r.failed_requests.append(f"{res.status} {res.url}")
                    if res.status >= 400 else None)
            page.goto(base + page_path, wait_until="load")
            report.plotly_divs = page.locator(".plotly-figure").count()
            report.widget_views = page.locator(
                'script[type="application/vnd.jupyter.widget-view+json"], script[type="application/vnd.jupyter.widget-state+json"], '
                '.jupyter-widgets, .widget-box').count()
            report.explorers = page.locator("div.explorer[data-explorer]").count()
            if report.plotly_divs:
                try:
                    page.wait_for_function(
                        "n => document.querySelectorAll('.plotly-figure .main-svg').length >= n",
                        arg=report.plotly_divs, timeout=20000)
                except Exception:  # noqa: BLE001 - counted below
                    pass
            report.plotly_drawn = page.evaluate(
                "() => [...document.querySelectorAll('.plotly-figure')].filter(d => d.querySelector('.main-svg')).length")
            report.explorers_drawn = page.evaluate(EXPLORERS_DRAWN)
            if report.explorers:
                report.explorer_problems = operate_explorers(page)
            page.add_script_tag(content=axe_source)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: false})",
                WCAG_TAGS)
            report.violations = result["violations"]
            if screenshot_dir is not None:
                screenshot_dir.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot_dir / (page_path.replace("/", "_") + ".png")), full_page=True)
            page.close()
            reports.append(report)
        browser.close()
    return reports


# An explorer is drawn when its current view shows a plotly figure, a table or a message.
EXPLORERS_DRAWN = """() => [...document.querySelectorAll('div.explorer[data-explorer]')].filter(e =>
    e.querySelector('.explorer-plot .main-svg') || e.querySelector('.explorer-table table') ||
    e.querySelector('.explorer-message').textContent.trim()).length"""


def operate_explorers(page) -> list[str]:  # noqa: ANN001 - a Playwright page
    """Reach every explorer control with Tab and change it with the arrow keys; list what fails.

    A control passes when Tab reaches it, an arrow key changes its value, the explorer's view
    changes with it, the figure area shows that view, and the screen-reader text follows.
    """
    problems = []
    ids = page.evaluate("""() => [...document.querySelectorAll('div.explorer .explorer-controls select,'
        + ' div.explorer .explorer-controls input[type=range]')].map(c => c.id)""")
    if not ids:
        return problems
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.focus("body")
    reached, seen = set(), 0
    for _ in range(600):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement && document.activeElement.id")
        if focused in ids:
            reached.add(focused)
        seen += 1
        if len(reached) == len(ids):
            break
    for control_id in ids:
        if control_id not in reached:
            problems.append(f"{control_id}: not reached with Tab")
            continue
        before = page.evaluate("""id => { const c = document.getElementById(id), e = c.closest('div.explorer');
            return [c.value, e.getAttribute('data-view'), e.querySelector('.visually-hidden[aria-live]').textContent,
                    c.tagName === 'SELECT' ? c.options.length : Number(c.max) + 1]; }""", control_id)
        if before[3] < 2:
            continue
        page.focus(f"#{control_id}")
        is_range = page.evaluate("id => document.getElementById(id).type", control_id) == "range"
        at_end = page.evaluate("""id => { const c = document.getElementById(id);
            return c.tagName === 'SELECT' ? c.selectedIndex === c.options.length - 1 : Number(c.value) === Number(c.max); }""",
                               control_id)
        # move towards the side that has room: down/right, or up/left from the last option
        page.keyboard.press(("ArrowLeft" if at_end else "ArrowRight") if is_range else ("ArrowUp" if at_end else "ArrowDown"))
        page.wait_for_timeout(150)
        after = page.evaluate("""id => { const c = document.getElementById(id), e = c.closest('div.explorer');
            const shown = e.querySelector('.explorer-plot .main-svg') || e.querySelector('.explorer-table table')
                || e.querySelector('.explorer-message').textContent.trim();
            return [c.value, e.getAttribute('data-view'), e.querySelector('.visually-hidden[aria-live]').textContent, !!shown]; }""",
                              control_id)
        if after[0] == before[0]:
            problems.append(f"{control_id}: the arrow key did not change the control")
        elif after[1] == before[1]:
            problems.append(f"{control_id}: changing the control did not change the view")
        elif not after[3]:
            problems.append(f"{control_id}: the new view shows nothing")
    return problems


def horizontal_overflow(site: Path, pages: list[str], width: int = 390) -> dict[str, int]:
    """Pages wider than a phone screen of ``width`` CSS pixels: page → pixels too wide."""
    from playwright.sync_api import sync_playwright

    too_wide = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 800}, is_mobile=True)
        for page_path in pages:
            page.goto(base + page_path, wait_until="load")
            page.wait_for_timeout(300)
            excess = page.evaluate(
                "() => Math.max(0, ...[...document.querySelectorAll('.plotly-figure, .explorer, .bd-article')]"
                ".map(e => e.getBoundingClientRect().right - window.innerWidth))")
            if excess > 1:
                too_wide[page_path] = int(excess)
        browser.close()
    return too_wide


# --- the page as readers meet it: phones, tablets, laptops, projectors -----------------

FIT_JS = """() => {
  const out = {figures: [], cells: [], tall: []};
  const inside = (inner, outer) => inner.width === 0 || (inner.left >= outer.left - 1 && inner.right <= outer.right + 1
      && inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1);
  document.querySelectorAll('.plotly-figure, .explorer-figure').forEach((box, i) => {
    if (box.closest('[hidden]') || !box.offsetParent) return;
    const outer = box.getBoundingClientRect();
    const parts = ['.gtitle', '.legend', '.xtitle', '.ytitle', '.updatemenu-container', '.slider-container',
                   '.figure-controls label', '.figure-controls select', '.figure-controls input'];
    parts.forEach(sel => box.querySelectorAll(sel).forEach(el => {
      const r = el.getBoundingClientRect();
      if (!inside(r, outer)) out.figures.push(`figure ${i + 1} (${box.querySelector('.js-plotly-plot')?.id}): ${sel} `
          + `spans ${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)}, `
          + `box ${Math.round(outer.left)}..${Math.round(outer.right)} x ${Math.round(outer.top)}..${Math.round(outer.bottom)}`);
    }));
    const title = box.querySelector('.gtitle'), menu = box.querySelector('.updatemenu-container');
    if (title && menu) {
      const a = title.getBoundingClientRect(), b = menu.getBoundingClientRect();
      if (a.width && b.width && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        out.figures.push(`figure ${i + 1}: a menu covers the title`);
    }
    const gd = box.querySelector('.js-plotly-plot');
    const h = gd && gd.layout && gd.layout.height;
    if (h > 720 && !(gd.layout.meta && gd.layout.meta.tall_reason)) out.tall.push(`figure ${i + 1}: ${h} px, no tall_reason`);
  });
  const column = document.querySelector('.bd-article');
  const width = column ? column.getBoundingClientRect().width : window.innerWidth;
  document.querySelectorAll('.bd-article table').forEach((table, t) => {
    table.querySelectorAll('td, th').forEach(cell => {
      const w = cell.getBoundingClientRect().width;
      if (w > width + 1) out.cells.push(`table ${t + 1}: a cell ${Math.round(w)} px wide in a ${Math.round(width)} px column: `
          + cell.textContent.trim().slice(0, 40));
    });
  });
  return out;
}"""


@dataclass
class LayoutReport:
    page: str
    width: int
    figures_outside: list[str] = field(default_factory=list)
    wide_cells: list[str] = field(default_factory=list)
    tall_figures: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    outside_after_buttons: list[str] = field(default_factory=list)
    buttons_pressed: int = 0

    def violation_summary(self) -> list[str]:
        return PageReport.violation_summary(self)  # type: ignore[arg-type]


def _open(context, base: str, page_path: str, outside: list[str]):  # noqa: ANN001, ANN202
    page = context.new_page()

    def route(route_):  # one parameter: Playwright would pass the request as a second one
        url = route_.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            route_.continue_()
        else:
            outside.append(url)
            route_.abort()

    page.route("**/*", route)
    page.goto(base + page_path, wait_until="load")
    figures = page.locator(".plotly-figure").count()
    if figures:
        try:
            page.wait_for_function("n => document.querySelectorAll('.plotly-figure .main-svg').length >= n",
                                   arg=figures, timeout=30000)
        except Exception:  # noqa: BLE001 - the caller's checks report what is missing
            pass
    page.wait_for_timeout(400)  # figures refit after drawing
    return page


PRESS_BUTTONS_JS = """async () => {
  // Press every visible button, including those that appear when another is pressed (the
  // items of a dropdown menu: each is pressed right after the button that shows it).
  const pressed = new Set();
  const visible = () => [...document.querySelectorAll('button, [role=button], input[type=button], summary')]
      .filter(b => !pressed.has(b) && b.offsetParent !== null && !b.disabled);
  let queue = visible();
  for (let guard = 0; queue.length && guard < 400; guard++) {
    const b = queue.shift();
    if (pressed.has(b)) continue;
    pressed.add(b);
    const before = new Set(visible());
    try { b.click(); } catch (e) {}
    await new Promise(r => setTimeout(r, 80));
    const revealed = visible().filter(x => !before.has(x));
    if (revealed.length) {
      for (const x of revealed) { pressed.add(x); try { x.click(); } catch (e) {} await new Promise(r => setTimeout(r, 80));
        try { b.click(); } catch (e) {} await new Promise(r => setTimeout(r, 40)); }
    }
    document.querySelectorAll('dialog[open]').forEach(d => d.close());
    document.body.click();
    queue = queue.concat(visible().filter(x => !queue.includes(x)));
  }
  return pressed.size;
}"""


def layout_reports(site: Path, pages: list[str], width: int, height: int = 844, *, axe: bool = True,
                   press_buttons: bool = False, dark: bool = False) -> list[LayoutReport]:
    """At one screen size: figures inside their boxes, table cells inside the column, axe-core's
    WCAG 2.1 A/AA checks (in the theme's dark mode with ``dark``), and (``press_buttons``) no
    request to another host when every visible button on the page is pressed."""
    from playwright.sync_api import sync_playwright

    axe_source = AXE.read_text(encoding="utf-8")
    reports = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        def fresh_context():  # noqa: ANN202 - pressing the theme button must not carry over to the next page
            return browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 800,
                                       has_touch=width < 800, color_scheme="dark" if dark else "light")

        context = fresh_context()
        for page_path in pages:
            if press_buttons:
                context.close()
                context = fresh_context()
            report = LayoutReport(page_path, width)
            outside: list[str] = []
            page = _open(context, base, page_path, outside)
            found = page.evaluate(FIT_JS)
            report.figures_outside, report.wide_cells, report.tall_figures = found["figures"], found["cells"], found["tall"]
            if axe:
                page.add_script_tag(content=axe_source)
                report.violations = page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                    WCAG_TAGS)["violations"]
            if press_buttons:
                before = len(outside)
                report.buttons_pressed = page.evaluate(PRESS_BUTTONS_JS)
                page.wait_for_timeout(500)
                report.outside_after_buttons = outside[before:]
            page.close()
            reports.append(report)
        browser.close()
    return reports


NAV_JS = """() => {
  const visible = sel => [...document.querySelectorAll(sel)].find(b => b.offsetParent !== null
      && getComputedStyle(b).visibility !== 'hidden' && b.getBoundingClientRect().width > 0);
  return {primary: !!visible('.primary-toggle'), secondary: !!visible('.secondary-toggle')};
}"""


def drawer_opens(site: Path, page_path: str, width: int, which: str = "primary", height: int = 844) -> str:
    """Press the visible ☰ (``primary``) or "On this page" (``secondary``) button at ``width``;
    returns "" when the drawer opened with its links visible, else what went wrong."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, is_mobile=width < 800, has_touch=width < 800)
        page.goto(base + page_path, wait_until="load")
        page.wait_for_timeout(300)
        buttons = [b for b in page.locator(f".{which}-toggle").all() if b.is_visible()]
        if not buttons:
            browser.close()
            return f"no visible {which} toggle at {width} px"
        buttons[0].click()
        page.wait_for_timeout(400)
        dialog = page.locator(f"#pst-{which}-sidebar-modal")
        opened = dialog.count() and dialog.evaluate("d => d.open")
        links = dialog.locator("a").all() if opened else []
        shown = sum(1 for a in links[:20] if a.is_visible())
        browser.close()
    if not opened:
        return f"{which} drawer did not open at {width} px"
    return "" if shown else f"{which} drawer opened at {width} px but shows no links"


def laptop_toggle_hides_sidebar(site: Path, page_path: str, width: int = 1366) -> str:
    """Press ☰ on a laptop: the primary sidebar must go away (and come back on a second press)."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(base + page_path, wait_until="load")
        page.wait_for_timeout(300)
        sidebar = page.locator("#pst-primary-sidebar")
        was = sidebar.is_visible()
        buttons = [b for b in page.locator(".primary-toggle").all() if b.is_visible()]
        if not buttons:
            browser.close()
            return f"no visible ☰ at {width} px"
        buttons[0].click()
        page.wait_for_timeout(400)
        hidden = not sidebar.is_visible()
        buttons[0].click()
        page.wait_for_timeout(400)
        back = sidebar.is_visible()
        browser.close()
    if not was:
        return "the sidebar is not shown on a laptop to begin with"
    return "" if hidden and back else f"☰ at {width} px: hidden after one press={hidden}, back after two={back}"


def presentation_view(site: Path, page_path: str, size: tuple[int, int] = (1280, 720)) -> dict:
    """Press P (and the header button): both sidebars hidden and the text column wider."""
    from playwright.sync_api import sync_playwright

    measure = """() => ({primary: !!document.querySelector('#pst-primary-sidebar')?.offsetParent
        && getComputedStyle(document.querySelector('#pst-primary-sidebar')).display !== 'none',
      secondary: !!document.querySelector('.bd-sidebar-secondary') &&
        getComputedStyle(document.querySelector('.bd-sidebar-secondary')).display !== 'none',
      article: document.querySelector('.bd-article').getBoundingClientRect().width})"""
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        page.goto(base + page_path, wait_until="load")
        page.wait_for_timeout(300)
        before = page.evaluate(measure)
        page.locator("body").press("p")
        page.wait_for_timeout(300)
        after_key = page.evaluate(measure)
        page.locator("body").press("p")
        page.wait_for_timeout(300)
        button = page.locator(".course-present-toggle")
        after_button = None
        if button.count() and button.first.is_visible():
            button.first.click()
            page.wait_for_timeout(300)
            after_button = page.evaluate(measure)
        browser.close()
    return {"before": before, "key": after_key, "button": after_button}


FIGURE_STATE_JS = """id => { const c = document.getElementById(id) || document.querySelector(`[data-probe="${id}"]`);
  const gd = c.closest('.plotly-figure').querySelector('.js-plotly-plot');
  return [c.value, JSON.stringify((gd.data || []).map(t => [t.visible, t.name, (t.y || []).length, (t.x || []).length]))
          + JSON.stringify([gd.layout.title && gd.layout.title.text, gd.layout.yaxis && gd.layout.yaxis.title,
                            gd.layout.xaxis && gd.layout.xaxis.range, gd.layout.yaxis && gd.layout.yaxis.range,
                            (gd.layout.annotations || []).map(a => a.text), (gd.layout.shapes || []).length]),
          c.tagName === 'SELECT' ? c.options.length : Number(c.max) + 1,
          !c.closest('.plotly-figure').querySelector('.figure-empty').hidden]; }"""


def operate_figure_controls(site: Path, pages: list[str]) -> dict[str, list[str]]:
    """Every figure's HTML menu and range input: reached with Tab, changed with an arrow key,
    and the figure changes with it (or says that nothing matches). Page → problems."""
    from playwright.sync_api import sync_playwright

    problems: dict[str, list[str]] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        for page_path in pages:
            text = (site / page_path).read_text(encoding="utf-8")
            if "figure-controls" not in text and "plotly" not in text:
                continue
            page = _open(context, base, page_path, [])
            svg_menus = page.locator(".plotly-figure .updatemenu-container, .plotly-figure .slider-container").count()
            if svg_menus:
                problems[page_path] = [f"{svg_menus} menus or sliders drawn in SVG: the keyboard cannot reach them"]
                page.close()
                continue
            ids = page.evaluate("""() => [...document.querySelectorAll('.figure-controls select, .figure-controls input')]
                .map((c, i) => { c.setAttribute('data-probe', 'probe-' + i); return 'probe-' + i; })""")
            found = []
            page.focus("body")
            reached = set()
            for _ in range(800):
                page.keyboard.press("Tab")
                focused = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-probe')")
                if focused in ids:
                    reached.add(focused)
                if len(reached) == len(ids):
                    break
            for probe in ids:
                if probe not in reached:
                    found.append(f"{probe}: not reached with Tab")
                    continue
                before = page.evaluate(FIGURE_STATE_JS, probe)
                if before[2] < 2:
                    continue
                page.focus(f'[data-probe="{probe}"]')
                kind = page.evaluate("id => document.querySelector(`[data-probe=\"${id}\"]`).type", probe)
                page.keyboard.press("ArrowRight" if kind == "range" else "ArrowDown")
                page.wait_for_timeout(250)
                after = page.evaluate(FIGURE_STATE_JS, probe)
                if after[0] == before[0]:
                    found.append(f"{probe}: the arrow key did not change the control")
                elif after[1] == before[1] and not after[3]:
                    found.append(f"{probe}: changing the control did not change the figure")
            if found:
                problems[page_path] = found
            page.close()
        browser.close()
    return problems


EMPTY_STATE_JS = """box => {
  const plot = box.querySelector('.nsewdrag');
  if (!plot) return [1, !box.querySelector('.figure-empty').hidden];
  const g = plot.getBoundingClientRect();
  const marks = [...box.querySelectorAll('.cartesianlayer .trace .point, .cartesianlayer .trace .js-line, .cartesianlayer .trace path.box')]
    .filter(p => { const r = p.getBoundingClientRect(); return r.width > 0 && r.right >= g.left - 2 && r.left <= g.right + 2
                   && r.bottom >= g.top - 2 && r.top <= g.bottom + 2; }).length;
  return [marks, !box.querySelector('.figure-empty').hidden];
}"""


def empty_choice_problems(site: Path, pages: list[str], limit: int = 60) -> dict[str, list[str]]:
    """Every combination of a figure's menus (up to ``limit``): a choice that leaves nothing
    drawn must say so on the figure, and the message must not cover a figure that has data."""
    import itertools

    from playwright.sync_api import sync_playwright

    problems: dict[str, list[str]] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        for page_path in pages:
            if "figure-controls" not in (site / page_path).read_text(encoding="utf-8"):
                continue
            page = _open(context, base, page_path, [])
            found = []
            for f, box in enumerate(page.locator(".plotly-figure:has(.figure-controls)").all()):
                controls = box.locator(".figure-controls select, .figure-controls input[type=range]").all()
                sizes = [c.evaluate("c => c.tagName === 'SELECT' ? c.options.length : Number(c.max) + 1") for c in controls]
                for combo in itertools.islice(itertools.product(*[range(n) for n in sizes]), limit):
                    for control, value in zip(controls, combo):
                        control.evaluate("""(c, v) => { if (c.value === String(v)) return; c.value = String(v);
                            c.dispatchEvent(new Event(c.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true})); }""", value)
                    page.wait_for_timeout(150)
                    marks, message = box.evaluate(EMPTY_STATE_JS)
                    if marks == 0 and not message:
                        found.append(f"figure {f + 1}, choice {combo}: an empty chart with no message")
                    elif marks and message:
                        found.append(f"figure {f + 1}, choice {combo}: says nothing matches but draws data")
            if found:
                problems[page_path] = found
            page.close()
        browser.close()
    return problems


_REFRESH = re.compile(r"""<meta\s+http-equiv=["']?refresh["']?\s+content=["']\s*\d+\s*;\s*url=([^"']+)["']""", re.I)


def redirect_target(page: Path) -> str | None:
    """Where a redirect stub sends the browser (its meta refresh URL), or None for a real page.

    >>> import tempfile; stub = Path(tempfile.mkdtemp()) / "index.html"
    >>> _ = stub.write_text('<meta http-equiv="Refresh" content="0; url=book/index.html" />')
    >>> redirect_target(stub)
    'book/index.html'
    """
    head = page.read_text(encoding="utf-8", errors="replace")[:2000]
    found = _REFRESH.search(head)
    return found.group(1).strip() if found else None


def redirect_pages(site: Path) -> dict[str, str]:
    """The site's redirect stubs (such as the root index.html): page → the page it opens."""
    return {str(p.relative_to(site)): target for p in site.glob("*.html")
            if (target := redirect_target(p)) is not None}


def landing_page(site: Path, page: str) -> str:
    """The page a browser shows after opening ``page`` and following its redirect, relative
    to the site (a redirect stub lands elsewhere; a real page lands on itself)."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.goto(base + page, wait_until="load")
        target = redirect_target(site / page)
        if target is not None:
            tab.wait_for_url(base + target, timeout=10000)
        tab.wait_for_load_state("load")
        landed = tab.url[len(base):] if tab.url.startswith(base) else tab.url
        browser.close()
    return landed


def html_pages(site: Path) -> list[str]:
    """Every content page of a built site (not Sphinx's search and index pages, and not the
    redirect stubs, which a browser leaves at once: see ``redirect_pages``)."""
    stubs = set(redirect_pages(site))
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if p.name not in {"search.html", "genindex.html"} and str(p.relative_to(site)) not in stubs
                  and "_static" not in p.parts and "_sources" not in p.parts
                  and "slides" not in p.relative_to(site).parts)


# --- page weight: the page and everything it loads, compressed -------------------------

BUDGET_BYTES = 1_500_000  # compressed bytes per page, everything it loads included
_REF = re.compile(r"""<(script|link|img|source|iframe)\b[^>]*?\b(src|href)=["']([^"'#]+)["'][^>]*>""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""")


def _local(site: Path, base: Path, url: str) -> Path | None:
    if urlparse(url).netloc or url.startswith(("data:", "blob:", "//", "mailto:")):
        return None
    target = (base.parent / unquote(url.split("?")[0])).resolve()
    return target if target.is_file() and site.resolve() in target.parents else None


def page_files(site: Path, page: str, loaded: tuple[str, ...] = ()) -> list[Path]:
    """The files a page names: scripts, stylesheets (with what they import), icons and images;
    plus ``loaded``, the files a browser saw it fetch (fonts, scripts loaded by scripts)."""
    html_path = site / page
    files: list[Path] = [html_path]
    for tag, _, url in _REF.findall(html_path.read_text(encoding="utf-8")):
        target = _local(site, html_path, url)
        if target is not None and target.suffix != ".html":
            files.append(target)
    for relative in loaded:
        target = (site / relative).resolve()
        if target.is_file():
            files.append(target)
    seen, ordered = set(), []
    queue = list(files)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        ordered.append(path)
        if path.suffix == ".css":  # fonts a stylesheet names load only when used: the browser reports them
            text = path.read_text(encoding="utf-8", errors="replace")
            for url in _CSS_IMPORT.findall(text):
                target = _local(site, path, url)
                if target is not None:
                    queue.append(target)
    return ordered


def gzip_size(path: Path) -> int:
    """Compressed size with gzip level 9 and no timestamp: the same bytes give the same number."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


@dataclass
class PageWeight:
    page: str
    files: list[Path]
    raw: int
    compressed: int


def page_weight(site: Path, page: str, loaded: tuple[str, ...] = ()) -> PageWeight:
    files = page_files(site, page, loaded)
    return PageWeight(page, files, sum(f.stat().st_size for f in files), sum(gzip_size(f) for f in files))


def fetched_files(site: Path, pages: list[str], width: int = 1280) -> dict[str, tuple[str, ...]]:
    """Every local file the browser fetches for each page (scripts that load scripts, fonts…)."""
    from playwright.sync_api import sync_playwright

    fetched: dict[str, tuple[str, ...]] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": 900})
        for page_path in pages:
            page = context.new_page()
            urls: list[str] = []
            page.on("request", lambda req, u=urls: u.append(req.url))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            page.goto(base + page_path, wait_until="load")
            page.wait_for_timeout(1500)
            fetched[page_path] = tuple(sorted({unquote(urlparse(u).path).lstrip("/") for u in urls if u.startswith(base)}))
            page.close()
        browser.close()
    return fetched


if __name__ == "__main__":
    args = sys.argv[1:]
    shots = None
    if "--screenshot" in args:
        i = args.index("--screenshot")
        shots = Path(args[i + 1])
        del args[i:i + 2]
    site = Path(args[0])
    pages = args[1:] or html_pages(site)
    for r in check_pages(site, pages, shots):
        print(json.dumps({"page": r.page, "console_errors": r.console_errors, "outside": r.outside_requests,
                          "failed": r.failed_requests, "plotly": [r.plotly_divs, r.plotly_drawn],
                          "dead widgets": r.widget_views, "explorers": [r.explorers, r.explorers_drawn],
                          "explorer problems": r.explorer_problems,
                          "violations": r.violation_summary()}, indent=1))
