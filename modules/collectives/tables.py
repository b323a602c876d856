"""Readable HTML tables of the package's DataFrames, for the chapters and the static site.

A raw DataFrame shows a 0..n index, snake_case headers and floats like ``7400.0``. :func:`table`
shows the same data as a reader expects it: human headers (with units), numbers with thousands
separators and a sensible number of decimals, years without separators, yes/no for booleans,
no index (a meaningful index becomes the first column), text that wraps, a caption, and a
visible cue when the table is wider than the text column. :func:`table_choice` shows one of
several tables, chosen with a labelled menu (the site's script switches them; the keyboard
works as with any menu).

Example
-------
>>> import pandas as pd
>>> df = pd.DataFrame({"source_key": ["cbs2024"], "budget_eur": [7400.0], "year": [2024],
...                    "covers_truth": [True]})
>>> t = table(df, caption="Budgets (synthetic)")
>>> t.headers
['Source key', 'Budget (€)', 'Year', 'Covers truth']
>>> t.rows
[['cbs2024', '7,400', '2024', 'yes']]
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from collectives.errors import ParameterError

__all__ = ["Table", "TableChoice", "human_header", "format_column", "table", "table_choice"]

# Words that are written differently from their snake_case form in a header.
WORDS = {"id": "ID", "ci": "CI", "eu": "EU", "nl": "NL", "be": "BE", "kpi": "KPI", "sroi": "SROI",
         "lm3": "LM3", "did": "DiD", "its": "ITS", "n": "number of", "se": "SE", "pvalue": "p-value",
         "pp": "percentage points", "iap2": "IAP2"}
# Name endings that are units: shown in brackets after the header.
UNIT_SUFFIXES = {"eur": "€", "pct": "%", "pp": "percentage points", "km": "km", "kwh": "kWh",
                 "mwh": "MWh", "years": "years", "minutes": "minutes", "en": "English", "nl": "Dutch"}
YEAR_NAMES = re.compile(r"(^|[_\s])(year|jaar|founded|start|end|since)([_\s]|$)", re.I)


def human_header(name: object, unit: str | None = None) -> str:
    """A column name as a reader's header: ``"ci_low"`` → ``"CI low"``, ``"cost_eur"`` → ``"Cost (€)"``.

    >>> human_header("n_peers"), human_header("gap_pp"), human_header("value", unit="%")
    ('Number of peers', 'Gap (percentage points)', 'Value (%)')
    >>> human_header("proposed IAP2 level"), human_header("p-value")
    ('Proposed IAP2 level', 'p-value')
    """
    text = str(name)
    if not re.fullmatch(r"[a-z0-9_]+", text):  # written for readers; a phrase starts with a capital
        if " " in text and text[0].islower():
            text = text[0].upper() + text[1:]
        return f"{text} ({unit})" if unit else text
    words = [w for w in text.split("_") if w]
    if unit is None and len(words) > 1 and words[-1] in UNIT_SUFFIXES:
        unit = UNIT_SUFFIXES[words.pop()]
    shown = " ".join(WORDS.get(w, w) for w in words) or text
    shown = shown[0].upper() + shown[1:]
    return f"{shown} ({unit})" if unit else shown


def _is_year(name: str, values: pd.Series) -> bool:
    if not YEAR_NAMES.search(str(name).lower()):
        return False
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return bool(len(numbers)) and bool(((numbers >= 1000) & (numbers <= 2999) & (numbers % 1 == 0)).all())


def _decimals(numbers: pd.Series) -> int:
    """Fewest decimals (at most 3) that keep the column's values apart from their rounding."""
    finite = numbers[numbers.map(math.isfinite)]
    if finite.empty or (finite % 1 == 0).all():
        return 0
    largest = finite.abs().max()
    wanted = 0 if largest >= 1000 else 1 if largest >= 100 else 2
    for places in range(wanted, 4):
        if (finite.round(places) - finite).abs().max() < 0.5 * 10 ** -places + 1e-12:
            return places
    return 3 if largest < 1 else wanted


def format_column(name: object, values: pd.Series, decimals: int | None = None) -> tuple[list[str], bool]:
    """The column's cells as text, and whether it is numeric (right-aligned). Counts (whole
    numbers) never get decimals; ``decimals`` applies to the other numbers.

    >>> format_column("share", pd.Series([0.25, 0.5]))
    (['0.25', '0.50'], True)
    >>> format_column("year", pd.Series([1990, 2024]))
    (['1990', '2024'], True)
    """
    missing = values.isna() if values.dtype != object else values.map(lambda v: v is None or v != v)
    if pd.api.types.is_bool_dtype(values):
        return [("" if m else "yes" if v else "no") for v, m in zip(values, missing)], False
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype(float)
        if _is_year(str(name), values):
            return [("–" if m else f"{int(v)}") for v, m in zip(numbers, missing)], True
        whole = bool(len(numbers[~missing])) and bool((numbers[~missing] % 1 == 0).all())
        places = _decimals(numbers[~missing]) if decimals is None or whole else decimals
        return [("–" if m else f"{v:,.{places}f}".replace("-", "−")) for v, m in zip(numbers, missing)], True
    cells = []
    for value, absent in zip(values, missing):
        if absent:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("yes" if value else "no")
        elif isinstance(value, float):
            cells.append(f"{value:,.{2 if decimals is None else decimals}f}")
        elif isinstance(value, (list, tuple, set, frozenset)):
            cells.append(", ".join(map(str, value)))
        else:
            cells.append(str(value))
    return cells, False


@dataclass(frozen=True)
class Table:
    """A formatted table: ``headers``, ``rows`` (text cells) and ``caption``; shown as HTML."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    caption: str

    def to_html(self) -> str:
        head = "".join(f'<th scope="col"{_cls(n)}>{html.escape(h)}</th>' for h, n in zip(self.headers, self.numeric))
        body = "".join(
            "<tr>" + "".join(f"<td{_cls(n)}>{html.escape(c)}</td>" for c, n in zip(row, self.numeric)) + "</tr>"
            for row in self.rows)
        label = html.escape(self.caption, quote=True)
        return (f'<div class="course-table" role="region" aria-label="{label}" tabindex="0">'
                f'<table class="course-table__table"><caption>{html.escape(self.caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                '<p class="course-table__cue" aria-hidden="true">Scroll sideways for more columns →</p></div>')

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:  # plain-text output (a terminal, a doctest)
        widths = [max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h)
                  for i, h in enumerate(self.headers)]
        lines = [self.caption, "  ".join(h.ljust(w) for h, w in zip(self.headers, widths))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in self.rows]
        return "\n".join(lines)


def _cls(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def table(df: pd.DataFrame | pd.Series, caption: str, *, headers: Mapping[str, str] | None = None,
          units: Mapping[str, str] | None = None, decimals: Mapping[str, int] | int | None = None,
          max_rows: int = 200) -> Table:
    """A readable table of ``df`` with ``caption`` (say *synthetic* when the data are).

    Parameters
    ----------
    df : the DataFrame (or Series) to show. A named or non-default index becomes the first column.
    caption : one line that says what the table shows.
    headers : column name → header, for names the automatic rule does not write well.
    units : column name → unit, shown in brackets after the header.
    decimals : decimals for every numeric column, or per column; automatic otherwise.
    max_rows : a larger table is refused (show a summary instead).
    """
    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "value")
    if not isinstance(df, pd.DataFrame):
        raise ParameterError("df", type(df).__name__, "a pandas DataFrame or Series")
    if not isinstance(caption, str) or not caption.strip():
        raise ParameterError("caption", caption, "one line that says what the table shows")
    if len(df) > max_rows:
        raise ParameterError("df", f"{len(df)} rows", f"at most {max_rows} rows (show a summary or .head())")
    headers, units = dict(headers or {}), dict(units or {})
    known = set(map(str, df.columns)) | {str(n) for n in df.index.names if n is not None}
    unknown = sorted((set(headers) | set(units)) - known)
    if unknown:
        raise ParameterError("headers/units", ", ".join(unknown), "names of the table's columns")
    frame = df.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(p) for p in c if str(p)) for c in frame.columns]
    # An unnamed whole-number index is only row positions left over from filtering: dropped.
    positions = (frame.index.nlevels == 1 and frame.index.name is None
                 and pd.api.types.is_integer_dtype(frame.index.dtype))
    if positions:
        frame = frame.reset_index(drop=True)
    elif not isinstance(frame.index, pd.RangeIndex) or any(n is not None for n in frame.index.names):
        names = [n if n is not None else ("item" if frame.index.nlevels == 1 else f"level_{i}")
                 for i, n in enumerate(frame.index.names)]
        frame.index = frame.index.set_names(names)
        frame = frame.reset_index()
    shown_headers, columns, numeric = [], [], []
    for name in frame.columns:
        key = str(name)
        places = decimals.get(key) if isinstance(decimals, Mapping) else decimals
        shown = headers.get(key) or human_header(key, units.get(key))
        # a header given as "First year" marks a column of years as well as its name would
        cells, is_number = format_column(key if YEAR_NAMES.search(key) else shown, frame[name], places)
        shown_headers.append(shown)
        columns.append(cells)
        numeric.append(is_number)
    rows = [list(r) for r in zip(*columns)] if columns else []
    return Table(shown_headers, rows, numeric, caption.strip())


@dataclass(frozen=True)
class TableChoice:
    """Several tables, one shown at a time, chosen with a labelled menu."""

    label: str
    choices: dict[str, Table]
    slug: str

    def to_html(self) -> str:
        options = "".join(f'<option value="{i}">{html.escape(name)}</option>' for i, name in enumerate(self.choices))
        panels = "".join(
            f'<div class="table-choice__panel" data-choice="{i}"{"" if i == 0 else " hidden"}>{t.to_html()}</div>'
            for i, t in enumerate(self.choices.values()))
        return (f'<div class="table-choice" data-table-choice="{self.slug}">'
                f'<label class="table-choice__label" for="{self.slug}-menu">{html.escape(self.label)}</label> '
                f'<select id="{self.slug}-menu" class="table-choice__menu" aria-controls="{self.slug}-panels">{options}</select>'
                f'<div id="{self.slug}-panels" aria-live="polite">{panels}</div></div>')

    def _repr_html_(self) -> str:
        return self.to_html()


def table_choice(tables: Mapping[str, pd.DataFrame], *, label: str, caption: str, slug: str,
                 **options) -> TableChoice:
    """One table per entry of ``tables``; a menu labelled ``label`` picks which one is shown.

    Each table's caption is ``caption`` followed by its entry (``"Legal forms: Netherlands"``).
    ``slug`` is a short id, unique on the page. ``options`` go to :func:`table`.

    >>> c = table_choice({"A": pd.DataFrame({"x": [1]}), "B": pd.DataFrame({"x": [2]})},
    ...                  label="Country", caption="Forms", slug="forms")
    >>> [t.caption for t in c.choices.values()]
    ['Forms: A', 'Forms: B']
    """
    if not tables:
        raise ParameterError("tables", "none", "at least one table to choose from")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", slug or ""):
        raise ParameterError("slug", slug, "a short id of lower-case letters, digits and hyphens")
    return TableChoice(label, {str(k): table(v, f"{caption}: {k}", **options) for k, v in tables.items()}, slug)
