"""Where the data live: the datasets folder, the datasheet of a known dataset, the participants' folder.

A dataset is named by its ``kind``: the stem of one of the ``NAME.yml`` files in the datasets
folder. Only those names are accepted, so no file outside the datasets folder can be reached
through a name (``'../../etc/passwd'`` is not a dataset).

Example
-------
>>> datasets_path().name
'datasets'
>>> "monitor_panel" in known_kinds()
True
"""

from __future__ import annotations

import os
from pathlib import Path

from collectives.errors import ParameterError

#: Environment variable that points the loader at another datasets folder.
DATASETS_ENV = "COLLECTIVES_DATASETS_DIR"


def datasets_path(datasets_dir: str | Path | None = None) -> Path:
    """The folder holding the course datasets.

    ``datasets_dir`` if given, else the folder named by the environment variable
    ``COLLECTIVES_DATASETS_DIR``, else the ``datasets/`` folder of the course repository.

    >>> datasets_path().name
    'datasets'
    """
    if datasets_dir is not None:
        if not isinstance(datasets_dir, (str, os.PathLike)):
            raise ParameterError("datasets_dir", type(datasets_dir).__name__, "the path of a folder holding datasets")
        return Path(datasets_dir)
    if os.environ.get(DATASETS_ENV):
        return Path(os.environ[DATASETS_ENV])
    here = Path(__file__).resolve().parents[3] / "datasets"
    if here.is_dir():
        return here
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / "datasets").is_dir():
            return folder / "datasets"
    return here


def known_kinds(datasets_dir: str | Path | None = None) -> list[str]:
    """The dataset names the datasets folder holds a datasheet for, sorted.

    >>> known_kinds()[:2]
    ['ballots', 'cases']
    """
    folder = datasets_path(datasets_dir)
    try:
        return sorted(p.stem for p in folder.glob("*.yml") if p.is_file())
    except OSError:
        return []


def sheet_path(kind: object, datasets_dir: str | Path | None = None, *, parameter: str = "kind") -> Path:
    """The datasheet file of the dataset ``kind``; ParameterError (naming ``parameter``) for any other name.

    >>> sheet_path("monitor_panel").name
    'monitor_panel.yml'
    >>> sheet_path("../../etc/passwd")
    Traceback (most recent call last):
    ...
    collectives.errors.ParameterError: kind = '../../etc/passwd' is not accepted: expected the name of a dataset in ...
    """
    folder = datasets_path(datasets_dir)
    known = known_kinds(datasets_dir)
    listed = ", ".join(known) if known else f"{folder} (none found)"
    if not isinstance(kind, str) or kind not in known:
        raise ParameterError(parameter, described(kind), f"the name of a dataset in {listed}")
    path = folder / f"{kind}.yml"
    try:  # a datasheet that is a link to a file elsewhere is not a datasheet of this folder
        inside = path.resolve().parent == folder.resolve()
    except OSError:
        inside = False
    if not inside:
        raise ParameterError(parameter, kind, f"a datasheet stored in {folder} itself (this one points elsewhere)")
    return path


def described(value: object) -> object:
    """A value as a message about a parameter shows it: short text, plain numbers, else what it is.

    >>> described("x" * 100)[-3:], described(None), described(42), described([1, 2])
    ('...', None, 42, 'a list')
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= 80 else value[:77] + "..."
    name = type(value).__name__
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def participant_data_dir(*, create: bool = False) -> Path:
    """The folder for participants' own files, kept out of version control.

    With ``create=True`` the folder is made, with a ``.gitignore`` that ignores everything in
    it, so files saved there are never committed. The loader itself never writes there.

    >>> participant_data_dir().name
    'participant-data'
    """
    folder = datasets_path().parent / "participant-data"
    if create:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Participants' own data: never committed.\n*\n", encoding="utf-8")
    return folder
