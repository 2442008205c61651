"""Which characters a text field may hold: what every export (JSON, GraphML's XML 1.0,
FollowTheMoney's cleaning) carries unchanged. One rule for the YAML files, the bulk JSON
lines and the FtM import, so that an accepted value can always be exported.

- One-line fields (names, aliases, titles, roles, kinds): no line break, tab or other
  control character, at most LINE_MAX characters (FtM's longest name).
- Multi-line fields (descriptions, quotes, notes, remarks, claim texts): line breaks as
  `\\n` and tabs allowed; no other control character; at most TEXT_MAX characters.
- Everywhere: no lone surrogate, no U+FFFE/U+FFFF (XML cannot hold them), no invisible
  format character or special space that FtM deletes or turns into a plain space (zero-width
  and direction marks, soft hyphen, U+2000-U+200A, U+202F, U+3000, ...), no bidirectional
  override or isolate (they make a name display as another).
- A one-line value holds more than quotes and spaces (FtM's name cleaning would leave
  nothing); two aliases of one entity differ in more than outer quotes and repeated spaces.
- Text is stored in Unicode NFC (what FtM stores): a letter with a separate combining accent
  that has a composed form becomes the composed letter; no other change.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

LINE_MAX = 384  # followthemoney.types.name.MAX_NAME_LENGTH
TEXT_MAX = 20_000

_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES = "\u1680\u2000-\u200a\u202f\u205f\u3000\u0a00"
_INVISIBLE = "\u00ad\u061c\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069"
_ALWAYS = rf"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff{_SPACES}{_INVISIBLE}"
_BAD_TEXT = re.compile(rf"[{_ALWAYS}]")  # \t and \n allowed
_BAD_LINE = re.compile(rf"[\t\n{_ALWAYS}]")


def _what(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    label = f"{code} {name}".strip()
    if char in _BREAKS:
        return f"a line break ({label})"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"a lone surrogate ({code}), which is not a character"
    if unicodedata.category(char) == "Cc":
        return f"a control character ({label})"
    if unicodedata.category(char) == "Zs":
        return f"a special space ({label})"
    if char in "\ufffe\uffff":
        return f"a noncharacter ({code})"
    return f"an invisible format character ({label})"


def problem(value: str, one_line: bool) -> str | None:
    """Why `value` may not be stored in such a field, or None."""
    bad = (_BAD_LINE if one_line else _BAD_TEXT).search(value)
    if bad is not None:
        char = bad.group()
        kind = "a one-line field" if one_line else "a text"
        hint = ": use a plain space" if unicodedata.category(char) == "Zs" else ""
        if not one_line and char == "\r":
            hint = ": end lines with \\n only"
        return f"has {_what(char)} at character {bad.start() + 1}, which {kind} may not hold{hint}"
    if one_line and value.strip() and not _kept(value):  # blank: pydantic's "is empty"
        return "holds nothing but quotes and spaces"
    limit = LINE_MAX if one_line else TEXT_MAX
    if len(value) > limit:
        return f"is {len(value)} characters long; at most {limit}"
    return None


def _kept(value: str) -> bool:
    """FtM keeps a name: cleaning leaves text, and cleaning that text again keeps it
    (`\"\"\"\"` cleans to `\"\"`, which a re-import would then drop)."""
    key = name_key(value)
    return bool(key) and name_key(key) == key


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate(value: str) -> bool:
    """A lone surrogate (from a JSON `\\ud800` escape) is no character: never stored."""
    return _SURROGATE.search(value) is not None


# FtM's name cleaning is normality's (normality/cleaning.py), redone here: neither kg validate
# nor the install then needs FtM and the PyICU it compiles (the optional `ftm` extra).
_UNSAFE_SPACE = re.compile("[\u2000-\u200a\u2028\u2029\u0a00\u1680\u202f\u205f\u3000]")
_UNSAFE_DROP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u061c\u2060-\u2064\u00ad\ufeff\ud800-\udfff]"
)
_QUOTED = re.compile(r"^[\"'](.*)[\"']$")
_SQUASH_DROP = re.compile("[\u200b\u200c\u200d\ufeff\u00ad\u2060-\u2064]")
_SQUASH = re.compile(r"[\s\u2028\u2000-\u200a\u2029\u0a00\u1680\u202f\u205f\u3000]+")


def name_key(value: str) -> str:
    """A name as FollowTheMoney stores it: FtM's name cleaning step by step (NFC, unsafe
    characters out, stripped, outer quotes dropped, spaces squashed); a unit test holds it
    equal to FtM's own."""
    text = unicodedata.normalize("NFC", value)
    text = _UNSAFE_DROP.sub("", _UNSAFE_SPACE.sub(" ", text)).strip()
    if not text:
        return ""
    text = _SQUASH_DROP.sub("", _QUOTED.sub("\\1", text))
    return _SQUASH.sub(" ", text).strip(" ")


def same_names(values: list[str]) -> tuple[int, int] | None:
    """The positions of the first two values FtM would store as one name, or None."""
    seen: dict[str, int] = {}
    for i, value in enumerate(values):
        earlier = seen.setdefault(name_key(value), i)
        if earlier != i:
            return earlier, i
    return None


def nfc(value: str) -> str:
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def _checked(value: Any, one_line: bool) -> Any:
    if not isinstance(value, str):
        return value  # pydantic says what is wrong with it
    why = problem(value, one_line)
    if why is not None:
        raise ValueError(why)
    return nfc(value)


def check_line(value: Any) -> Any:
    """A pydantic before-validator: checked before stripping, so that a leading line break
    is refused, not silently removed."""
    return _checked(value, one_line=True)


def check_text(value: Any) -> Any:
    return _checked(value, one_line=False)
