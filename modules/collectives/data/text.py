"""Text as the data layer compares it: column names, category values and cells reduced for matching.

Example
-------
>>> normalise_name("Aantal-leden ")
'aantalleden'
>>> cell_text("  Utrecht ")
'Utrecht'
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

#: Characters that show nothing: zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean_text(text: str) -> str:
    """Text in one Unicode form (NFC) without invisible characters, trimmed.

    'Café' typed with a combining accent, or with a zero-width space inside, is the same
    'Café' after cleaning, so it counts once.

    >>> clean_text("Cafe\u0301") == clean_text("Caf\u200be\u0301") == "Café"
    True
    """
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFC", text.translate(INVISIBLE)).strip()


def normalise_name(name: object) -> str:
    """A column name reduced for matching: no accents, case, spaces, underscores, hyphens or dots.

    >>> normalise_name("Aantal-leden ")
    'aantalleden'
    >>> normalise_name("Gemeentelijke_Steun")
    'gemeentelijkesteun'
    """
    text = unicodedata.normalize("NFKD", str(name).translate(INVISIBLE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-.]+", "", text.casefold())


def normalise_value(value: object) -> str:
    """A category value reduced for matching: no accents or case; spaces and hyphens as '_'.

    >>> normalise_value(" Social wellbeing")
    'social_wellbeing'
    """
    text = unicodedata.normalize("NFKD", str(value).translate(INVISIBLE).strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-_]+", "_", text.casefold())


def fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value)}"
    return str(value)



def shown(value: object) -> object:
    """A cell value as a message shows it: plain Python, dates as 2024-03-31, long text cut short.

    >>> shown(np.int64(3)), shown(pd.Timestamp("2024-03-31")), shown(None)
    (3, '2024-03-31', None)
    """
    if isinstance(value, (list, tuple, dict, set)):
        return type(value).__name__
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.str_):
        value = str(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "..."
    return value



def cell_text(value: object) -> str | None:
    """A cell as trimmed text (Excel numbers and dates written as in a CSV file); None when empty.

    >>> cell_text("  Utrecht "), cell_text(2023.0), cell_text("  ")
    ('Utrecht', '2023', None)
    """
    if type(value) is str:  # the common case, first
        return value.strip() or None
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, pd.Timestamp):
        text = value.date().isoformat() if value == value.normalize() else value.isoformat()
    else:
        text = str(value)
    return text.strip() or None

