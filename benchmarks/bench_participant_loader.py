"""How much slower is reading a participant's file than a bare pandas.read_csv?

Writes a 1,000,000-row monitor-panel-style CSV the way Dutch Excel saves it (semicolons,
decimal commas, ja/nee) into a temporary folder, then times
``collectives.participant.read_participant_data`` against ``pandas.read_csv`` of the same file
(which neither checks nor converts anything). Runs alternate, so machine load hits both
alike. Prints both medians, their ratio and the machine load (``/proc/loadavg``) before and
after. Target: the loader takes at most 3 times as long, also on a busy machine. The
million-row file is larger than the loader's default limit of 50 MB, so the benchmark
raises ``max_bytes`` to the file's size; every other limit stays at its default (the loader
measures the file against them before it parses it).

    python benchmarks/bench_participant_loader.py [--rows 1000000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from collectives.participant import DEFAULT_MAX_BYTES, read_participant_data
from collectives.data import schema_from_mapping

# The monitor-panel columns, declared as in a datasheet (the benchmark does not depend on
# datasets/monitor_panel.yml existing).
PANEL = schema_from_mapping(
    {
        "name": "monitor_panel",
        "title": "Monitor panel (benchmark)",
        "key": ["collective_id", "year"],
        "columns": {
            "collective_id": {"type": "string", "pattern": r"^CC\d{6}$"},
            "municipality": {"type": "string", "synonyms": ["gemeente"]},
            "sector": {"type": "category", "values": ["energy", "housing", "care", "social_wellbeing", "food", "work", "mobility"],
                       "synonyms": ["sectoren", "domein"]},
            "year": {"type": "integer", "min": 2000, "max": 2030, "synonyms": ["jaar"]},
            "members": {"type": "integer", "min": 0, "synonyms": ["leden", "aantal leden"]},
            "volunteers": {"type": "integer", "min": 0, "synonyms": ["vrijwilligers"]},
            "revenue_eur": {"type": "number", "min": 0, "required": False, "nullable": True, "synonyms": ["omzet", "inkomsten"]},
            "municipal_support": {"type": "boolean", "required": False, "synonyms": ["gemeentelijke steun"]},
        },
    }
)


def write_dutch_csv(path: Path, rows: int, seed: int = 20251208) -> None:
    """A monitor panel as Dutch Excel saves it: ';' separated, decimal commas, ja/nee, Dutch headers."""
    rng = np.random.default_rng(seed)
    years = 2014 + np.arange(rows) % 12
    ids = np.char.add("CC", np.char.zfill((np.arange(rows) // 12).astype(str), 6))
    frame = pd.DataFrame(
        {
            "Collective ID": ids,
            "Gemeente": rng.choice(["Utrecht", "Zwolle", "Den Haag", "'s-Hertogenbosch", "Leeuwarden", "Súdwest-Fryslân"], rows),
            "Sector": rng.choice(["energy", "housing", "care", "food", "mobility"], rows),
            "Jaar": years,
            "Leden": rng.integers(5, 5000, rows),
            "Vrijwilligers": rng.integers(0, 150, rows),
            "Omzet": np.round(rng.gamma(2.0, 40000.0, rows), 2),
            "Gemeentelijke steun": rng.choice(["ja", "nee"], rows),
        }
    )
    frame.loc[rng.random(rows) < 0.05, "Omzet"] = np.nan
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8")


def median_seconds(funcs: dict, repeats: int) -> dict[str, float]:
    """Median run time of each function; runs are interleaved so machine load hits both alike."""
    for func in funcs.values():
        func()  # warm-up (imports, caches)
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, where the system reports them."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "monitor_nl.csv"
        write_dutch_csv(path, args.rows)
        size_mb = path.stat().st_size / 1024 / 1024
        limit = max(DEFAULT_MAX_BYTES, path.stat().st_size)
        result = read_participant_data(path, PANEL, max_bytes=limit)
        assert len(result.data) == args.rows, "the loader lost rows"
        medians = median_seconds({"plain": lambda: pd.read_csv(path, sep=";", decimal=","),
                                  "loader": lambda: read_participant_data(path, PANEL, max_bytes=limit)}, args.repeats)
        plain, loader = medians["plain"], medians["loader"]
    print(f"file: {args.rows:,} rows, {size_mb:.1f} MB, Dutch notation (';' separated, decimal commas); max_bytes {limit:,}")
    print(f"pandas.read_csv (no checks)   median {plain * 1000:8.1f} ms over {args.repeats} runs")
    print(f"read_participant_data         median {loader * 1000:8.1f} ms over {args.repeats} runs")
    print(f"ratio                         {loader / plain:8.2f}x   (target: at most 3x)")
    print(f"load average (1, 5, 15 min)   before {load_before}, after {load_average()} ({os.cpu_count()} cores)")
    print("report:", "; ".join(result.report))


if __name__ == "__main__":
    main()
