"""Bolt's byte streams, chunked messages and the few message shapes the gateway builds.

A Bolt message is one PackStream structure, sent as chunks (a two-byte size, then the
bytes) and ended by an empty chunk. An empty chunk between messages is a keep-alive (NOOP).
The same bytes travel over raw TCP or inside WebSocket frames, hence `ByteStream`.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from typing import Any, Protocol

from newsroom.gateway.packstream import Struct, decode, encode

MAGIC = b"\x60\x60\xb0\x17"
# Requests (client to server).
HELLO, GOODBYE, RESET, RUN, BEGIN, COMMIT, ROLLBACK = 0x01, 0x02, 0x0F, 0x10, 0x11, 0x12, 0x13
DISCARD, PULL, TELEMETRY, ROUTE, LOGON, LOGOFF = 0x2F, 0x3F, 0x54, 0x66, 0x6A, 0x6B
REQUESTS = frozenset(
    {HELLO, GOODBYE, RESET, RUN, BEGIN, COMMIT, ROLLBACK, DISCARD, PULL, TELEMETRY, ROUTE}
    | {LOGON, LOGOFF}
)
# Responses (server to client); all but RECORD end a request.
SUCCESS, RECORD, IGNORED, FAILURE = 0x70, 0x71, 0x7E, 0x7F
SUMMARIES = frozenset({SUCCESS, IGNORED, FAILURE})

MAX_CHUNK = 0xFFFF
# What Neo4j 5.26 speaks (Bolt 5.5 was never used); the gateway agrees on one of these with
# the client itself, so nothing reaches Neo4j before a login has been checked.
SUPPORTED = frozenset({(4, 0), (4, 1), (4, 2), (4, 3), (4, 4)} | {(5, m) for m in range(9)}) - {
    (5, 5)
}

Version = tuple[int, int]


class BoltError(RuntimeError):
    """The peer broke the protocol (or went away mid-message)."""


class ByteStream(Protocol):
    """Bytes in order, whatever carries them (TCP, or a WebSocket's binary frames)."""

    async def read_exactly(self, size: int) -> bytes: ...

    async def write(self, data: bytes) -> None: ...

    async def close(self) -> None: ...

    def limit_frames(self, size: int) -> None:
        """The largest transport frame to accept from now on (WebSocket; TCP has none)."""


class TcpStream:
    """A plain asyncio connection as a ByteStream."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def read_exactly(self, size: int) -> bytes:
        try:
            return await self.reader.readexactly(size)
        except asyncio.IncompleteReadError as error:
            raise EOFError("the connection closed") from error

    async def write(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def close(self) -> None:
        if not self.writer.is_closing():
            self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()

    def limit_frames(self, size: int) -> None:
        pass


async def read_message(stream: ByteStream, limit: int | None = None) -> bytes:
    """The bytes of the next message (keep-alive NOOPs before it are skipped)."""
    parts: list[bytes] = []
    size = 0
    while True:
        length = struct.unpack(">H", await stream.read_exactly(2))[0]
        if length == 0:
            if parts:
                return b"".join(parts)
            continue  # a NOOP chunk
        size += length
        if limit is not None and size > limit:
            raise BoltError(f"a Bolt message larger than {limit} bytes")
        parts.append(await stream.read_exactly(length))


def frame(message: bytes) -> bytes:
    """A message as chunks, ended by the empty chunk."""
    out = bytearray()
    for start in range(0, len(message), MAX_CHUNK):
        piece = message[start : start + MAX_CHUNK]
        out += struct.pack(">H", len(piece)) + piece
    out += b"\x00\x00"
    return bytes(out)


def tag_of(message: bytes) -> int:
    """The message type, read from the structure header without decoding the fields."""
    if len(message) < 2 or message[0] & 0xF0 != 0xB0:
        raise BoltError("a Bolt message that is not a PackStream structure")
    return message[1]


def parse(message: bytes) -> Struct:
    value = decode(message)
    if not isinstance(value, Struct):
        raise BoltError("a Bolt message that is not a PackStream structure")
    return value


def pack(tag: int, *fields: Any) -> bytes:
    return frame(encode(Struct(tag, list(fields))))


PERMISSION = ("42NFF", "syntax error or access rule violation - permission/access denied")
PROCESSING = ("50N00", "general processing exception - internal error")


def failure(version: Version, code: str, message: str, gql: tuple[str, str] = PERMISSION) -> bytes:
    """A FAILURE as this Bolt version words it (5.7 added the GQL status fields)."""
    if version < (5, 7):
        return pack(FAILURE, {"code": code, "message": message})
    status, description = gql
    return pack(
        FAILURE,
        {
            "neo4j_code": code,
            "message": message,
            "gql_status": status,
            "description": f"error: {description}. {message}",
            "diagnostic_record": {"OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/"},
        },
    )


IGNORED_MESSAGE = pack(IGNORED)


def pull_all(version: Version) -> bytes:
    """PULL every record of the last statement (PULL_ALL, without fields, before Bolt 4)."""
    return pack(PULL) if version < (4, 0) else pack(PULL, {"n": -1})


def negotiate(proposals: bytes) -> Version:
    """The first of the client's four proposals (each major, minor and a range of minors
    below it) that the gateway speaks, highest minor first; (0, 0) when none is."""
    for start in range(0, 16, 4):
        _, span, minor, major = proposals[start : start + 4]
        for candidate in range(minor, max(-1, minor - span - 1), -1):
            if (major, candidate) in SUPPORTED:
                return major, candidate
    return 0, 0


def version_bytes(version: Version) -> bytes:
    """A version as the four bytes of a handshake answer or a single exact proposal."""
    return bytes([0, 0, version[1], version[0]])


def agreed_version(response: bytes) -> Version:
    """The server's four-byte handshake answer as (major, minor); (0, 0) is no agreement."""
    return response[3], response[2]
