# The two commands: `make run` (the product) and `make test` (every test). See README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test install lint bench clean

$(BIN)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11+ is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

install: $(BIN)/.installed

## Neo4j up, data loaded, API on 127.0.0.1:8000, Browser on 127.0.0.1:7474/browser/.
run: install
	$(BIN)/kg run

## Lint, then every test against a real Neo4j (started on free ports unless NEO4J_URI is set).
test: install
	$(BIN)/ruff check .
	@$(BIN)/pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: treat as a failure"; exit 1; fi; \
	  exit $$rc

## Benchmarks: print figures (ratios against a same-process baseline); never fail on speed.
bench: install
	$(BIN)/python -m bench.ingest

lint: install
	$(BIN)/ruff check .

clean:
	-$(BIN)/kg neo4j stop
	rm -rf $(VENV) .pytest_cache .ruff_cache
