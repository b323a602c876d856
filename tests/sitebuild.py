"""Building the course site for the tests, and reading what the build executed.

Example
-------
>>> JB_FLAGS[-1]      # every page is read again: no warning is hidden by an incremental build
'--all'
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JB_FLAGS = ["-W", "-n", "--keep-going", "--all"]


def jupyter_book(book: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``jupyter-book build book`` into ``out`` with the course's strict flags."""
    return subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(book), "--path-output", str(out), *JB_FLAGS, *extra],
        capture_output=True, text=True, timeout=1800, env=env,
    )


def cached_notebooks(built: Path, out: Path) -> list[Path]:
    """The notebooks as the build executed them, from its jupyter-cache, written under ``out``.

    The site's own copies (``jupyter_execute/``) drop the outputs of removed cells — among them
    the ``glue`` cells whose numbers the text quotes — so a re-run would differ from them; the
    cache keeps every output, so the numbers in the text are checked too.
    """
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(built / ".jupyter_cache")
    written = []
    for record in cache.list_project_records():
        cached = cache.get_cached_project_nb(record.pk)
        assert cached is not None, f"{record.uri} was not executed by the build"
        target = out / Path(record.uri).resolve().relative_to(ROOT).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(cache.get_cache_bundle(cached.pk).nb, str(target))
        written.append(target)
    return sorted(written)
