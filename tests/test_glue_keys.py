"""Every number the prose pastes with myst-nb ``glue`` is glued in the same chapter.

Numbers computed by a chapter are pasted into its text, captions and alt text with
``{glue:text}`key``` (or ``{glue}``, ``{glue:md}``, ``{glue:any}``, ``{glue:figure}``) instead of being typed,
so that they cannot go stale. A reference to a key that no code cell glues only shows up
as a warning deep in a full site build; this test finds it without executing anything:
it reads each chapter's Markdown (and the cell options, where figure captions live) for
the referenced keys, and its code cells for ``glue("key", …)`` calls.

A glued key may be a string literal, an f-string (``glue(f"ex_{name}", …)`` glues every key
of that shape) or a loop variable over a literal tuple (``for name in ("a", "b"): glue(name, …)``).
A reference ``other/page::key`` is looked up in that chapter.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest

from collectives.course import ROOT

ROLE = re.compile(r"\{glue(?::(?:any|text|md|figure|math))?\}`([^`]+)`")
DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{glue(?::(?:any|text|md|figure|math))?\}[ \t]+(\S+)", re.MULTILINE)


def chapters(root: Path = ROOT) -> list[Path]:
    """Every MyST notebook under ``book/`` and ``exercises/``."""
    found = sorted((root / "book").rglob("*.md")) + sorted((root / "exercises").glob("*.md"))
    return [p for p in found if "_build" not in p.parts and _is_notebook(p)]


def _is_notebook(path: Path) -> bool:
    head = path.read_text(encoding="utf-8")[:1500]
    return head.startswith("---") and "format_name: myst" in head and "kernelspec:" in head


def referenced_keys(text: str) -> set[str]:
    """The keys a chapter's text pastes: ``{glue:text}`key:.2f``` gives ``key``."""
    keys = set()
    for content in ROLE.findall(text) + DIRECTIVE.findall(text):
        if "::" in content:                     # another chapter's key: "path::key[:format]"
            path, key = content.split("::", 1)
            keys.add(f"{path}::{key.split(':', 1)[0]}")
        else:
            keys.add(content.split(":", 1)[0].strip())
    return keys


def _loop_values(tree: ast.AST) -> dict[str, set[str]]:
    """Names bound by ``for name in ("a", "b", …)`` over literal strings."""
    values: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and isinstance(node.iter, (ast.Tuple, ast.List)):
            items = [e.value for e in node.iter.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if items and len(items) == len(node.iter.elts):
                values.setdefault(node.target.id, set()).update(items)
    return values


def glued_keys(source: str) -> tuple[set[str], list[re.Pattern], list[str]]:
    """(exact keys, patterns from f-strings, calls whose key cannot be read) of code cells' ``glue`` calls."""
    exact, patterns, unknown = set(), [], []
    try:
        tree = ast.parse(source)
    except SyntaxError:                          # IPython magics: read what Python can
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    loops = _loop_values(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "glue"):
            continue
        name = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "name"), None)
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            exact.add(name.value)
        elif isinstance(name, ast.JoinedStr):
            parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in name.values]
            patterns.append(re.compile("".join(parts)))
        elif isinstance(name, ast.Name) and name.id in loops:
            exact.update(loops[name.id])
        else:
            unknown.append(ast.unparse(node)[:80])
    return exact, patterns, unknown


def chapter_glue(path: Path) -> tuple[set[str], list[re.Pattern], list[str]]:
    exact, patterns, unknown = set(), [], []
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "code" and "glue" in cell.source:
            e, p, u = glued_keys(cell.source)
            exact |= e
            patterns += p
            unknown += u
    return exact, patterns, unknown


def missing_keys(path: Path, root: Path = ROOT) -> list[str]:
    """Keys referenced in the chapter that no code cell of the chapter (or the named chapter) glues."""
    cache: dict[Path, tuple] = {}

    def glued(chapter: Path, key: str) -> bool:
        if chapter not in cache:
            cache[chapter] = chapter_glue(chapter) if chapter.exists() else (set(), [], [])
        exact, patterns, _ = cache[chapter]
        return key in exact or any(p.fullmatch(key) for p in patterns)

    missing = []
    for ref in sorted(referenced_keys(path.read_text(encoding="utf-8"))):
        if "::" in ref:
            other, key = ref.split("::", 1)
            base = root / "book" if other.startswith("/") else path.parent
            target = (base / other.lstrip("/")).with_suffix(".md")
            if not glued(target, key):
                missing.append(ref)
        elif not glued(path, ref):
            missing.append(ref)
    return missing


def test_the_book_pastes_glued_numbers():
    assert sum(bool(referenced_keys(p.read_text(encoding="utf-8"))) for p in chapters()) >= 5


@pytest.mark.parametrize("path", chapters(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_pasted_key_is_glued_in_the_chapter(path):
    assert missing_keys(path) == [], "referenced with {glue…} but never glued"


@pytest.mark.parametrize("path", chapters(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_glue_key_can_be_read_without_running_the_chapter(path):
    assert chapter_glue(path)[2] == []


NOTEBOOK = """---
jupytext:
  formats: md:myst
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

```{{code-cell}} ipython3
:tags: [remove-cell]
:mystnb:
:  figure:
:    caption: "A ratio of {{glue:text}}`in_caption:.2f`."
from myst_nb import glue
glue("ratio", 1.79, display=False)
glue(f"share_{{kind}}", 0.5, display=False)
for name in ("first", "second"):
    glue(name, 1, display=False)
```

The ratio is {{glue:text}}`ratio:.2f`, the share {{glue:text}}`share_meeting:.0%`, then
{{glue:md}}`first` and {{glue}}`{extra}`.
"""


def test_a_key_that_is_referenced_but_not_glued_is_found(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(NOTEBOOK.format(extra="second"), encoding="utf-8")
    assert missing_keys(page, tmp_path) == ["in_caption"]
    page.write_text(NOTEBOOK.format(extra="third"), encoding="utf-8")
    assert missing_keys(page, tmp_path) == ["in_caption", "third"]
