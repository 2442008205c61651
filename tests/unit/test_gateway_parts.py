"""The newsroom gateway's parts that need no server: PackStream, Bolt framing, the
handshake filter, the query policy and the Neo4j settings behind it.

The gateway as a whole, against a real Neo4j, is tests/test_gateway.py.
"""

from __future__ import annotations

import asyncio
import struct
from pathlib import Path
from typing import Any

import pytest

from graph.settings import LocalServerSettings
from kg.local import server
from kg.local.conf import neo4j_conf
from newsroom.gateway import bolt
from newsroom.gateway.packstream import PackStreamError, Struct, decode, encode
from newsroom.gateway.policy import SYSTEM_TEXTS, after_planning, before_planning, newsroom_policy

# Byte vectors from the PackStream specification: the smallest form of each value.
SPEC: list[tuple[Any, bytes]] = [
    (None, b"\xc0"),
    (True, b"\xc3"),
    (False, b"\xc2"),
    (0, b"\x00"),
    (127, b"\x7f"),
    (-16, b"\xf0"),
    (-17, b"\xc8\xef"),
    (-128, b"\xc8\x80"),
    (128, b"\xc9\x00\x80"),
    (-129, b"\xc9\xff\x7f"),
    (32768, b"\xca\x00\x00\x80\x00"),
    (2**31, b"\xcb\x00\x00\x00\x00\x80\x00\x00\x00"),
    (1.5, b"\xc1" + struct.pack(">d", 1.5)),
    ("", b"\x80"),
    ("a", b"\x81a"),
    ("é", b"\x82\xc3\xa9"),
    ("x" * 16, b"\xd0\x10" + b"x" * 16),
    ("x" * 256, b"\xd1\x01\x00" + b"x" * 256),
    (b"\x00\x01", b"\xcc\x02\x00\x01"),
    ([], b"\x90"),
    ([1, [2]], b"\x92\x01\x91\x02"),
    ({}, b"\xa0"),
    ({"a": 1}, b"\xa1\x81a\x01"),
    (Struct(0x70, [{}]), b"\xb1\x70\xa0"),
    (Struct(0x0F), b"\xb0\x0f"),
]


@pytest.mark.parametrize(("value", "packed"), SPEC, ids=[repr(v)[:30] for v, _ in SPEC])
def test_packstream_matches_the_specification(value: Any, packed: bytes) -> None:
    assert encode(value) == packed
    assert decode(packed) == value


@pytest.mark.parametrize(
    "value",
    [
        -(2**63),
        2**63 - 1,
        list(range(16)),
        list(range(300)),
        {f"k{i}": i for i in range(16)},
        "ж" * 70_000,
        Struct(0x4E, [1, ["Person"], {"name": "Ilya", "born": None}, "4:abc:1"]),
        Struct(0x71, [[Struct(0x44, [19000]), 2.5, b"\xff" * 300]]),
    ],
)
def test_packstream_round_trips(value: Any) -> None:
    assert decode(encode(value)) == value


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\x81", "truncated"),
        (b"\x82\xff\xfe", "not UTF-8"),
        (b"\x01\x02", "stray bytes"),
        (b"\xc7", "unknown PackStream marker"),
        (b"\xa1\x01\x01", "map key is not a string"),
        (b"\x91" * 300 + b"\x01", "nested too deep"),
    ],
)
def test_packstream_refuses_malformed_bytes(data: bytes, why: str) -> None:
    with pytest.raises(PackStreamError, match=why):
        decode(data)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, {1: "a"}, object()])
def test_packstream_refuses_what_it_cannot_hold(value: Any) -> None:
    with pytest.raises(PackStreamError):
        encode(value)


class Bytes:
    """A ByteStream over fixed bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def read_exactly(self, size: int) -> bytes:
        if len(self.data) < size:
            raise EOFError
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk

    async def write(self, data: bytes) -> None:
        raise AssertionError("read only")

    async def close(self) -> None:
        pass

    def limit_frames(self, size: int) -> None:
        pass  # fixed bytes have no transport frames


def test_messages_are_chunked_and_noops_skipped() -> None:
    big = encode(Struct(bolt.RUN, ["RETURN $x", {"x": "y" * 70_000}, {}]))
    framed = bolt.frame(big)
    sizes = [struct.unpack(">H", framed[:2])[0]]
    assert sizes == [0xFFFF] and framed.endswith(b"\x00\x00")
    stream = Bytes(b"\x00\x00" + framed + bolt.frame(b"\xb0\x0f"))
    assert asyncio.run(bolt.read_message(stream)) == big
    assert asyncio.run(bolt.read_message(stream)) == b"\xb0\x0f"
    with pytest.raises(bolt.BoltError, match="larger than"):
        asyncio.run(bolt.read_message(Bytes(framed), limit=1000))


def test_the_gateway_agrees_on_a_version_itself() -> None:
    # What the Python driver 6 proposes: the manifest, 5.8 down to 5.0, 4.4 to 4.2, 3.0.
    proposals = bytes.fromhex("000001ff000808050002040400000003")
    assert bolt.negotiate(proposals) == (5, 8)
    assert bolt.negotiate(bytes.fromhex("00000404") + bytes(12)) == (4, 4)
    # 5.5 was never used: a range over it lands below; Bolt 3 and 6 are not spoken.
    assert bolt.negotiate(bytes.fromhex("00010505") + bytes(12)) == (5, 4)
    assert bolt.negotiate(bytes.fromhex("00000003000000060000000000000000")) == (0, 0)
    assert bolt.version_bytes((5, 8)) == bytes.fromhex("00000805")
    assert bolt.agreed_version(bytes.fromhex("00000805")) == (5, 8)


def test_failures_follow_the_bolt_version() -> None:
    old = decode(bolt.failure((5, 6), "Neo.X.Y.Z", "no")[2:-2])
    new = decode(bolt.failure((5, 8), "Neo.X.Y.Z", "no")[2:-2])
    assert old == Struct(bolt.FAILURE, [{"code": "Neo.X.Y.Z", "message": "no"}])
    assert new.fields[0]["neo4j_code"] == "Neo.X.Y.Z" and new.fields[0]["gql_status"]


def test_what_is_decided_before_planning() -> None:
    assert before_planning("  SHOW   DATABASES ; ", "system").explain is None
    assert before_planning("SHOW DATABASES", "system").refusal is None
    assert before_planning("SHOW USERS", "system").refusal
    assert before_planning("RETURN 1", "SYSTEM").refusal  # names are case-insensitive
    assert before_planning("MATCH (n) RETURN n", None).explain == "EXPLAIN MATCH (n) RETURN n"
    # PROFILE runs the query it profiles; EXPLAIN PROFILE would be an error.
    assert before_planning(" profile MATCH (n) RETURN n", "neo4j").explain == (
        "EXPLAIN  MATCH (n) RETURN n"
    )
    assert all(text == " ".join(text.split()) for text in SYSTEM_TEXTS)
    # A query of many relationship patterns (minutes of planning) is refused unplanned.
    ring = ", ".join(f"(a{i})--(a{(i + 1) % 40})" for i in range(40))
    refused = before_planning(f"MATCH {ring} RETURN count(*)", "neo4j")
    assert (
        refused.explain is None
        and refused.refusal
        and "40 relationship patterns" in refused.refusal
    )
    assert before_planning("MATCH (a)--(b)--(c) RETURN count(*)", "neo4j").refusal is None


def plan(*operators: tuple[str, str]) -> dict[str, Any]:
    """A chain of operators, the first at the root: (operatorType, Details)."""
    node: dict[str, Any] = {}
    for name, details in reversed(operators):
        node = {
            "operatorType": name,
            "args": {"Details": details},
            "children": [node] if node else [],
        }
    return node


def test_what_is_decided_from_the_plan() -> None:
    policy = newsroom_policy("neo4j")
    read = plan(("ProduceResults@neo4j", "n"), ("AllNodesScan@neo4j", "n"))
    assert after_planning(policy, "r", read, "neo4j") is None
    assert after_planning(policy, "r", read, "system")
    assert after_planning(policy, "r", read, "other")
    components = plan(("ProduceResults@neo4j", ""), ("ProcedureCall@neo4j", "dbms.components()"))
    assert after_planning(policy, "s", components, "neo4j") is None  # DBMS mode, reads only
    listing = plan(("ProduceResults@neo4j", ""), ("ProcedureCall@neo4j", "dbms.listConfig()"))
    assert "dbms.listConfig" in (after_planning(policy, "s", listing, "neo4j") or "")
    mixed = plan(
        ("ProduceResults@neo4j", ""),
        ("Create@neo4j", "(n)"),
        ("ProcedureCall@neo4j", "dbms.components()"),
    )
    assert after_planning(policy, "s", mixed, "neo4j")
    shows = plan(("ProduceResults@neo4j", ""), ("ShowFunctions@neo4j", ""))
    assert after_planning(policy, "r", shows, "neo4j") is None
    settings = plan(("ProduceResults@neo4j", ""), ("ShowSettings@neo4j", ""))
    assert "ShowSettings" in (after_planning(policy, "r", settings, "neo4j") or "")
    admin = plan(("AdministrationCommand@system", ""))
    assert after_planning(policy, "s", admin, "neo4j")
    assert after_planning(policy, None, None, "neo4j")  # no plan, no pass


def test_neo4j_conf_points_the_browser_at_the_gateway_and_fetches_nothing(tmp_path: Path) -> None:
    local = LocalServerSettings(state_dir=tmp_path, bolt_port=17687, gateway_port=17688)
    conf = dict(
        line.split("=", 1) for line in neo4j_conf(local, server.Paths(tmp_path)).splitlines()
    )
    assert conf["server.bolt.listen_address"] == "127.0.0.1:17687"
    assert conf["server.bolt.advertised_address"] == "127.0.0.1:17688"
    assert conf["internal.dbms.cypher_ip_blocklist"] == "0.0.0.0/0,::/0"
    assert conf["dbms.security.allow_csv_import_from_file_urls"] == "false"
