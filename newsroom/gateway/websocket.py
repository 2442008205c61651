"""The server side of RFC 6455 WebSockets, just what Neo4j Browser's Bolt needs.

The Browser cannot open raw TCP, so its driver sends Bolt inside binary frames. The frames
need not line up with Bolt messages, so the stream is read as bytes (`read_exactly`), and
everything sent back goes out as binary frames.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import struct

MAGIC_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_HEAD = 16 * 1024
# One frame's payload until the session sets its own bound (limit_frames): before a login
# it allows only a login message.
MAX_FRAME = 16 * 1024
CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class HandshakeRefused(RuntimeError):
    """Not a WebSocket upgrade; the client got a plain HTTP error."""


def _headers(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return lines[0], headers


async def _refuse(writer: asyncio.StreamWriter, status: str, text: str) -> None:
    body = text.encode()
    writer.write(
        f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    writer.close()


async def accept(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, first: bytes
) -> WebSocketStream:
    """Read the HTTP upgrade request (its first bytes already read) and answer 101."""
    try:
        head = first + await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
        raise HandshakeRefused("incomplete HTTP request") from error
    if len(head) > MAX_HEAD:
        await _refuse(writer, "431 Request Header Fields Too Large", "headers too large\n")
        raise HandshakeRefused("headers too large")
    request_line, headers = _headers(head)
    key = headers.get("sec-websocket-key", "")
    upgrade = headers.get("upgrade", "").lower() == "websocket"
    if not request_line.startswith("GET ") or not upgrade or not key:
        await _refuse(
            writer,
            "400 Bad Request",
            "This is the newsroom's Bolt gateway: connect Neo4j Browser or a Bolt driver.\n",
        )
        raise HandshakeRefused(f"not a WebSocket upgrade: {request_line[:80]!r}")
    if headers.get("sec-websocket-version") != "13":
        await _refuse(writer, "426 Upgrade Required", "WebSocket version 13 only\n")
        raise HandshakeRefused("unsupported WebSocket version")
    accept_key = base64.b64encode(hashlib.sha1(key.encode() + MAGIC_GUID).digest()).decode()
    response = (
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Accept: {accept_key}\r\n"
    )
    # A browser fails the upgrade if it offered sub-protocols and none is chosen.
    offered = headers.get("sec-websocket-protocol")
    if offered:
        response += f"Sec-WebSocket-Protocol: {offered.split(',')[0].strip()}\r\n"
    writer.write((response + "\r\n").encode())
    await writer.drain()
    return WebSocketStream(reader, writer)


def _unmask(data: bytes, mask: bytes) -> bytes:
    # XOR as one big integer: fast in CPython, unlike a byte loop.
    key = (mask * (len(data) // 4 + 1))[: len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(len(data), "big")


class WebSocketStream:
    """Bolt bytes inside WebSocket frames, as a ByteStream."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.buffer = bytearray()
        self.closed = False
        self.max_frame = MAX_FRAME

    def limit_frames(self, size: int) -> None:
        self.max_frame = size

    async def _read(self, size: int) -> bytes:
        try:
            return await self.reader.readexactly(size)
        except asyncio.IncompleteReadError as error:
            raise EOFError("the WebSocket closed") from error

    async def _frame(self) -> None:
        """Read one frame: data goes to the buffer; control frames are answered."""
        first, second = await self._read(2)
        opcode, length = first & 0x0F, second & 0x7F
        if not second & 0x80:
            await self._send_close(1002)
            raise EOFError("an unmasked frame from the client (RFC 6455 requires a mask)")
        if length == 126:
            length = struct.unpack(">H", await self._read(2))[0]
        elif length == 127:
            length = struct.unpack(">Q", await self._read(8))[0]
        if length > self.max_frame:
            await self._send_close(1009)
            raise EOFError(f"a WebSocket frame of {length} bytes")
        mask = await self._read(4)
        payload = _unmask(await self._read(length), mask)
        if opcode in (CONTINUATION, TEXT, BINARY):
            self.buffer += payload
        elif opcode == PING:
            await self._send(PONG, payload)
        elif opcode == CLOSE:
            await self._send_close(1000)
            raise EOFError("the client closed the WebSocket")

    async def read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            await self._frame()
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    async def _send(self, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            header = bytes([0x80 | opcode, size])
        elif size < 2**16:
            header = bytes([0x80 | opcode, 126]) + struct.pack(">H", size)
        else:
            header = bytes([0x80 | opcode, 127]) + struct.pack(">Q", size)
        self.writer.write(header + payload)
        await self.writer.drain()

    async def _send_close(self, code: int) -> None:
        if not self.closed and not self.writer.is_closing():
            self.closed = True
            await self._send(CLOSE, struct.pack(">H", code))

    async def write(self, data: bytes) -> None:
        await self._send(BINARY, data)

    async def close(self) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            await self._send_close(1000)
        if not self.writer.is_closing():
            self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()
