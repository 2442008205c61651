"""The gateway's WebSocket transport (newsroom/gateway/websocket.py) against a bare socket:
the upgrade, Bolt bytes across frames, and the bounds held before a payload is read.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct

from newsroom.gateway import websocket

UPGRADE = (
    b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
)


def masked(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    mask = b"\x01\x02\x03\x04"
    body = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    size = len(payload)
    first = (0x80 if fin else 0) | opcode
    length = bytes([0x80 | 126]) + struct.pack(">H", size) if size > 125 else bytes([0x80 | size])
    return bytes([first]) + length + mask + body


async def _exchange(request: bytes, limit: int | None = None) -> tuple[bytes, bytes]:
    """The server's answer head and everything after it, until it closes. The server echoes
    six bytes of Bolt (within `limit` per frame, if given)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            stream = await websocket.accept(reader, writer, await reader.readexactly(4))
        except websocket.HandshakeRefused:
            return
        if limit is not None:
            stream.limit_frames(limit)
        with contextlib.suppress(EOFError):
            await stream.write(await stream.read_exactly(6))
        await stream.close()

    listener = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    rest = await asyncio.wait_for(reader.read(), 10)  # until the server closes
    writer.close()
    listener.close()
    return head, rest


def test_websocket_upgrade_and_frames() -> None:
    """RFC 6455's own example key; Bolt bytes split across a fragmented message with a ping
    between its frames; the ping answered, the bytes echoed in one binary frame."""
    frames = masked(0x2, b"\x60\x60\xb0", fin=False) + masked(0x9, b"hi") + masked(0x0, b"\x17ab")
    head, rest = asyncio.run(_exchange(UPGRADE + b"\r\n" + frames))
    assert head.startswith(b"HTTP/1.1 101")
    assert b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" in head
    assert rest.startswith(b"\x8a\x02hi")  # the pong
    assert b"\x82\x06\x60\x60\xb0\x17ab" in rest  # the echo, one binary frame
    assert rest.endswith(b"\x88\x02" + struct.pack(">H", 1000))  # a normal close


def test_the_first_offered_subprotocol_is_chosen() -> None:
    request = UPGRADE + b"Sec-WebSocket-Protocol: bolt, other\r\n\r\n"
    head, _ = asyncio.run(_exchange(request + masked(0x2, b"\x60\x60\xb0\x17ab")))
    assert b"Sec-WebSocket-Protocol: bolt\r\n" in head


def test_a_frame_over_the_limit_is_refused_from_its_header() -> None:
    """Only the header of the large frame is sent: the server does not wait for its payload."""
    header = bytes([0x82, 0x80 | 127]) + struct.pack(">Q", 2**40) + b"\x01\x02\x03\x04"
    _, rest = asyncio.run(_exchange(UPGRADE + b"\r\n" + header, limit=1024))
    assert rest[:4] == b"\x88" + bytes([len(rest) - 2]) + struct.pack(">H", 1009)


def test_an_unmasked_frame_is_a_protocol_error() -> None:
    _, rest = asyncio.run(_exchange(UPGRADE + b"\r\n" + b"\x82\x06\x60\x60\xb0\x17ab"))
    assert rest[0] == 0x88 and rest[2:4] == struct.pack(">H", 1002)


def test_plain_http_gets_a_hint_and_a_large_head_431() -> None:
    plain = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    head, body = asyncio.run(_exchange(plain))
    assert head.startswith(b"HTTP/1.1 400") and b"Bolt gateway" in body
    head, body = asyncio.run(_exchange(b"GET / HTTP/1.0\r\n\r\n"))
    assert head.startswith(b"HTTP/1.1 400") and b"Bolt gateway" in body
    head, _ = asyncio.run(_exchange(b"GET / HTTP/1.1\r\nX: " + b"x" * 20_000 + b"\r\n\r\n"))
    assert head.startswith(b"HTTP/1.1 431")
    head, _ = asyncio.run(_exchange(UPGRADE.replace(b"Version: 13", b"Version: 8") + b"\r\n"))
    assert head.startswith(b"HTTP/1.1 400")
