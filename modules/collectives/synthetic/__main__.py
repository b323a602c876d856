"""``python -m collectives.synthetic [DATASETS_DIR]``: regenerate the synthetic CSV files."""

import sys

from collectives.synthetic import DATASETS_DIR, write_all

if __name__ == "__main__":
    for path in write_all(sys.argv[1] if len(sys.argv) > 1 else DATASETS_DIR):
        print(f"wrote {path}")
