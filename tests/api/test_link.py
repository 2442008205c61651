"""POST /link against the real graph: offsets, entities, ambiguity, Russian text, refresh."""

from __future__ import annotations

from tests.helpers import LOCAL_API, problem

TEXT = (
    "Ilya Ponomarev, who backs the Freedom of Russia Legion, spoke with Dmitry Gudkov. "
    "Позже Гудков встретился с Ходорковским."
)


def test_link_returns_mentions_with_offsets_and_entities(api) -> None:
    body = api.post("/link", json={"text": TEXT}).json()
    got = [(m["text"], m["entity"]["id"]) for m in body["mentions"]]
    assert got == [
        ("Ilya Ponomarev", "person:ilya-ponomarev"),
        ("Freedom of Russia Legion", "org:freedom-of-russia-legion"),
        ("Dmitry Gudkov", "person:dmitry-gudkov"),
        ("Гудков", "person:dmitry-gudkov"),
        ("Ходорковским", "person:mikhail-khodorkovsky"),
    ]
    for m in body["mentions"]:
        assert TEXT[m["start"] : m["end"]] == m["text"]
        assert m["entity"]["type"] == "Person" or m["entity"]["id"].startswith("org:")
    gudkov = body["mentions"][3]
    assert gudkov["ambiguous"] and {c["id"] for c in gudkov["candidates"]} == {
        "person:dmitry-gudkov",
        "person:gennady-gudkov",
    }
    assert [e["id"] for e in body["entities"]] == [
        "person:ilya-ponomarev",
        "org:freedom-of-russia-legion",
        "person:dmitry-gudkov",
        "person:mikhail-khodorkovsky",
    ]


def test_a_lone_shared_surname_and_a_generic_alias_are_not_confident(api) -> None:
    body = api.post("/link", json={"text": "Gudkov said the Legion would fight."}).json()
    assert [m["text"] for m in body["mentions"]] == ["Gudkov", "said", "Legion"]
    assert all(m["confidence"] < 0.5 for m in body["mentions"])
    assert body["entities"] == []
    sure = api.post("/link", json={"text": "Gudkov and the Legion", "min_confidence": 0.5})
    assert sure.json()["mentions"] == []


def test_empty_text_is_a_422_and_an_over_long_one_a_413(offline_api) -> None:
    assert "body.text" in problem(offline_api.post("/link", json={"text": ""}), 422)["detail"]
    long = offline_api.post("/link", json={"text": "x" * 200_001})
    assert "KG_LINK_MAX_CHARS" in problem(long, 413)["detail"]
    documented = offline_api.get("/openapi.json").json()["paths"]["/link"]["post"]["responses"]
    assert {"413", "429"} <= set(documented)


def test_a_body_past_the_cap_is_refused_before_it_is_read(offline_api) -> None:
    """Announced (Content-Length) or not (chunked), a body past 6 bytes a character of
    KG_LINK_MAX_CHARS is a 413; nothing is parsed."""
    from api.security import link_body_cap

    cap = link_body_cap(200_000)
    body = b'{"text": "' + b"x" * cap + b'"}'
    announced = offline_api.post(
        "/link", content=body, headers={"content-type": "application/json"}
    )
    assert "bytes POST /link reads" in problem(announced, 413)["detail"]

    def chunks():  # no Content-Length: the body streams in
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    streamed = offline_api.post(
        "/link", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "bytes POST /link reads" in problem(streamed, 413)["detail"]


def test_link_is_rate_limited_per_client(loaded_graph) -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import ApiSettings

    app = create_app(loaded_graph, ApiSettings(link_rate="2/minute"))
    with TestClient(app, base_url=LOCAL_API) as client:
        ok = [client.post("/link", json={"text": TEXT}).status_code for _ in range(2)]
        assert ok == [200, 200]
        over = client.post("/link", json={"text": TEXT})
        assert "POST /link is limited to 2/minute" in problem(over, 429)["detail"]
        assert int(over.headers["Retry-After"]) >= 1
        assert client.post("/cypher", json={"query": "RETURN 1 AS one"}).status_code == 200


def test_docs_show_link_with_an_example(api) -> None:
    spec = api.get("/openapi.json").json()
    post = spec["paths"]["/link"]["post"]
    assert "Ходорковским" in post["description"]
    schema = spec["components"]["schemas"]["LinkRequest"]["properties"]["text"]
    assert "Freedom of Russia Legion" in schema["examples"][0]


NEW_FILE = """\
source:
  id: source:test-2024-01-01
  title: "A test article"
  publisher: "Test"
  url: "https://example.org/test"
  published: "2024-01-01"
  evidence: quote
entities:
  - id: person:zoltan-quorbin
    type: Person
    name: Zoltan Quorbin
    quote: "Zoltan Quorbin"
"""


def test_the_index_is_rebuilt_after_an_ingest(scratch_graph, tmp_path) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from api.main import create_app
    from ingest.pipeline import run_ingest
    from ingest.validate import DEFAULT_DATA_DIR

    with TestClient(create_app(scratch_graph), base_url=LOCAL_API) as client:
        assert client.post("/link", json={"text": "Zoltan Quorbin"}).json()["mentions"] == []
        for path in DEFAULT_DATA_DIR.glob("*.yaml"):
            shutil.copy(path, tmp_path)
        (tmp_path / "2024-01-01_test.yaml").write_text(NEW_FILE, encoding="utf-8")
        run_ingest(scratch_graph, tmp_path)
        body = client.post("/link", json={"text": "Met Zoltan Quorbin."}).json()
        assert [m["entity"]["id"] for m in body["mentions"]] == ["person:zoltan-quorbin"]
