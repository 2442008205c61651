# The two commands: `make run` (the product) and `make test` (every test). See README.md.
# `make check` is the quick loop: lint, types and the tests that need no server.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# pytest exits 5 when it collected no tests: a broken selection, not a pass.
PYTEST_RC = rc=$$?; \
  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: treat as a failure"; exit 1; fi; \
  exit $$rc

.PHONY: run test check install lint browser-deps bench bench-scale bench-analysis clean

$(BIN)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11+ is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@scripts/build-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

install: $(BIN)/.installed

## Neo4j up, data loaded, API on 127.0.0.1:8000, Browser on 127.0.0.1:7474/browser/.
run: install
	$(BIN)/kg run

## Lint, format check and strict types (ruff, mypy); needs no server.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## The quick loop: lint, then every test that needs neither Neo4j nor a browser. mypy and the
## tests run side by side, the tests as two halves (tests/shard.py), one per core; each one's
## output is printed when all are done. Bytecode is cached even where the environment turns that
## off (PYTHONDONTWRITEBYTECODE): compiling every module again costs each process seconds.
QUICK_TESTS = $(BIN)/python -m pytest -q -m "not neo4j and not browser" -p tests.shard
check: install
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
bench: install
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.link

## Scale: 1k, 10k, 100k entities (curated ingest) and 1M (bulk load), each on a throwaway
## Neo4j; prints one table and writes docs/performance.md and .png. Takes an hour or more:
## `$(BIN)/python -m bench.scale --quick` (1k) or `--sizes 1000,10000` for less.
bench-scale: install
	$(BIN)/python -m bench.scale

## Network analysis (brokers, communities, common neighbours, changes, hub-avoiding paths)
## on the curated data, 10k and 100k entities, each on a throwaway Neo4j: cold and warm
## through the API against same-process baselines; writes docs/analysis-performance.md.
## About half an hour; `$(BIN)/python -m bench.analysis --quick` (curated only) for less.
bench-analysis: install
	$(BIN)/python -m bench.analysis

clean:
	-$(BIN)/kg neo4j stop
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
