"""Bolt inside WebSocket frames, for Neo4j Browser, on `websockets`' sans-I/O server protocol.

The Browser cannot open raw TCP, so its driver sends Bolt inside binary frames. The frames
need not line up with Bolt messages, so the stream is read as bytes (`read_exactly`), and
everything sent back goes out as binary frames. The library does RFC 6455 (the handshake,
masks, fragments, ping, close); this module moves bytes between it and the socket, within
the gateway's bounds: the request head is held to MAX_HEAD before it is parsed, and a frame
or message larger than `limit_frames` allows is refused from its header, before its payload
is read (close 1009).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from websockets.exceptions import InvalidProtocol, InvalidState, InvalidUpgrade
from websockets.frames import Frame, Opcode
from websockets.http11 import Request, Response
from websockets.protocol import State
from websockets.server import ServerProtocol
from websockets.typing import Subprotocol

MAX_HEAD = 16 * 1024
# One message's payload until the session sets its own bound (limit_frames): before a login
# it allows only a login message.
MAX_FRAME = 16 * 1024
READ_SIZE = 64 * 1024
HINT = "This is the newsroom's Bolt gateway: connect Neo4j Browser or a Bolt driver.\n"
DATA = (Opcode.TEXT, Opcode.BINARY, Opcode.CONT)

# The library logs every opening and closing at INFO; the gateway logs what matters itself.
log = logging.getLogger("newsroom.gateway.websocket")
log.setLevel(logging.WARNING)


class HandshakeRefused(RuntimeError):
    """Not a WebSocket upgrade; the client got a plain HTTP error."""


def _first_offered(_: ServerProtocol, offered: Sequence[Subprotocol]) -> Subprotocol | None:
    # A browser fails the upgrade if it offered sub-protocols and none is chosen.
    return offered[0] if offered else None


def _response(protocol: ServerProtocol, head: bytes) -> Response:
    """The answer to the request head: 101, or an HTTP error (a hint for plain HTTP)."""
    protocol.receive_data(head)
    events = protocol.events_received()
    request = next((event for event in events if isinstance(event, Request)), None)
    if request is None:  # not HTTP/1.1 the library can read
        return protocol.reject(400, HINT)
    response = protocol.accept(request)
    if isinstance(protocol.handshake_exc, InvalidUpgrade | InvalidProtocol):  # plain HTTP
        return protocol.reject(400, HINT)
    return response


async def accept(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, first: bytes
) -> WebSocketStream:
    """Read the HTTP upgrade request (its first bytes already read) and answer 101."""
    protocol = ServerProtocol(select_subprotocol=_first_offered, max_size=MAX_FRAME, logger=log)
    try:
        head = first + await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
        raise HandshakeRefused("incomplete HTTP request") from error
    if len(head) > MAX_HEAD:
        response = protocol.reject(431, "headers too large\n")
    else:
        response = _response(protocol, head)
    if response.status_code == 101:
        protocol.send_response(response)
        writer.writelines(protocol.data_to_send())
        await writer.drain()
        return WebSocketStream(reader, writer, protocol)
    writer.write(response.serialize())
    await writer.drain()
    writer.close()
    why = protocol.handshake_exc or response.reason_phrase
    raise HandshakeRefused(f"not a WebSocket upgrade: {str(why)[:120]!r}")


class WebSocketStream:
    """Bolt bytes inside WebSocket frames, as a ByteStream."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        protocol: ServerProtocol,
    ) -> None:
        self.reader, self.writer, self.protocol = reader, writer, protocol
        self.buffer = bytearray()
        self.ended = False  # no more data will come: the client closed, or broke the protocol

    def limit_frames(self, size: int) -> None:
        self.protocol.max_message_size = size

    async def _flush(self) -> None:
        """Send what the protocol has to say (pongs, a close, the end of the stream)."""
        for data in self.protocol.data_to_send():
            if data:
                self.writer.write(data)
            elif self.writer.can_write_eof():
                self.writer.write_eof()
        await self.writer.drain()

    async def _receive(self) -> None:
        """Read from the socket; its frames' data go to the buffer."""
        data = await self.reader.read(READ_SIZE)
        if data:
            self.protocol.receive_data(data)
        else:
            self.protocol.receive_eof()
        for event in self.protocol.events_received():
            if isinstance(event, Frame) and event.opcode in DATA:
                self.buffer += event.data
        with contextlib.suppress(ConnectionError, OSError):
            await self._flush()
        self.ended = not data or self.protocol.state is not State.OPEN

    async def read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            if self.ended:
                why = self.protocol.parser_exc or self.protocol.close_rcvd or "end of stream"
                raise EOFError(f"the WebSocket closed: {why}")
            await self._receive()
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    async def write(self, data: bytes) -> None:
        try:
            self.protocol.send_binary(data)
        except InvalidState as error:
            raise EOFError("the WebSocket is closing") from error
        await self._flush()

    async def close(self) -> None:
        if self.protocol.state is State.OPEN:
            self.protocol.send_close(1000)
        with contextlib.suppress(ConnectionError, OSError):
            await self._flush()
        if not self.writer.is_closing():
            self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()
