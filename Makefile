# Two commands are the whole set-up: `make figures` and `make test`.
# Each builds .venv from requirements.lock when it is missing or older than the lock.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.8
# CORPUS=path runs every notebook on other articles into output/ (git-ignored).
CORPUS ?=
export TQDM_DISABLE ?= 1
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: help venv figures test unit nbval lab browser-check bench clean lock

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@echo ">> building $(VENV) from requirements.lock with $(PYTHON)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

venv: $(STAMP) ## build the virtual environment from the lock file

figures: $(STAMP) ## run every notebook in order and write figures/ (CORPUS=path for other articles)
	$(BIN)/python -m analysis figures $(if $(CORPUS),--corpus "$(CORPUS)")

test: unit nbval ## unit tests, then the notebooks under nbval

unit: $(STAMP) ## unit tests only
	$(BIN)/python -m pytest tests

nbval: $(STAMP) ## re-run the notebooks and compare with their stored outputs
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

lab: $(STAMP) ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter root,$(shell whoami)),--allow-root)

browser-check: $(STAMP) ## optional: screenshot notebooks in headless Chromium (NB="01_corpus.ipynb ...")
	$(BIN)/python scripts/browser_check.py $(NB)

bench: $(STAMP) ## benchmarks on ../shared/corpora (prints tables; about 30 min)
	$(BIN)/python benchmarks/bench_tokenize.py
	$(BIN)/python benchmarks/bench_keyness.py
	$(BIN)/python benchmarks/bench_dedup.py
	$(BIN)/python benchmarks/bench_collocations.py
	$(BIN)/python benchmarks/bench_framing_lexicons.py
	$(BIN)/python benchmarks/bench_framing_patterns.py
	$(BIN)/python benchmarks/bench_scale.py --update-readme
	$(BIN)/python benchmarks/bench_dask.py

lock: ## re-resolve requirements.lock from pyproject.toml (needs the network)
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --extra dask --extra dev --python-version 3.11 -o requirements.lock

clean: ## remove the venv and generated outputs (figures are rebuilt by make figures)
	rm -rf $(VENV) output .pytest_cache
