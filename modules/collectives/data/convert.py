"""A whole table converted to its datasheet's types, one column at a time.

Example
-------
>>> from collectives.data.datasheets import schema_from_mapping
>>> sheet = schema_from_mapping({"name": "t", "columns": {"n": {"type": "integer"}, "ok": {"type": "boolean"}}})
>>> reading = Reading(lenient=True)
>>> raw = pd.DataFrame({"n": ["1.500", "2"], "ok": ["ja", "nee"]}, index=[2, 3])
>>> convert_frame(raw, sheet, {}, reading).to_dict("list")
{'n': [1500, 2], 'ok': [True, False]}
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from collectives.data.cells import (
    convert_boolean,
    convert_category,
    convert_date,
    convert_string,
)
from collectives.data.datasheets import DatasetSchema
from collectives.data.numbers import convert_number
from collectives.data.problems import Reading

_CONVERTERS = {
    "string": convert_string,
    "category": convert_category,
    "boolean": convert_boolean,
    "date": convert_date,
    "integer": convert_number,
    "number": convert_number,
}


def convert_frame(raw: pd.DataFrame, sheet: DatasetSchema, labels: Mapping[str, str], reading: Reading) -> pd.DataFrame:
    """Convert each datasheet column of ``raw`` (indexed by spreadsheet row) to its declared type.

    Cells that cannot be converted become empty and are added to ``reading.problems``;
    ``labels`` maps a datasheet column name to the name it has in the file (for messages).
    """
    columns = {spec.name: _CONVERTERS[spec.type](raw[spec.name], spec, labels.get(spec.name, spec.name), reading)
               for spec in sheet.columns if spec.name in raw.columns}
    return pd.DataFrame(columns, index=raw.index, copy=False)
