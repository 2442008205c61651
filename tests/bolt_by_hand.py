"""Bolt by hand, for the gateway's tests: one message sent, one message read, no driver."""

from __future__ import annotations

import socket
import struct
from typing import Any

from newsroom.gateway import bolt
from newsroom.gateway.packstream import Struct, decode, encode


def send(sock: socket.socket, tag: int, *fields: Any) -> None:
    sock.sendall(bolt.frame(encode(Struct(tag, list(fields)))))


def receive(sock: socket.socket) -> Struct:
    """The next whole message; EOFError when the other side closed first."""

    def exactly(size: int) -> bytes:
        data = b""
        while len(data) < size:
            more = sock.recv(size - len(data))
            if not more:
                raise EOFError
            data += more
        return data

    parts: list[bytes] = []
    while (length := struct.unpack(">H", exactly(2))[0]) or not parts:
        if length:
            parts.append(exactly(length))
    message = decode(b"".join(parts))
    assert isinstance(message, Struct)
    return message
