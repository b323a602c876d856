"""Writing the synthetic datasets as stable CSV text (same bytes on every run and platform)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def csv_text(df: pd.DataFrame) -> str:
    """CSV as datasets/README.md describes it: UTF-8, ',' separator, '.' decimals, empty = missing,
    booleans as ``true``/``false``, one decimal for floats, '\\n' line endings."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.BooleanDtype) or s.dtype == bool:
            out[col] = s.map(lambda v: "" if pd.isna(v) else ("true" if v else "false"))
        elif pd.api.types.is_float_dtype(s.dtype):
            out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
        else:
            out[col] = s.astype("string").fillna("")
    return out.to_csv(index=False, lineterminator="\n")


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    path = Path(path)
    path.write_bytes(csv_text(df).encode("utf-8"))
    return path
