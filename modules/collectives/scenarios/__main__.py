"""``python -m collectives.scenarios``: rewrite datasets/scenario_start.csv and its fill-in templates."""

from collectives.participant import write_templates
from collectives.synthetic import DATASETS_DIR, write_csv
from collectives.synthetic.scenario_start import scenario_start

if __name__ == "__main__":
    print(f"wrote {write_csv(scenario_start(), DATASETS_DIR / 'scenario_start.csv')}")
    for path in write_templates(("scenario_start",)):
        print(f"wrote {path}")
