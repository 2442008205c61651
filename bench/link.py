"""The linker's time against the length of the text: 10k, 100k and 1M characters.

POST /link once took time quadratic in the text (every mention scanned every match: 100k
characters took 6.5 s, 200k 24 s). This prints, for each length, the time per
character against the 10k text's in the same process: about 1.0 all the way up means
linear, 10 at 100k would mean quadratic. The 1M text is past the API's cap (KG_LINK_MAX_CHARS)
and is linked directly. A figure, never a verdict: a loaded machine is slower, so the load
average is printed with it.

    .venv/bin/python -m bench.link
"""

from __future__ import annotations

import statistics
import time

from bench.load import measured
from graph.linker import Linker
from kg.link import linker_from_data

LENGTHS = (10_000, 100_000, 1_000_000)
# Dense with names, nested ones among them ("Free Russia Foundation" and its "Russia"),
# English and Russian: the text that made the old matcher quadratic.
SENTENCE = (
    "Ilya Ponomarev, who backs the Freedom of Russia Legion, spoke with Dmitry Gudkov and "
    "the Free Russia Foundation’s office. Позже Гудков встретился с Ходорковским. "
)


def article(length: int) -> str:
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]


def timed(linker: Linker, text: str, runs: int) -> tuple[float, int]:
    """The median seconds to link `text`, and how many mentions it has."""
    took, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(linker.link(text))
        took.append(time.perf_counter() - start)
    return statistics.median(took), found


def main() -> None:
    linker = linker_from_data()
    linker.link(article(10_000))  # warm the folding cache, as a running API has it
    baseline = 0.0
    print("linker time by text length")
    for length in LENGTHS:
        with measured() as load:
            seconds, mentions = timed(linker, article(length), 5 if length < 1_000_000 else 3)
        per_char = seconds / length
        baseline = baseline or per_char
        print(
            f"  {length:>9,} characters: {seconds * 1000:8.1f} ms, {mentions:>7,} mentions, "
            f"{per_char * 1e6:.2f} µs per character, {per_char / baseline:.2f}× the 10k rate "
            f"({load})"
        )


if __name__ == "__main__":
    main()
