"""Bounds on a Cypher text, checked before Neo4j sees it (the API's /cypher and the gateway).

Neo4j 5.26 has queries it never finishes, whatever its timeout (measured):
- deep nesting overflows the stack of its parser and rewriters, and then Neo4j overflows
  again sending the error, so the client waits for ever: 400 parentheses `RETURN ((((1))))`,
  400 nested lists, maps, CASEs or NOTs, a chain of 1,000 `.a` or `[0]`, 5,000 ANDs;
- planning grows with the branches of a UNION or a CASE (300 UNION parts took 13 s,
  5,000 CASE branches 14 s) and parts of planning ignore the transaction timeout;
- a regular expression (`=~`, Java's backtracking engine) does not heed the timeout either:
  `$s =~ '(.*a){12}'` on 35 characters kept a core busy 41 s after the answer, each more
  character costing 1.6 times as much. Whether a pattern backtracks exponentially cannot be
  told from its text at a reasonable cost (`.*a.*a.*a…` is polynomial of any degree), and the
  subject may be built in the query, so `=~` is refused: full-text search
  (`db.index.fulltext.queryNodes`, Lucene's automata, no backtracking) and `CONTAINS`,
  `STARTS WITH`, `ENDS WITH` with `toLower` answer what analysts and journalists ask of it.

So a query may have at most MAX_CHARS characters, nest at most MAX_DEPTH deep and branch at
most MAX_BRANCHES ways; `refusal` says why one does not, in milliseconds.

Depth is counted over the text outside strings and comments (`code`): each open
bracket or CASE is one level, and each operator in the current part of a level is one more
(a chain `a + b + c` nests in Neo4j's syntax tree: each operator is a level there). A part
ends at a comma, a `|`, WHEN/THEN/ELSE or a clause keyword. This overcounts a long flat
WHERE (each AND and each comparison count), which errs on the safe side: 100 allows a WHERE
of 30 comparisons joined by AND in one part, and 400 levels overflowed Neo4j's stack.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

# A line comment ends at any line break (ending it early only counts more dashes).
_LINE_BREAKS = re.compile("[\r\n\u0085\u2028\u2029]")


def code(query: str) -> Iterator[str]:
    """The query's characters outside string literals, `quoted` names and comments."""
    i, end = 0, len(query)
    while i < end:
        char = query[i]
        if char in "'\"":  # a backslash escapes the next character
            i += 1
            while i < end and query[i] != char:
                i += 2 if query[i] == "\\" else 1
            i += 1
        elif char == "`":  # `` inside a name reads as two names here: same characters
            close = query.find("`", i + 1)
            i = end if close < 0 else close + 1
        elif query.startswith("//", i):
            found = _LINE_BREAKS.search(query, i)
            i = end if found is None else found.end()
        elif query.startswith("/*", i):
            close = query.find("*/", i + 2)
            i = end if close < 0 else close + 2
        else:
            yield char
            i += 1


MAX_CHARS = 10_000  # a long query is a few hundred characters; values go in parameters
MAX_DEPTH = 100  # Neo4j overflowed its stack at 400 nested parentheses, lists, maps, CASEs
# UNION parts, or WHEN branches of the query's CASEs in all: 50 UNION parts planned in 4.7 s
# on a machine loaded 7 times over its cores, 300 in 13 s on an idle one.
MAX_BRANCHES = 50

_TOKEN = re.compile(r"[^\W\d]\w*|\d[\w.]*|<>|<=|>=|=~|\|\||\.\.|\S", re.UNICODE)
_CLAUSES = frozenset(
    {"match", "optional", "where", "with", "return", "unwind", "order", "skip", "limit"}
    | {"call", "union", "yield", "create", "merge", "set", "delete", "detach", "remove"}
    | {"foreach", "load", "using", "unique"}
)
_SEPARATORS = frozenset({",", "|", ";", "when", "then", "else"}) | _CLAUSES
_OPERATOR_WORDS = frozenset({"and", "or", "xor", "not", "in", "is", "starts", "ends", "contains"})
_OPERATOR_SIGNS = frozenset({"+", "*", "/", "%", "^", "=", "<>", "<=", ">=", "||", "=~"})
_PATTERN = frozenset("()[]-<>")  # next to a dash or an angle: a relationship arrow
_CLOSE = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Refusal:
    kind: str  # "length", "regex", "depth" or "branches"
    detail: str


def refusal(query: str) -> str | None:
    """Why the query may not be sent to Neo4j (length, `=~`, depth, branches), or None.

    The gateway and the API's /cypher both call this (through plan_guard.too_complex)."""
    found = check(query)
    return found.detail if found else None


def check(query: str) -> Refusal | None:
    """The first bound the query breaks, or None."""
    if len(query) > MAX_CHARS:
        return Refusal(
            "length",
            f"the query has {len(query):,} characters; at most {MAX_CHARS:,} are planned "
            "here: pass values as parameters, or split it",
        )
    tokens = _TOKEN.findall("".join(code(query)))
    words = [_word(tokens, i) for i in range(len(tokens))]
    if "=~" in tokens or any(pair == ("=", "~") for pair in itertools.pairwise(tokens)):
        return Refusal(
            "regex",
            "regular expressions (=~) are not run here: Java's matcher can run for hours "
            "past any timeout. Use full-text search (CALL db.index.fulltext.queryNodes("
            "'entity_search', $q)) or toLower(n.name) CONTAINS / STARTS WITH / ENDS WITH",
        )
    unions = words.count("union") + 1
    whens = words.count("when")
    if max(unions, whens) > MAX_BRANCHES:
        what = f"{unions} UNION parts" if unions > whens else f"{whens} CASE branches"
        return Refusal(
            "branches",
            f"the query has {what}; at most {MAX_BRANCHES} are planned here (planning time "
            "grows with them and ignores the timeout): split it into several queries",
        )
    depth = _depth(tokens, words)
    if depth > MAX_DEPTH:
        return Refusal(
            "depth",
            f"the query nests more than {MAX_DEPTH} deep (brackets, CASEs, and operators "
            "chained in one expression count; Neo4j never answers a query nested a few "
            "hundred deep): use parameters, UNWIND or several shorter expressions",
        )
    return None


def _word(tokens: list[str], i: int) -> str | None:
    """The keyword at i, lower case; None for symbols, names after `.`/`$`/`:`, map keys."""
    token = tokens[i]
    if not token[0].isalpha() and token[0] != "_":
        return None
    if i and tokens[i - 1] in (".", "$", ":"):
        return None
    if i + 1 < len(tokens) and tokens[i + 1] == ":" and (i == 0 or tokens[i - 1] in "{,"):
        return None  # a map key: {end: 1}
    return token.lower()


def _depth(tokens: list[str], words: list[str | None]) -> int:
    """The deepest level reached, stopping once past MAX_DEPTH (see the module's doc)."""
    closers: list[str] = []  # what ends each open level: ")", "]", "}" or "end"
    ops = [0]  # operators in the current part of the top level, then of each open level
    deepest = 0
    for i, token in enumerate(tokens):
        word = words[i]
        before = tokens[i - 1] if i else ""
        if word in _SEPARATORS or token in _SEPARATORS:
            ops[-1] = 0
        elif word in _OPERATOR_WORDS or token in _OPERATOR_SIGNS or _arithmetic(token, i, tokens):
            ops[-1] += 1
        elif token == "." and (before in (")", "]") or (i > 1 and tokens[i - 2] == ".")):
            ops[-1] += 1  # a chain of property reads: m.a.a.a
        if token in _CLOSE or word == "case":
            if token == "[" and _after_value(before, words[i - 1] if i else None):
                ops[-1] += 1  # an index or slice after a value: m[0][0]
            closers.append(_CLOSE.get(token, "end"))
            ops.append(0)
        elif closers and (token == closers[-1] or word == closers[-1]):
            closers.pop()
            ops.pop()
        deepest = max(deepest, len(closers) + sum(ops))
        if deepest > MAX_DEPTH:
            break
    return deepest


def _arithmetic(token: str, i: int, tokens: list[str]) -> bool:
    """A minus or a comparison, not a relationship arrow's dash or head."""
    if token not in ("-", "<", ">"):
        return False
    near = {tokens[i - 1] if i else "", tokens[i + 1] if i + 1 < len(tokens) else ""}
    return not near & _PATTERN


def _after_value(before: str, word: str | None) -> bool:
    """Whether a `[` after this token indexes a value (not a list literal or a pattern)."""
    if before in (")", "]"):
        return True
    named = before[:1].isalnum() or before[:1] == "_"
    return named and word not in _OPERATOR_WORDS | _SEPARATORS | {"case"}


# Shortest paths read from the graph to rank, at most: all shortest paths between two
# well-connected entities can run to thousands; the ranking is over the first ones found.
RANK_FETCH = 200  # /paths and the guide's path query
