"""Ranked ballots typed as text, one ballot group per line — the format of the voting explorer.

::

    options: solar roof, heat network, insulation team, energy fund
    12: solar roof > heat network > insulation team > energy fund
    9: insulation team > heat network > energy fund > solar roof
    energy fund > insulation team          # no count: one ballot

* an optional ``options:`` line lists the options on the ballot paper; a ballot naming anything
  else is refused (without it, the options are every name that appears);
* every other non-empty line is ``count: ranking`` or just ``ranking`` (count 1), with the
  options separated by ``>``, most preferred first;
* text after ``#`` is a comment.

Mistakes raise :class:`~collectives.errors.BallotError` naming the *line*, so the explorer can
show a message the participant can act on.

Example
-------
>>> p = profile_from_text("options: A, B, C\\n4: A > B > C\\n3: B > C > A\\nC > B > A")
>>> p.options, p.n_ballots
(('A', 'B', 'C'), 8)
>>> print(profile_to_text(p))
options: A, B, C
4: A > B > C
3: B > C > A
1: C > B > A
"""

from __future__ import annotations

import re

from collectives.errors import BallotError, ParameterError
from collectives.governance.ballots import Profile

__all__ = ["profile_from_text", "profile_to_text"]

_COUNT = re.compile(r"^\s*([^:>]*?)\s*:\s*(.*)$")


def profile_from_text(text: str) -> Profile:
    """Read ranked ballots from text (see the module description for the format).

    Examples
    --------
    >>> profile_from_text("2: A > B\\n1: B > A").counts.tolist()
    [2, 1]
    >>> profile_from_text("options: A, B\\n2: A > C")
    Traceback (most recent call last):
    ...
    collectives.errors.BallotError: line 2 cannot be counted: 'C' is not one of the options (found 'A > C'); expected one of A, B.
    """
    if not isinstance(text, str):
        raise ParameterError("ballots", type(text).__name__, "text with one 'count: A > B > C' line per ballot group")
    options: list[str] | None = None
    pairs: list[tuple[str, int]] = []
    lines: list[int] = []
    seen: dict[str, int] = {}
    # identical lines are counted together first, so 10,000 one-ballot lines are parsed once per ranking
    repeats: dict[str, list] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            if line in repeats:
                repeats[line][2] += 1
            else:
                repeats[line] = [number, raw, 1]
    for line, (number, raw, times) in repeats.items():
        if line.lower().startswith("options:"):
            if options is not None or times > 1:
                raise BallotError(f"line {number}", raw.strip(), "there is a second 'options:' line",
                                  "at most one line listing the options")
            options = [o.strip() for o in line.split(":", 1)[1].split(",")]
            if any(o == "" for o in options):
                raise BallotError(f"line {number}", raw.strip(), "the list of options has an empty name",
                                  "option names separated by commas, e.g. 'options: A, B, C'")
            continue
        match = _COUNT.match(line)
        if match:
            count_text, ranking = match.groups()
            try:
                count = int(count_text)
            except ValueError:
                raise BallotError(f"line {number}", raw.strip(), f"its count {count_text!r} is not a whole number",
                                  "a line such as '12: A > B > C'") from None
        else:
            ranking, count = line, 1
        count *= times
        if count < 0:
            raise BallotError(f"line {number}", raw.strip(), f"its count {count} is negative",
                              "a whole number of ballots, 0 or more")
        key = " > ".join(part.strip() for part in ranking.split(">"))
        if key in seen:  # identical lines are counted together first: 10,000 single ballots stay fast
            pairs[seen[key]] = (pairs[seen[key]][0], pairs[seen[key]][1] + count)
            continue
        seen[key] = len(pairs)
        pairs.append((ranking, count))
        lines.append(number)
    if not pairs:
        raise ParameterError("ballots", text.strip()[:60], "at least one ballot line such as '12: A > B > C'")
    try:
        return Profile.from_ballots(pairs, options)
    except BallotError as error:  # name the line rather than "ballot k"
        where = error.where
        found = re.fullmatch(r"ballot (\d+)", where)
        if found:
            where = f"line {lines[int(found.group(1)) - 1]}"
        ballot = error.ballot[0] if isinstance(error.ballot, tuple) and len(error.ballot) == 2 else error.ballot
        raise BallotError(where, ballot, error.problem, error.expected) from None
    except ParameterError as error:
        if error.name == "options":
            raise ParameterError("the options line", error.value, error.expected) from None
        raise


def profile_to_text(profile: Profile) -> str:
    """The text form of a profile: an ``options:`` line, then one ``count: ranking`` line per group."""
    profile = Profile.from_ballots(profile)
    lines = ["options: " + ", ".join(profile.options)]
    frame = profile.to_frame()
    lines += [f"{c}: {r}" for r, c in zip(frame["ranking"], frame["count"])]
    return "\n".join(lines)
