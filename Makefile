# The two commands of the README: `make run` (build the graph and show what it holds) and
# `make test` (the whole test suite). Each sets up its own virtual environment first.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
PUENTES := $(VENV)/bin/puentes
STAMP   := $(VENV)/.installed

.PHONY: run test lint bench publish serve system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: build the graph from the shipped sources (offline) and answer a few questions
run: export COLUMNS ?= 140
run: $(STAMP)
	$(PUENTES) build; status=$$?; [ $$status -le 1 ] || exit $$status; \
	$(PUENTES) query 001 --limit 12 && \
	$(PUENTES) query 102 --limit 12 && \
	$(PUENTES) query 104 --param country=pid:country/GHA --limit 8 && \
	echo "More: .venv/bin/puentes query --list  ·  data-quality report: .puentes/quality/quality.html"; \
	exit $$status

## test: the whole test suite (installs the system tools the tests need: chromium, rapper, serdi)
test: $(STAMP) system-deps
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n auto -q

system-deps:
	@bash scripts/install-system-deps.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	bash bench/setup.sh
	$(PY) bench/run.py --size $(or $(SIZE),100k)

publish: $(STAMP)
	$(PUENTES) publish

serve: $(STAMP)
	$(PUENTES) serve

clean:
	rm -rf .puentes dist
