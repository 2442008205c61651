"""One-line fields take no line break or control character, on every input path, named by
file:line:field; the exports refuse (4xx) what they cannot carry; the outermost 500 carries
the security headers."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from followthemoney import registry
from hypothesis import given, settings
from hypothesis import strategies as st

from api import graphml, schemas
from api.main import create_app
from api.security import SECURITY_HEADERS
from graph.settings import Neo4jSettings
from ingest import chars
from ingest.bulk.jsonl import item
from ingest.ftm.importer import FtmInputError, map_file
from ingest.models import EntityIn
from ingest.validate import InvalidData, validate
from tests.helpers import LOCAL_API

DATA = Path(__file__).parents[1] / "fixtures" / "bulk"
OS_FILE = Path(__file__).parents[1] / "fixtures" / "ftm" / "opensanctions.ftm.json"


def test_a_line_break_in_an_alias_is_named_by_file_line_field(tmp_path: Path) -> None:
    text = (DATA / "a.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    no = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("name:"))
    lines[no - 1] = lines[no - 1].split("name:")[0] + 'name: "Ivan\\u2028Petrov"'
    (tmp_path / "a.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        validate(tmp_path)
    found = [str(p) for p in caught.value.problems]
    assert any(
        p.startswith(f"a.yaml:{no}: entities[0].name: has a line break (U+2028 LINE SEPARATOR)")
        for p in found
    ), found


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("name", "A\nB", "a line break (U+000A)"),
        ("name", "\u2028A", "a line break (U+2028"),  # refused, not stripped
        ("name", "A\x00", "a control character (U+0000)"),
        ("name", "A\tB", "a control character (U+0009)"),
        ("name", '""', "nothing but quotes and spaces"),
        ("name", "A\ud800", "a lone surrogate (U+D800)"),
        ("name", "A\u202eB", "an invisible format character (U+202E"),
        ("description", "A\rB", "end lines with \\n only"),
        ("description", "A\x00", "a control character (U+0000)"),
        ("description", "A\u200bB", "an invisible format character (U+200B"),
    ],
)
def test_the_bulk_lines_use_the_same_rule(field: str, value: str, what: str) -> None:
    problems: list = []  # type: ignore[type-arg]
    line = {"id": "person:x", "type": "Person", "name": "X", "note": "n", "source": "source:s"}
    assert item(EntityIn, {**line, field: value}, "entities", "e.jsonl", 7, problems) is None
    (problem,) = problems
    assert (problem.file, problem.line, problem.field) == ("e.jsonl", 7, field)
    assert what in problem.message


def test_accepted_text_is_stored_as_nfc_and_multi_line_texts_keep_line_breaks() -> None:
    entity = EntityIn(id="person:x", type="Person", name="Pe\u0301tr", note="a\n\tb",
                      description="שלום 😀\nx\u0301")  # fmt: skip
    assert entity.name == "Pétr" and entity.note == "a\n\tb"
    assert entity.description == "שלום 😀\nx\u0301"


@pytest.mark.parametrize(
    ("prop", "value", "message"),
    [
        ("title", "Two\\nlines", "properties.title: 'Two\\nlines' has a line break"),
        ("title", "A\\ud800", "properties.title: 'A\\ud800' holds a lone surrogate"),
        ("description", "A\\r\\nB", "properties.description: 'A\\r\\nB' has a line break"),
    ],
)
def test_ftm_input_is_held_to_the_same_rule(
    prop: str, value: str, message: str, tmp_path: Path
) -> None:
    good = OS_FILE.read_text(encoding="utf-8").splitlines()[:3]
    bad = (
        f'{{"id": "a1", "schema": "Article", "properties": {{"{prop}": ["{value}"], '
        '"title": ["T"], "publisher": ["P"]}}'
    )
    if prop == "title":
        bad = bad.replace(', "title": ["T"]', "")
    path = tmp_path / "bad.ftm.json"
    path.write_text("\n".join([*good, bad]) + "\n", encoding="utf-8")
    with pytest.raises(FtmInputError) as caught:
        map_file(path, "bad")
    assert any(p.startswith(f"{path}:4: {message}") for p in caught.value.problems), (
        caught.value.problems
    )


def test_an_import_stores_no_local_path_as_a_url() -> None:
    mapped = map_file(OS_FILE, "opensanctions")
    sources = [n.props for n in mapped.nodes.values() if n.id.startswith("source:ftm-")]
    assert sources
    for props in sources:
        assert "url" not in props and "file://" not in repr(props)
        assert str(OS_FILE.parent) not in repr(props)
        assert props["file"] == OS_FILE.name


def test_graphml_refuses_what_xml_cannot_hold() -> None:
    export = schemas.Export(
        generated_at="2026-01-01",
        nodes=[schemas.Node(id="person:x", name="A\x00B", type="Person")],
        edges=[],
        sources=[],
    )
    with pytest.raises(graphml.Unexportable, match=r"person:x: name holds U\+0000"):
        graphml.render(export)
    carried = export.model_copy(update={"nodes": [schemas.Node(id="person:x", name="A\rB",
                                                               type="Person")]})  # fmt: skip
    graph = nx.read_graphml(io.BytesIO(graphml.render(carried)))
    assert graph.nodes["person:x"]["name"] == "A\rB"


def test_the_outermost_500_carries_the_security_headers() -> None:
    app = create_app(Neo4jSettings(uri="bolt://127.0.0.1:9", password="unused"))

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("an unexpected failure")

    client = TestClient(app, base_url=LOCAL_API, raise_server_exceptions=False)
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    assert "unexpected failure" not in response.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\"'«»„“” \t\u00a0ab\u0301é")), max_size=8))
def test_the_name_key_is_ftm_s_own_name_cleaning(value: str) -> None:
    assert chars.name_key(value) == (registry.name.clean(value) or "")
