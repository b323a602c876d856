"""Participant and instructor editions of the book, built from one source.

* The **participant edition** (the default) hides the instructor notes (they stay in the
  page's HTML, marked ``edition-hidden``, so that the slides can use them as speaker notes)
  and keeps every solution folded, so that an exercise can be tried before its answer is seen.
* The **instructor edition** shows the instructor notes and the solutions open.

The edition is chosen with the environment variable ``COURSE_EDITION`` when the site is
built: ``make site`` builds the participant edition into ``_build/html``, ``make
instructor`` the instructor edition into ``_build/instructor/_build/html``.

Example
-------
>>> from docutils import nodes
>>> page = nodes.section()
>>> page += nodes.admonition(classes=["instructor", "dropdown"])
>>> page += nodes.admonition(classes=["solution", "dropdown"])
>>> _ = apply_edition(page, "instructor")
>>> [node["classes"] for node in page.children]
[['instructor'], ['solution']]
>>> page = nodes.section(); page += nodes.admonition(classes=["instructor", "dropdown"])
>>> apply_edition(page, "participant"), page.children[0]["classes"]
(1, ['instructor', 'dropdown', 'edition-hidden'])
"""

from __future__ import annotations

import os

from collectives.errors import ParameterError

EDITIONS = ("participant", "instructor")
ENVIRONMENT_VARIABLE = "COURSE_EDITION"


def chosen_edition(default: str = "participant") -> str:
    """The edition asked for in ``COURSE_EDITION`` (or ``default``), checked."""
    edition = os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower() or default
    if edition not in EDITIONS:
        raise ParameterError(ENVIRONMENT_VARIABLE, edition, "'participant' or 'instructor'")
    return edition


def apply_edition(doctree, edition: str) -> int:  # noqa: ANN001 - a docutils node
    """Change a page's doctree for ``edition``; returns how many instructor notes were hidden."""
    if edition not in EDITIONS:
        raise ParameterError("edition", edition, "'participant' or 'instructor'")
    removed = 0
    for node in list(doctree.findall(lambda n: hasattr(n, "get") and "classes" in getattr(n, "attributes", {}))):
        classes = node["classes"]
        if "instructor" in classes:
            if edition == "participant":
                if "edition-hidden" not in classes:
                    node["classes"] = [*classes, "edition-hidden"]
                removed += 1
            else:
                node["classes"] = [c for c in classes if c != "dropdown"]
        elif "solution" in classes:
            if edition == "instructor":
                node["classes"] = [c for c in classes if c != "dropdown"]
            elif "dropdown" not in classes:
                node["classes"] = [*classes, "dropdown"]
    return removed
