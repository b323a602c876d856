"""The controls of an explorer: a choice, a number, a text (see :mod:`collectives.explorer`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from collectives.errors import ParameterError


@dataclass(frozen=True)
class Choice:
    """Pick one of listed options: a ``<select>`` (or a range input) on the static page.

    ``options`` is a list of values, or of ``(label, value)`` pairs; ``value`` the first
    choice (default: the first option); ``widget`` is ``"select"`` or ``"range"`` (for
    ordered options such as years). ``twin`` (optional) lists the option values the static
    page offers (the declared ``value`` is always among them); the live widget offers every
    option. With a single twin value the static page keeps the control at ``value`` and says
    that the live explorer lets you change it.
    """

    name: str
    label: str
    options: Sequence[Any]
    value: Any = None
    widget: str = "select"
    twin: Sequence[Any] | None = None
    pairs: tuple[tuple[str, Any], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        pairs = tuple(o if isinstance(o, tuple) and len(o) == 2 and isinstance(o[0], str) else (_label(o), o)
                      for o in self.options)
        if not pairs:
            raise ParameterError(f"options of {self.label!r}", list(self.options), "at least one option")
        object.__setattr__(self, "pairs", pairs)
        if self.value is None:
            object.__setattr__(self, "value", pairs[0][1])
        elif not any(_same(self.value, v) for _, v in pairs):
            raise ParameterError(f"value of {self.label!r}", self.value, "one of the listed options")
        if self.widget not in ("select", "range"):
            raise ParameterError("widget", self.widget, "'select' or 'range'")
        for v in self.twin or ():
            if not any(_same(v, option) for _, option in pairs):
                raise ParameterError(f"twin values of {self.label!r}", v, "values among the listed options")

    def twin_options(self) -> tuple[tuple[str, Any], ...]:
        if self.twin is None:
            return self.pairs
        return tuple((label, v) for label, v in self.pairs
                     if _same(v, self.value) or any(_same(v, t) for t in self.twin))

    def check(self, value: Any) -> Any:
        for _, option in self.pairs:
            if _same(value, option):
                return option
        labels = ", ".join(label for label, _ in self.pairs[:12])
        raise ParameterError(self.label, value, f"one of: {labels}")

    def live_widget(self) -> w.Widget:
        index = next(i for i, (_, v) in enumerate(self.pairs) if _same(v, self.value))
        if self.widget == "range":
            return w.SelectionSlider(options=list(self.pairs), index=index, description=self.label,
                                     continuous_update=False)
        return w.Dropdown(options=list(self.pairs), index=index, description=self.label)


@dataclass(frozen=True)
class Number:
    """A number between ``min`` and ``max``: any value live; the values in ``twin`` on the static page.

    Without ``twin`` the static page keeps the number at ``value`` and says that the live
    explorer lets you change it.
    """

    name: str
    label: str
    value: float
    min: float
    max: float
    step: float = 1
    twin: Sequence[float] | None = None

    def __post_init__(self) -> None:
        if not (self.min <= self.value <= self.max):
            raise ParameterError(f"value of {self.label!r}", self.value, f"a number from {self.min:,} to {self.max:,}")
        for v in self.twin or ():
            if not (self.min <= v <= self.max):
                raise ParameterError(f"twin values of {self.label!r}", v, f"numbers from {self.min:,} to {self.max:,}")

    @property
    def integer(self) -> bool:
        return all(float(x).is_integer() for x in (self.value, self.min, self.max, self.step))

    def twin_options(self) -> tuple[tuple[str, Any], ...]:
        values = tuple(sorted({*self.twin, self.value})) if self.twin else (self.value,)
        return tuple((_label(int(v) if self.integer else v), int(v) if self.integer else v) for v in values)

    def check(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ParameterError(self.label, value, f"a number from {self.min:,} to {self.max:,}")
        if not (self.min <= value <= self.max):
            raise ParameterError(self.label, value, f"a number from {self.min:,} to {self.max:,}")
        return int(value) if self.integer and float(value).is_integer() else value

    def live_widget(self) -> w.Widget:
        # an unbounded box: a value out of range gets the check's message ("expected a number from
        # 0 to 100") instead of being silently clamped to the nearest bound
        kind = w.IntText if self.integer else w.FloatText
        return kind(value=self.value, step=self.step, description=self.label)


@dataclass(frozen=True)
class Text:
    """Free text (ballots, a list of names): live only; the static page uses ``value``."""

    name: str
    label: str
    value: str
    rows: int = 6
    max_chars: int = 100_000

    def twin_options(self) -> tuple[tuple[str, Any], ...]:
        return (("as shown", self.value),)

    def check(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ParameterError(self.label, type(value).__name__, "text")
        if len(value) > self.max_chars:
            raise ParameterError(self.label, f"{len(value):,} characters", f"at most {self.max_chars:,} characters")
        return value

    def live_widget(self) -> w.Widget:
        return w.Textarea(value=self.value, rows=self.rows, description=self.label, continuous_update=False,
                          layout={"width": "100%"})


Control = Choice | Number | Text


def _start(control: Control) -> int:
    return next((i for i, (_, v) in enumerate(control.twin_options()) if _same(v, control.value)), 0)


def _label(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return f"{value:,g}"
    return str(value)


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same kind (``True`` is not the option ``1``)."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False
