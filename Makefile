# The two commands of the README: `make site` builds the course site, `make test` runs the
# tests. Both install what they need first (a virtualenv in .venv, npm assets in node_modules).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JB_FLAGS := -W -n --keep-going

.PHONY: site test install browser clean benchmark

# jupyter-cache re-runs a chapter only when its code cells change; when the package or the
# data change, every chapter must run again, so the cache is dropped.
INPUTS_HASH = $(shell find modules datasets -type f -not -path '*/__pycache__/*' | sort | xargs cat | sha256sum | cut -c1-16)

# A rebuild re-reads only changed pages, unless the last build failed: then every page is
# read again (--all), so that a warning can never be hidden by an incremental build.
site: install
	$(BIN)/python -m collectives.course
	@if [ "$$(cat _build/.inputs-hash 2>/dev/null)" != "$(INPUTS_HASH)" ]; then \
	  echo "The package or the data changed: every chapter runs again."; rm -rf _build/.jupyter_cache; fi
	@all=$$([ -f _build/.last-build-ok ] || echo --all); rm -f _build/.last-build-ok; \
	  $(BIN)/jupyter-book build . $(JB_FLAGS) $$all
	@echo "$(INPUTS_HASH)" > _build/.inputs-hash; touch _build/.last-build-ok
	@echo
	@echo "The course site is in _build/html. Open _build/html/index.html in a browser, or serve it:"
	@echo "    $(BIN)/python -m http.server --directory _build/html 8000   # then open http://localhost:8000"

test: install browser
	$(BIN)/python -m pytest

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
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
