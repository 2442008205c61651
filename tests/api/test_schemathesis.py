"""Property-based requests from the OpenAPI schema: whatever comes in, no 5xx goes out."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

from api.main import create_app
from api.settings import ApiSettings
from graph.settings import Neo4jSettings

EXAMPLES = 20  # per operation, so the whole run stays well under two minutes


@pytest.mark.slow
def test_no_operation_answers_5xx(loaded_graph: Neo4jSettings) -> None:
    # Short timeouts: a generated query that is slow must end as a 504 problem, not hang.
    app = create_app(loaded_graph, ApiSettings(cypher_timeout=2, query_timeout=5))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    tested = []
    for result in schema.get_all_operations():
        # An operation the schema cannot describe is itself a failure, not a crash here.
        if not isinstance(result, Ok):
            failures.append(f"invalid operation in the schema: {result.err()}")
            continue
        operation = result.ok()
        tested.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} query={case.query} "
                    f"body={case.body!r} -> {response.status_code} "
                    f"{response.text[:300]}"
                )

        run()
    assert len(tested) >= 10, tested
    assert not failures, "\n".join(failures[:10])
