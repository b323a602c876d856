"""The course's own datasets: what there is, what each column means, and loading them checked.

Every dataset in ``datasets/`` is a ``NAME.csv`` with a datasheet ``NAME.yml`` (see
``datasets/README.md``). :func:`list_datasets` lists them, :func:`schema` gives a datasheet
(with :meth:`~collectives.data.datasheets.DatasetSchema.codebook` for a chapter), and
:func:`load` reads a dataset, checks it against its datasheet and returns a DataFrame with
proper dtypes.

The package's modules, each one concern, import one way (top to bottom may import from
below, never upwards):

- :mod:`~collectives.data.course` — :func:`load`, :func:`schema`, :func:`list_datasets`
- :mod:`~collectives.data.validation` — checking a converted table (bounds, empty cells, keys);
  a computation's check that a table has the columns it needs is :func:`collectives.validate.require_columns`
- :mod:`~collectives.data.convert`, :mod:`~collectives.data.numbers`, :mod:`~collectives.data.cells` — cells → declared types
- :mod:`~collectives.data.problems` — the problems found and the report of what was done
- :mod:`~collectives.data.datasheets`, :mod:`~collectives.data.checks` — ``NAME.yml`` parsed, and its pandera schema
- :mod:`~collectives.data.files`, :mod:`~collectives.data.limits` — opening files safely, within limits
- :mod:`~collectives.data.paths`, :mod:`~collectives.data.text` — where things are; text reduced for matching

Participants' own files are read by :mod:`collectives.participant`, which builds on this
package (never the other way round).

Example
-------
>>> from collectives import data
>>> panel = data.load("monitor_panel")
>>> panel["members"].dtype
Int64Dtype()
"""

from collectives.data.course import list_datasets, load, schema
from collectives.data.datasheets import (
    ColumnSpec,
    DatasetSchema,
    read_schema,
    schema_from_mapping,
)
from collectives.data.paths import (
    DATASETS_ENV,
    datasets_path,
    known_kinds,
    participant_data_dir,
)

__all__ = [
    "DATASETS_ENV",
    "ColumnSpec",
    "DatasetSchema",
    "datasets_path",
    "known_kinds",
    "list_datasets",
    "load",
    "participant_data_dir",
    "read_schema",
    "schema",
    "schema_from_mapping",
]
