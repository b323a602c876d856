# The commands of the README: `make site` builds the course site, `make test` runs every test
# (the full tier CI runs), `make test-fast` the quick tier for contributors (unit tests and
# doctests, no site build, no notebooks, no browser). They install what they need first (a
# virtualenv in .venv; npm assets in node_modules; Debian's chromium, which draws the browser
# checks and prints the PDF kits at the end of the site build).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JB_FLAGS := -W -n --keep-going

.PHONY: site test test-fast install install-python browser clean benchmark instructor cohort

# jupyter-cache re-runs a chapter only when its code cells change; when the package or the
# data change, every chapter must run again, so the cache is dropped.
INPUTS_HASH = $(shell find modules datasets -type f -not -path '*/__pycache__/*' | sort | xargs cat | sha256sum | cut -c1-16)

# A rebuild re-reads only changed pages, unless the last build failed or the package or the
# data changed: then every page is read again (--all), so that a warning can never be hidden by
# an incremental build and no page keeps outputs computed by the old package.
site: install browser
	$(BIN)/python -m collectives.course
	@if [ ! -f _build/.inputs-hash ]; then echo "First build: every chapter runs (about 5 minutes on 2 cores)."; \
	elif [ "$$(cat _build/.inputs-hash)" != "$(INPUTS_HASH)" ]; then \
	  echo "The package or the data changed: every chapter runs again."; rm -rf _build/.jupyter_cache _build/.last-build-ok; fi
	@all=$$([ -f _build/.last-build-ok ] || echo --all); rm -f _build/.last-build-ok; \
	  $(BIN)/jupyter-book build . $(JB_FLAGS) $$all
	@echo "$(INPUTS_HASH)" > _build/.inputs-hash; touch _build/.last-build-ok
	@echo
	@echo "The course site is in _build/html. Open _build/html/index.html in a browser, or serve it:"
	@echo "    $(BIN)/python -m http.server --directory _build/html 8000   # then open http://localhost:8000"

# Full tier: everything, including the site build that runs every chapter once, the
# reproducibility re-run of the built notebooks, the exercises and the browser checks.
test: install browser
	$(BIN)/python -m pytest

# Fast tier: every test not marked `site` (see conftest.py): unit tests, doctests, the hostile
# input suite and the checks against maintained libraries.
test-fast: install-python
	$(BIN)/python -m pytest -m "not site"

install: $(VENV)/.installed node_modules/.installed

install-python: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the Python packages into $(VENV) (a few minutes the first time; later only when requirements.txt changes)."
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --progress-bar off -r requirements.txt
	@echo "Python packages installed."
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# The browser checks drive Debian's chromium; they never download a browser of their own.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser checks need Chromium: install Debian's 'chromium' package (sudo apt-get install chromium)."; exit 1; fi; }

benchmark: install
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf _build

# The instructor edition: instructor notes and solutions open (the default site is the
# participant edition, which leaves the instructor notes out).
instructor: install browser
	$(BIN)/python -m collectives.course
	COURSE_EDITION=instructor $(BIN)/jupyter-book build . $(JB_FLAGS) --all --path-output _build/instructor
	@echo "The instructor edition is in _build/instructor/_build/html."

# A cohort's book, from its cohort file: make cohort COHORT=cohorts/example.yml
COHORT ?= cohorts/example.yml
cohort: install browser
	$(BIN)/python -m collectives.cohort $(COHORT)
