# The two commands: `make run` (the product) and `make test` (every test). See README.md.
# `make check` is the quick loop: lint, types and the tests that need no server.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# pytest exits 5 when it collected no tests: a broken selection, not a pass.
PYTEST_RC = rc=$$?; \
  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: treat as a failure"; exit 1; fi; \
  exit $$rc

.PHONY: run test check install install-ftm install-dev lint browser-deps bench bench-scale \
  bench-analysis clean

PIP = $(BIN)/pip install --disable-pip-version-check --progress-bar off -c requirements.lock

# What `make run` needs: no compiler. FtM (its PyICU is compiled) is the `ftm` extra, and the
# test tools the `dev` extra (which includes ftm); each step says what it is doing.
$(BIN)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11+ is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@echo "== install: a virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "== install: the API, the ingest and the kg command (binary wheels, no compiler)"
	$(PIP) -e .
	@touch $@

$(BIN)/.installed-ftm: $(BIN)/.installed
	@scripts/build-deps
	@echo "== install: FollowTheMoney (the ftm extra); PyICU compiles once, for minutes"
	$(PIP) -e '.[ftm]'
	@touch $@

$(BIN)/.installed-dev: $(BIN)/.installed-ftm
	@echo "== install: the test, lint and benchmark tools (the dev extra)"
	$(PIP) -e '.[dev]'
	@touch $@

install: $(BIN)/.installed
install-ftm: $(BIN)/.installed-ftm
install-dev: $(BIN)/.installed-dev

## Neo4j up, data loaded, API on 127.0.0.1:8000, Browser on 127.0.0.1:7474/browser/.
run: install
	$(BIN)/kg run

## Lint, format check and strict types (ruff, mypy); needs no server.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## The quick loop: lint, then every test that needs neither Neo4j nor a browser. mypy and the
## tests run side by side, the tests as two halves (tests/shard.py), one per core; each one's
## output is printed when all are done. Bytecode is cached even where the environment turns that
## off (PYTHONDONTWRITEBYTECODE): compiling every module again costs each process seconds.
QUICK_TESTS = $(BIN)/python -m pytest -q -m "not neo4j and not browser" -p tests.shard
check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@export PYTHONDONTWRITEBYTECODE=; out=$$(mktemp -d); \
	  $(BIN)/mypy > $$out/types 2>&1 & types=$$!; \
	  $(QUICK_TESTS) --shard 1/2 > $$out/half2 2>&1 & half2=$$!; \
	  $(QUICK_TESTS) --shard 0/2 > $$out/half1 2>&1; rc1=$$?; \
	  wait $$half2; rc2=$$?; wait $$types; rct=$$?; \
	  echo "mypy:"; cat $$out/types; \
	  echo "tests, first half:"; cat $$out/half1; \
	  echo "tests, second half:"; cat $$out/half2; rm -rf $$out; \
	  for rc in $$rc1 $$rc2; do \
	    if [ $$rc -eq 5 ]; then echo "pytest collected no tests: treat as a failure"; exit 1; fi; \
	  done; \
	  [ $$rct -eq 0 ] && [ $$rc1 -eq 0 ] && [ $$rc2 -eq 0 ]

## Lint, then every test against a real Neo4j (started on free ports unless NEO4J_URI is set),
## with Debian's Chromium for the browser test (installed first if missing).
test: lint browser-deps
	@export PYTHONDONTWRITEBYTECODE=; $(BIN)/pytest; $(PYTEST_RC)

browser-deps:
	@bash scripts/browser-deps

## Benchmarks: print figures (ratios against a same-process baseline); never fail on speed.
bench: install-dev
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.link
	$(BIN)/python -m bench.match

## Scale: 1k, 10k, 100k entities (curated ingest) and 1M (bulk load), each on a throwaway
## Neo4j; prints one table and writes docs/performance.md and .png. Takes an hour or more:
## `$(BIN)/python -m bench.scale --quick` (1k) or `--sizes 1000,10000` for less.
bench-scale: install-dev
	$(BIN)/python -m bench.scale

## Network analysis (brokers, communities, common neighbours, changes, hub-avoiding paths)
## on the curated data, 10k and 100k entities, each on a throwaway Neo4j: cold and warm
## through the API against same-process baselines; writes docs/analysis-performance.md.
## About half an hour; `$(BIN)/python -m bench.analysis --quick` (curated only) for less.
bench-analysis: install-dev
	$(BIN)/python -m bench.analysis

clean:
	-$(BIN)/kg neo4j stop
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
