"""PackStream, the value encoding of Bolt: enough to read and rewrite Bolt messages.

Structures (nodes, dates, the messages themselves) are kept generic as `Struct(tag, fields)`,
so whatever the gateway does not interpret is re-encoded byte for byte as it came.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Struct:
    """A PackStream structure: a one-byte tag and its fields (a Bolt message is one)."""

    tag: int
    fields: list[Any] = field(default_factory=list)


class PackStreamError(ValueError):
    """Bytes that are not PackStream (or a value PackStream cannot hold)."""


INT8_MIN, INT64_MIN, INT64_MAX = -(2**7), -(2**63), 2**63 - 1


def _sized(size: int, tiny: int, markers: tuple[int, int, int]) -> bytes:
    """The marker (and length) of a string, list, map or bytes of `size` items."""
    if tiny >= 0 and size < 16:
        return bytes([tiny + size])
    for marker, fmt, limit in zip(markers, (">B", ">H", ">I"), (2**8, 2**16, 2**32), strict=True):
        if marker >= 0 and size < limit:
            return bytes([marker]) + struct.pack(fmt, size)
    raise PackStreamError(f"too large for PackStream: {size} items")


def _int(value: int) -> bytes:
    if -16 <= value < 128:
        return struct.pack(">b", value)
    if INT8_MIN <= value < 2**7:
        return b"\xc8" + struct.pack(">b", value)
    if -(2**15) <= value < 2**15:
        return b"\xc9" + struct.pack(">h", value)
    if -(2**31) <= value < 2**31:
        return b"\xca" + struct.pack(">i", value)
    if INT64_MIN <= value <= INT64_MAX:
        return b"\xcb" + struct.pack(">q", value)
    raise PackStreamError(f"integer out of the 64-bit range: {value}")


def encode(value: Any) -> bytes:
    """One value as PackStream bytes."""
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _scalar(value: Any) -> bytes | None:
    """The encoding of a value without parts, or None for a container."""
    if value is None:
        return b"\xc0"
    if isinstance(value, bool):
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, int):
        return _int(value)
    if isinstance(value, float):
        return b"\xc1" + struct.pack(">d", value)
    if isinstance(value, bytes | bytearray):
        return _sized(len(value), -1, (0xCC, 0xCD, 0xCE)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _sized(len(data), 0x80, (0xD0, 0xD1, 0xD2)) + data
    return None


def _encode(value: Any, out: bytearray) -> None:
    scalar = _scalar(value)
    if scalar is not None:
        out += scalar
    elif isinstance(value, list | tuple):
        out += _sized(len(value), 0x90, (0xD4, 0xD5, 0xD6))
        for item in value:
            _encode(item, out)
    elif isinstance(value, dict):
        out += _sized(len(value), 0xA0, (0xD8, 0xD9, 0xDA))
        for key, item in value.items():
            if not isinstance(key, str):
                raise PackStreamError(f"map keys must be strings, not {type(key).__name__}")
            _encode(key, out)
            _encode(item, out)
    elif isinstance(value, Struct):
        if len(value.fields) >= 16:
            raise PackStreamError(f"a structure holds at most 15 fields, not {len(value.fields)}")
        out += bytes([0xB0 + len(value.fields), value.tag])
        for item in value.fields:
            _encode(item, out)
    else:
        raise PackStreamError(f"no PackStream encoding for {type(value).__name__}")


# Marker -> (struct format of the length or value, kind) for the non-tiny markers.
_FIXED: dict[int, tuple[str, str]] = {
    0xC8: (">b", "int"),
    0xC9: (">h", "int"),
    0xCA: (">i", "int"),
    0xCB: (">q", "int"),
    0xC1: (">d", "float"),
    0xCC: (">B", "bytes"),
    0xCD: (">H", "bytes"),
    0xCE: (">I", "bytes"),
    0xD0: (">B", "str"),
    0xD1: (">H", "str"),
    0xD2: (">I", "str"),
    0xD4: (">B", "list"),
    0xD5: (">H", "list"),
    0xD6: (">I", "list"),
    0xD8: (">B", "map"),
    0xD9: (">H", "map"),
    0xDA: (">I", "map"),
}
_KIND_BASE = {"bytes": 0, "str": 0x80, "list": 0x90, "map": 0xA0}
# Deeper nesting than any Bolt message needs is refused rather than recursed into.
MAX_DEPTH = 200


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.pos = 0

    def take(self, size: int) -> bytes:
        end = self.pos + size
        if end > len(self.data):
            raise PackStreamError("truncated PackStream value")
        chunk = bytes(self.data[self.pos : end])
        self.pos = end
        return chunk

    def unpack(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def value(self, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise PackStreamError("PackStream value nested too deep")
        marker = self.take(1)[0]
        if marker < 0x80 or marker >= 0xF0:  # tiny int
            return marker - 0x100 if marker >= 0xF0 else marker
        high = marker & 0xF0
        if high in (0x80, 0x90, 0xA0, 0xB0):
            return self._sized(high, marker & 0x0F, depth)
        if marker in (0xC0, 0xC2, 0xC3):
            return {0xC0: None, 0xC2: False, 0xC3: True}[marker]
        if marker not in _FIXED:
            raise PackStreamError(f"unknown PackStream marker 0x{marker:02X}")
        fmt, kind = _FIXED[marker]
        number = self.unpack(fmt)
        if kind in ("int", "float"):
            return number
        return self._sized(_KIND_BASE[kind], number, depth)

    def _sized(self, kind: int, size: int, depth: int) -> Any:
        if kind == 0:
            return self.take(size)
        if kind == 0x80:
            try:
                return self.take(size).decode("utf-8")
            except UnicodeDecodeError as error:
                raise PackStreamError("a PackStream string is not UTF-8") from error
        if kind == 0x90:
            return [self.value(depth + 1) for _ in range(size)]
        if kind == 0xA0:
            result: dict[str, Any] = {}
            for _ in range(size):
                key = self.value(depth + 1)
                if not isinstance(key, str):
                    raise PackStreamError("a PackStream map key is not a string")
                result[key] = self.value(depth + 1)
            return result
        tag = self.take(1)[0]
        return Struct(tag, [self.value(depth + 1) for _ in range(size)])


def decode(data: bytes) -> Any:
    """The one value `data` holds; trailing bytes are an error."""
    reader = _Reader(data)
    value = reader.value()
    if reader.pos != len(data):
        raise PackStreamError(f"{len(data) - reader.pos} stray bytes after a PackStream value")
    return value
