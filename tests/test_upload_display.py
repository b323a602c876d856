"""The upload box needs a kernel: the static page says how to use it live and draws no dead file button."""

import re
from pathlib import Path

CHAPTER = Path(__file__).resolve().parents[1] / "book" / "bring-your-own-data.md"


def test_the_upload_box_cell_shows_nothing_on_the_static_page_and_the_text_says_how_to_use_it_live():
    text = CHAPTER.read_text(encoding="utf-8")
    upload = [m for m in re.finditer(r"```\{code-cell\} ipython3\n:tags: \[([^\]]*)\]\n((?:(?!```).*\n)*)```", text)
              if "upload_checker(" in m.group(2)]
    assert len(upload) == 1
    assert "remove-output" in upload[0].group(1)  # the kernel shows the box; the site shows no dead controls
    before = text[: upload[0].start()].rstrip().rsplit("\n\n", 1)[-1]  # the paragraph above the cell
    assert "Binder" in before and "JupyterHub" in before and "local" in before
