"""How fast, and within how much memory, is every hostile input refused (or read)?

Runs every case of ``tests/hostile_inputs.py`` (generated on the spot) in its own process,
forked from this one after the package is imported, ``--repeats`` times. For each case it
prints the outcome, the median wall-clock and CPU time of the reading, and the memory the
reading took (the rise of the process's peak resident memory over what it held before,
and that peak itself, which includes about 100 MB for Python, pandas and pandera). The
summary gives the count of inputs tried, refused, accepted and wrong, and the worst case.
Targets: every hostile input refused in under 2 s and under 300 MB.

    python benchmarks/bench_hostile_inputs.py [--repeats 3] [--only TEXT]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostile_inputs  # noqa: E402

from collectives import participant  # noqa: E402,F401 - imported once, before the forks


def _child(case, connection) -> None:
    with tempfile.TemporaryDirectory() as folder:
        connection.send(hostile_inputs.run_case(case, Path(folder)))
    connection.close()


def run(case, timeout: float = 600) -> dict:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(case, sender))
    process.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            return receiver.recv()
        return {"outcome": "hung", "seconds": timeout, "cpu_seconds": float("nan"), "peak_mb": float("nan"),
                "before_mb": float("nan"), "message": ""}
    except EOFError:
        return {"outcome": "died", "seconds": float("nan"), "cpu_seconds": float("nan"), "peak_mb": float("nan"),
                "before_mb": float("nan"), "message": f"exit code {process.exitcode}"}
    finally:
        process.join(5)
        if process.is_alive():
            process.kill()


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    before = load_average()
    rows = []
    for case in hostile_inputs.CASES:
        if args.only and args.only not in case.name:
            continue
        runs = [run(case) for _ in range(args.repeats)]
        outcome = runs[0]["outcome"]
        if any(r["outcome"] != outcome for r in runs):
            outcome = "varies: " + "/".join(r["outcome"] for r in runs)
        row = {"case": case.name, "expect": case.expect, "outcome": outcome,
               "wall": statistics.median(r["seconds"] for r in runs),
               "cpu": statistics.median(r["cpu_seconds"] for r in runs),
               "rise": max(r["peak_mb"] - r["before_mb"] for r in runs),
               "peak": max(r["peak_mb"] for r in runs), "message": runs[0]["message"]}
        rows.append(row)
        flag = "ok   " if outcome == case.expect else "WRONG"
        print(f"{flag} {outcome:9s} wall {row['wall']:6.2f} s  cpu {row['cpu']:6.2f} s  memory +{row['rise']:5.0f} MB "
              f"(peak {row['peak']:4.0f} MB)  {case.name}", flush=True)
    refused = [r for r in rows if r["outcome"] == "refused"]
    accepted = [r for r in rows if r["outcome"] == "accepted"]
    wrong = [r for r in rows if r["outcome"] != r["expect"]]
    print()
    print(f"tried {len(rows)}, refused {len(refused)}, accepted {len(accepted)} (read correctly), "
          f"not as expected {len(wrong)}: {[r['case'] for r in wrong]}")
    if refused:
        slow = max(refused, key=lambda r: r["wall"])
        cpu = max(refused, key=lambda r: r["cpu"])
        big = max(refused, key=lambda r: r["rise"])
        print(f"refused: worst wall-clock time {slow['wall']:.2f} s ({slow['case']}); worst CPU time {cpu['cpu']:.2f} s "
              f"({cpu['case']})")
        print(f"refused: most memory +{big['rise']:.0f} MB over the process's {big['peak'] - big['rise']:.0f} MB "
              f"(peak {big['peak']:.0f} MB; {big['case']})")
        print(f"refused under 2 s: {sum(r['wall'] < 2 for r in refused)} of {len(refused)} by the clock, "
              f"{sum(r['cpu'] < 2 for r in refused)} of {len(refused)} in CPU time; under 300 MB: "
              f"{sum(r['rise'] < 300 for r in refused)} of {len(refused)}")
    print(f"load average (1, 5, 15 min)  before {before}, after {load_average()} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
