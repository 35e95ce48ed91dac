# Nhịp: `make run` and `make test` do all set-up from a fresh clone (python3 and make only).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test lint translations bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test pyproject.toml
	$(BIN)/pip install --quiet -e ".[test,bench]"
	@touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	@$(BIN)/python -m core.translations_build

run: install
	$(BIN)/nhip init --demo
	$(BIN)/nhip run --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check core plugins tests bench examples
	$(BIN)/ruff format --check core plugins tests bench examples

test: install-test lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test $(VENV)/.installed-bench
	@cache=$$(mktemp -d); export BENCH_DEMO_CACHE=$$cache/demo.sqlite3; \
	for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || { rm -rf $$cache; exit 1; }; done; \
	rm -rf $$cache
	@echo "== summary (bench/results.json)"; $(BIN)/python bench/summary.py

clean:
	rm -rf $(VENV) build *.egg-info
