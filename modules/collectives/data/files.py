"""Opening files safely: regular files only, never blocking, never read past a limit, never changed.

A path can name something that is not a file: a folder, a named pipe (reading it waits for
a writer for ever), a device such as ``/dev/zero`` (it reports size 0 and never ends). Such
paths are refused from ``stat`` before they are opened; the file is then opened read-only
and non-blocking, checked again, and read in chunks up to the limit.

Example
-------
>>> read_regular_file("/dev/zero", 1024)
Traceback (most recent call last):
...
collectives.errors.DataError: The file zero cannot be used yet: 1 problem found.
  - this is a device (such as a disk or /dev/zero), not a file; expected a CSV file or an Excel workbook (.xlsx) saved on disk
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from collectives.data.limits import too_big
from collectives.errors import DataError, Problem

_CHUNK = 1024 * 1024
_A_FILE = "a CSV file or an Excel workbook (.xlsx) saved on disk"


def _what_it_is(mode: int) -> str | None:
    """What a path that is not a regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device (such as a disk or /dev/zero)"
    if stat.S_ISSOCK(mode):
        return "a network socket"
    return "something other than a file"


def check_regular(path: str | os.PathLike, name: str | None = None) -> os.stat_result:
    """``stat`` of ``path``; DataError if it does not exist, cannot be read or is not a regular file."""
    name = name or Path(path).name or str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DataError(name, [Problem(f"the file {str(path)!r} does not exist", expected=_A_FILE)]) from None
    except PermissionError:
        raise DataError(name, [Problem("the file cannot be opened: no permission to read it (is it open in another program?)")]) from None
    except (OSError, ValueError):  # a name too long, a NUL character in the name, a broken link
        raise DataError(name, [Problem("this path cannot be opened as a file", value=str(path)[:60], expected=_A_FILE)]) from None
    what = _what_it_is(info.st_mode)
    if what:
        raise DataError(name, [Problem(f"this is {what}, not a file", expected=_A_FILE)])
    return info


def read_regular_file(path: str | os.PathLike, max_bytes: int, name: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` (DataError beyond, or if not a file)."""
    name = name or Path(path).name or str(path)
    info = check_regular(path, name)
    if info.st_size > max_bytes:
        raise DataError(name, [too_big(info.st_size, max_bytes)])
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)  # read-only: the participant's file is never changed
    except PermissionError:
        raise DataError(name, [Problem("the file cannot be opened: no permission to read it (is it open in another program?)")]) from None
    except OSError:
        raise DataError(name, [Problem("the file cannot be opened", expected=_A_FILE)]) from None
    try:
        what = _what_it_is(os.fstat(handle).st_mode)  # replaced between stat and open?
        if what:
            raise DataError(name, [Problem(f"this is {what}, not a file", expected=_A_FILE)])
        chunks, total = [], 0
        while total <= max_bytes:
            try:  # the whole file at once where the system allows (no second copy), then whatever is left
                want = min(info.st_size + 1, max_bytes + 1) if not chunks else min(_CHUNK, max_bytes + 1 - total)
                chunk = os.read(handle, max(want, 1))
            except BlockingIOError:
                raise DataError(name, [Problem("the file cannot be read now (it is not a file on disk)", expected=_A_FILE)]) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:  # it grew while being read
            raise DataError(name, [too_big(total, max_bytes, at_least=True)])
        return b"".join(chunks)
    except OSError:
        raise DataError(name, [Problem("the file could not be read to the end", expected=_A_FILE)]) from None
    finally:
        os.close(handle)
