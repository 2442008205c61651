"""Property-based requests from the OpenAPI schema, with every schemathesis check.

Not only "no 5xx": status codes, content types, headers and bodies must match the schema,
invalid input must be refused and valid input accepted, and a method the schema does not
list must get a 405 with `Allow`. This is what `schemathesis run` does (its engine, every
phase: examples, coverage, fuzzing with positive and negative data), in process.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from api.main import create_app
from api.settings import ApiSettings
from graph.settings import Neo4jSettings

# Fuzzed cases per operation and generation mode, beside the coverage phase's own.
EXAMPLES = 40
KEYED_EXAMPLES = 5  # the same app behind keys: mostly the coverage phase again
MIN_CASES = 1000
# Schema-valid data the API refuses, as documented (api/openapi.py: SEMANTIC): generated
# ids and dates that coincide, a `q` of punctuation, text that is no Cypher.
ACCEPTED = ["2xx", "401", "403", "404", "409", "429", "5xx"]
SEMANTIC = {
    "GET /paths": ["422"],
    "GET /events": ["422"],
    "GET /changes": ["422"],  # `from` after `to`
    "GET /search": ["422"],
    "POST /cypher": ["400", "422"],  # not Cypher; an integer parameter beyond 64 bits
}
CONFIG: dict[str, Any] = {
    "continue-on-failure": True,
    "generation": {"max-examples": EXAMPLES},
    "operations": [
        {
            "include-name": name,
            "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED + statuses}},
        }
        for name, statuses in SEMANTIC.items()
    ],
}


def _failures(recorder: Any) -> list[str]:
    return [
        f"{recorder.label}: {check.name}: {check.failure_info.failure.title}: "
        f"{check.failure_info.failure.message}\n{check.failure_info.code_sample}"
        for checks in recorder.checks.values()
        for check in checks
        if check.status is Status.FAILURE and check.failure_info
    ]


def run(settings: ApiSettings, loaded_graph: Neo4jSettings, config: dict[str, Any]) -> None:
    app = create_app(loaded_graph, settings)
    loaded = SchemathesisConfig.from_dict(config)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=loaded)
    sent: Counter[str] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            sent[event.recorder.label] += len(event.recorder.interactions)
            failures += _failures(event.recorder)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"{type(event).__name__}: {event}")
    elapsed = time.monotonic() - started
    print(f"schemathesis: {sum(sent.values())} cases in {elapsed:.0f} s: {dict(sent)}")
    assert not failures, f"{len(failures)} failed checks:\n" + "\n\n".join(failures[:10])
    per_operation = {label: n for label, n in sent.items() if label != "Stateful tests"}
    assert len(per_operation) >= 15, sent
    assert sum(per_operation.values()) >= MIN_CASES, sent


def fast(**extra: Any) -> ApiSettings:
    # Short timeouts: a generated query that is slow must end as a 504 problem, not hang.
    # Schemathesis calls the app as "testserver": allowed here, explicitly.
    return ApiSettings(cypher_timeout=2, query_timeout=5, allowed_hosts=("testserver",), **extra)


@pytest.mark.slow
def test_every_check_passes(loaded_graph: Neo4jSettings) -> None:
    run(fast(), loaded_graph, CONFIG)


@pytest.mark.slow
def test_every_check_passes_with_keys_and_a_rate(loaded_graph: Neo4jSettings) -> None:
    """With keys the schema declares its security: `ignored_auth` then checks that a
    request without a key, or with a wrong one, is refused on every protected route."""
    settings = fast(api_keys=("st-key",), cypher_rate="1000/minute")
    config = {
        **CONFIG,
        "generation": {"max-examples": KEYED_EXAMPLES},
        "headers": {"Authorization": "Bearer st-key"},
    }
    run(settings, loaded_graph, config)
